"""The call-centre form: an operator types a phoned-in report and reads the ticket id back."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for

import nlp
from bot.admin.intake import IntakeError, submit_phoned_report
from bot.web.admin import access
from storage.media import BadImage, MediaUnavailable

blueprint = Blueprint("admin_intake", __name__, url_prefix="/admin/intake")
MAX_PHOTOS = 5


@blueprint.route("/", methods=["GET", "POST"])
@access.requires("intake")
def form():
    """Show the intake form, or create the case from it."""
    if request.method == "GET":
        return _render()
    runtime = access.runtime()
    try:
        images = [runtime.media.save_image(upload.read(), runtime.settings.max_photo_bytes)
                  for upload in request.files.getlist("photos")[:MAX_PHOTOS] if upload.filename]
    except BadImage as bad:
        return _render(problem=("field_photo", str(bad))), 400
    except MediaUnavailable:  # the bucket is away: keep what the operator typed, ask to resend
        return _render(problem=("media_unavailable", "")), 503
    place = _place(request.form)
    with runtime.db.uow() as uow:
        try:
            case = submit_phoned_report(
                uow, operator_id=g.admin.id, actor=access.actor(),
                description=request.form.get("description", "")[:4000],
                categories=_categories(request.form), phone=request.form.get("phone"),
                images=images, **place)
        except IntakeError as error:
            return _render(problem=(f"field_{error.field}", "")), 400
        uow.commit()
        ticket = case.ticket_id
    return redirect(url_for(".created", ticket=ticket))


@blueprint.get("/created/<ticket>")
@access.requires("intake")
def created(ticket: str):
    """The ticket id, large, for the operator to read back to the caller."""
    return render_template("admin/intake_done.html", ticket=ticket)


@blueprint.get("/suggest")
@access.requires("intake")
def suggest():
    """The likeliest categories for a description, as the operator types (JSON)."""
    text = (request.args.get("text") or "")[:4000]
    predictions = nlp.classify(text)[:3] if text.strip() else []
    lang = request.args.get("lang", "th")
    return jsonify(suggestions=[{"label": p.label, "name": nlp.label_name(p.label, lang),
                                 "confidence": round(p.confidence, 3)} for p in predictions],
                   confident=nlp.is_confident(predictions))


@blueprint.get("/locate")
@access.requires("intake")
def locate():
    """The district and subdistrict named in an address (JSON), or nulls."""
    place = nlp.locate_text((request.args.get("text") or "")[:500])
    return jsonify(district=place.district if place else None,
                   subdistrict=place.subdistrict if place else None)


def _render(problem: tuple[str, str] | None = None):
    """The form, keeping what the operator typed, with the problem (if any) shown."""
    from bot.web.admin import language

    lang = language()
    return render_template("admin/intake.html", problem=problem, labels=nlp.LABELS,
                           values=request.form, label_name=lambda l: nlp.label_name(l, lang))


def _categories(form) -> list[str]:
    """The chosen category, or the classifier's when the operator left it to the system."""
    chosen = form.get("category", "")
    if chosen in nlp.LABELS:
        return [chosen]
    text = form.get("description", "")
    return nlp.predicted_labels(nlp.classify(text)) if text.strip() else []


def _place(form) -> dict:
    """Where the problem is: the map click if there was one, else the address text."""
    address = (form.get("address") or "").strip()[:500] or None
    try:
        lat, lng = float(form.get("latitude", "")), float(form.get("longitude", ""))
    except ValueError:
        lat = lng = None
    place = nlp.locate(lat, lng, address) if lat is not None else None
    if place is None and address:
        place = nlp.locate_text(address)
    return dict(latitude=lat, longitude=lng, address=address,
                district=place.district if place else None,
                subdistrict=place.subdistrict if place else None)
