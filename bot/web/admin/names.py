"""Names as the dashboard shows them, in the reader's language: districts and subdistricts,
categories, agencies, the choices of every dropdown (in the order readers look for them), and
who acted on a case."""
from __future__ import annotations

from sqlalchemy import select

import nlp
from bot.privacy import pseudonym
from bot.web.admin import i18n
from nlp.gazetteer import DISTRICTS
from nlp.placenames import district_en
from storage.agencies import Officer
from storage.models import Agency

STAFF_ROLES = ("admin", "supervisor", "operator")


def district(name: str | None, lang: str) -> str:
    """A district's name ('–' when unknown), in English when the reader reads English."""
    if not name or name == "-":
        return i18n.word("no_district", lang)
    return (district_en(name) if lang == "en" else None) or name


def place(district_name: str | None, subdistrict: str | None, lang: str) -> str:
    """'แขวงคลองเตยเหนือ เขตวัฒนา' or 'Khlong Toei Nuea, Watthana'; '–' without a district."""
    return nlp.describe_place(district_name, subdistrict, lang) or "–"


def category(label: str | None, lang: str) -> str:
    """A category's name; cases without one are 'uncategorised'."""
    if not label or label == "-":
        return i18n.word("uncategorised", lang)
    try:
        return nlp.label_name(label, lang)
    except KeyError:
        return label


def district_choices(lang: str) -> list[tuple[str, str]]:
    """Every district as (stored Thai name, name shown), in the reader's order."""
    return i18n.collated(((d, district(d, lang)) for d in DISTRICTS), lang, lambda c: c[1])


def category_choices(lang: str) -> list[tuple[str, str]]:
    """Every category as (label, name shown), in the reader's order."""
    return i18n.collated(((label, category(label, lang)) for label in nlp.LABELS), lang,
                         lambda c: c[1])


def agency_choices(agencies, lang: str) -> list:
    """Agencies in the reader's order of their names."""
    return i18n.collated(agencies, lang, lambda agency: agency.name(lang))


def action(code: str, lang: str) -> str:
    """What an audit entry's action was, in words (a case action as the timeline says it)."""
    for prefix in ("audit", "event"):
        if f"{prefix}_{code}" in i18n.WORDS:
            return i18n.word(f"{prefix}_{code}", lang)
    return code


def actors(uow, labels, lang: str, secret_key: str, *, with_pseudonym: bool = False) -> dict:
    """Who each stored actor label ('officer:3', 'operator:a@b', 'citizen:U…') is, as staff read
    it: an officer by name and agency, staff by role and email, citizens as 'citizen' (with their
    pseudonym only where staff trace a user, as in the logs)."""
    labels = set(filter(None, labels))
    officer_ids = {int(label.split(":", 1)[1]) for label in labels
                   if label.startswith("officer:") and label.split(":", 1)[1].isdigit()}
    officers = {} if not officer_ids else {o.id: (o.name, agency) for o, agency in uow.session.execute(
        select(Officer, Agency).join(Agency, Officer.agency_id == Agency.id)
        .where(Officer.id.in_(officer_ids)))}
    return {label: _actor(label, lang, officers, secret_key, with_pseudonym) for label in labels}


def _actor(label: str, lang: str, officers: dict, secret_key: str, with_pseudonym: bool) -> str:
    """One actor label as staff read it."""
    kind, _, ref = label.partition(":")
    if kind == "officer" and ref.isdigit() and int(ref) in officers:
        name, agency = officers[int(ref)]
        return f"{name} · {agency.name(lang)}"
    if kind in STAFF_ROLES or kind == "officer":
        return f"{i18n.word('actor_' + kind, lang)} {ref}".strip()
    if kind == "system":
        return i18n.word("actor_system", lang)
    if kind == "citizen" or label.startswith("U"):
        user = ref if kind == "citizen" else label
        citizen = i18n.word("actor_citizen", lang)
        return f"{citizen} · {pseudonym(secret_key, user)}" if with_pseudonym and user else citizen
    return label
