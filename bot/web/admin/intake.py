"""The call-centre form: an operator types a phoned-in report and reads the ticket id back.

One place per case: the typed address moves the map's pin, a click on the map asks whether to
replace the address, and /preview tells the form the district and agency the case will go to
and whether address and pin disagree, before it is sent."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for

import nlp
from bot import bounds
from bot.admin import intake_place
from bot.admin.intake import IntakeError, submit_phoned_report
from bot.web.admin import access, names
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
    if not _pin_is_valid(request.form):  # a pin off the Earth is refused, never silently dropped
        return _render(problem=("field_location", "")), 400
    try:
        images = [runtime.media.save_image(upload.read(), runtime.settings.max_photo_bytes)
                  for upload in request.files.getlist("photos")[:MAX_PHOTOS] if upload.filename]
    except BadImage as bad:
        return _render(problem=("field_photo", str(bad))), 400
    except MediaUnavailable:  # the bucket is away: keep what the operator typed, ask to resend
        return _render(problem=("media_unavailable", "")), 503
    address, pin, place = _places(request.form)
    with runtime.db.uow() as uow:
        try:
            case = submit_phoned_report(
                uow, operator_id=g.admin.id, actor=access.actor(),
                description=request.form.get("description", "")[:4000],
                categories=_categories(request.form), phone=request.form.get("phone"),
                images=images, latitude=pin.latitude if pin else None,
                longitude=pin.longitude if pin else None,
                address=(request.form.get("address") or "").strip()[:500] or None,
                district=place.district if place else None,
                subdistrict=place.subdistrict if place else None,
                mismatch=intake_place.mismatch(address, pin))
        except IntakeError as error:
            return _render(problem=(f"field_{error.field}", "")), 400
        uow.commit()
        ticket = case.ticket_id
    return redirect(url_for(".created", ticket=ticket))


@blueprint.get("/created/<ticket>")
@access.requires("intake")
def created(ticket: str):
    """The ticket id, large, for the operator to read back, with where the case went."""
    from bot.web.admin.cases import case_summary

    with access.runtime().db.uow() as uow:
        return render_template("admin/intake_done.html", ticket=ticket,
                               **case_summary(uow, ticket))


@blueprint.get("/suggest")
@access.requires("intake")
def suggest():
    """The likeliest categories for a description, as the operator types (JSON): at most three,
    with the classifier's confidence rounded as a person reads it."""
    text = (request.args.get("text") or "")[:4000]
    lang = _lang()
    found = intake_place.suggestions(text)
    return jsonify(suggestions=[{"label": label, "name": nlp.label_name(label, lang),
                                 "confidence": round(confidence, 3),
                                 "shown": intake_place.shown_confidence(confidence)}
                                for label, confidence in found],
                   confident=nlp.is_confident([nlp.Prediction(*found[0])]) if found else False)


@blueprint.get("/locate")
@access.requires("intake")
def locate():
    """The district and subdistrict named in an address (JSON), or nulls."""
    place = nlp.locate_text((request.args.get("text") or "")[:500])
    return jsonify(district=place.district if place else None,
                   subdistrict=place.subdistrict if place else None)


@blueprint.get("/preview")
@access.requires("intake")
def preview():
    """Where the case will be and go, for the fields typed so far (JSON): the address's place
    and a point for the pin, the pin's place, the agency, and any disagreement in words."""
    lang, args = _lang(), request.args
    address, pin, place = _places(args)
    with access.runtime().db.uow() as uow:
        agency = intake_place.agency_for(uow, _categories(args), place.district if place else None)
        agency = {"code": agency.code, "name": agency.name(lang)}
    return jsonify(address=_spot(address, lang), pin=_spot(pin, lang), agency=agency,
                   district=names.place(place.district, place.subdistrict, lang) if place else None,
                   mismatch=_mismatch_words(address, pin, lang))


def _pin(fields) -> tuple[float | None, float | None]:
    """The pin's latitude and longitude from the form, or (None, None) when it has no valid pin."""
    try:
        lat, lng = float(fields.get("latitude", "")), float(fields.get("longitude", ""))
    except ValueError:
        return None, None
    return (lat, lng) if bounds.valid_position(lat, lng) else (None, None)


def _pin_is_valid(fields) -> bool:
    """Whether the form holds no pin, or a pin on the Earth (NaN and 1e308 are neither)."""
    typed = [(fields.get(name) or "").strip() for name in ("latitude", "longitude")]
    return not any(typed) or _pin(fields) != (None, None)


def _places(fields):
    """The address's place, the pin's place, and the one the case goes by (the pin's, if any)."""
    text = (fields.get("address") or "").strip()[:500] or None
    lat, lng = _pin(fields)
    address = intake_place.from_address(text)
    pin = intake_place.from_pin(lat, lng, text)
    return address, pin, pin or address


def _spot(spot, lang: str) -> dict | None:
    """A place for the form's script: names in the reader's language and its point."""
    if spot is None:
        return None
    return {"district": spot.district, "subdistrict": spot.subdistrict,
            "place": names.place(spot.district, spot.subdistrict, lang),
            "latitude": spot.latitude, "longitude": spot.longitude}


def _mismatch_words(address, pin, lang: str) -> str | None:
    """The disagreement between address and pin as the form states it, or None."""
    from bot.web.admin import i18n

    if intake_place.mismatch(address, pin) is None:
        return None
    return i18n.word("place_mismatch", lang, address=names.place(address.district, None, lang),
                     pin=names.place(pin.district, pin.subdistrict, lang))


def _render(problem: tuple[str, str] | None = None):
    """The form, keeping what the operator typed, with the problem (if any) shown."""
    return render_template("admin/intake.html", problem=problem, values=request.form)


def _categories(fields) -> list[str]:
    """The chosen category, or the classifier's when the operator left it to the system."""
    chosen = fields.get("category", "")
    if chosen in nlp.LABELS:
        return [chosen]
    return intake_place.chosen_labels((fields.get("description") or "")[:4000])


def _lang() -> str:
    """The reader's language: the query's for the script's requests, else the session's."""
    from bot.web.admin import language

    asked = request.args.get("lang")
    return asked if asked in ("th", "en") else language()
