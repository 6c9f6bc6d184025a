"""A district's weekly digest as a one-page summary for its office."""
from __future__ import annotations

from flask import Blueprint, render_template, request

import nlp
from bot.insight import digest as digests
from bot.web.admin import access
from nlp.gazetteer import DISTRICTS

blueprint = Blueprint("admin_digest", __name__, url_prefix="/admin/digest")


@blueprint.get("/")
@access.requires("stats")
def page():
    """The digest of the chosen district (Thai or English name), or the district chooser."""
    from bot.web.admin import language

    asked, found, unknown = request.args.get("district", "").strip(), None, False
    if asked:
        try:
            name = digests.district_named(asked)
        except digests.UnknownDistrict:
            unknown = True
        else:
            with access.runtime().db.uow() as uow:
                found = digests.build(uow, name)
    status = 404 if unknown else 200
    return render_template("admin/digest.html", digest=found, asked=asked, unknown=unknown,
                           districts=sorted(DISTRICTS),
                           category_name=lambda label: _category(label, language())), status


def _category(label: str, lang: str) -> str:
    """A category's display name."""
    try:
        return nlp.label_name(label, lang)
    except KeyError:
        return label
