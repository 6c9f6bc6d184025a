"""Insight as LINE messages: an agency's service levels (/stats) and a district's weekly digest."""
from __future__ import annotations

from datetime import datetime

import nlp
from bot.line import messages as m
from bot.texts import t

CATEGORIES_SHOWN = 5
MONTHS_SHOWN = 4
HEADER = "#1E3A5F"


def stats_card(agency_name: str, level, by_category: list, since: datetime, until: datetime,
               lang: str) -> dict:
    """An agency's service level as a Flex card: headline figures, busiest categories, months."""
    rows = [m._row(label, value) for label, value in _headline(level, lang)]
    if by_category:
        rows.append(_heading(t("stats_categories", lang)))
        rows += [m._row(_category(c.category, lang),
                        f"{c.received} · {_span(c.finish_median, lang)}")
                 for c in by_category[:CATEGORIES_SHOWN]]
    trend = level.trend()[-MONTHS_SHOWN:]
    if trend:
        rows.append(_heading(t("stats_months", lang)))
        rows += [m._row(month.month, f"{month.received} / {month.finished}") for month in trend]
    period = t("stats_period", lang, since=_day(since), until=_day(until))
    header = m._box([m._title(t("stats_title", lang), "#FFFFFF"),
                     {"type": "text", "text": agency_name, "color": "#FFFFFF", "size": "sm",
                      "wrap": True},
                     {"type": "text", "text": period, "color": "#DDDDDD", "size": "xs"}],
                    background=HEADER)
    alt = f"{t('stats_title', lang)} {agency_name}: " + ", ".join(
        f"{label} {value}" for label, value in _headline(level, lang))
    return m._flex(alt, {"type": "bubble", "header": header, "body": m._box(rows)})


def digest_card(digest, lang: str) -> dict:
    """A district's week as a Flex card: new, finished, overdue, stars, and its hotspots."""
    rows = [m._row(t("digest_new", lang), str(digest.new)),
            m._row(t("digest_finished", lang), str(digest.finished)),
            m._row(t("digest_overdue", lang), str(digest.overdue)),
            m._row(t("digest_stars", lang), _stars(digest.stars, digest.rated)),
            _heading(t("digest_hotspots", lang))]
    rows += [m._row(_category(spot.category, lang), f"{spot.place or '-'} · {spot.count} / "
                    f"{spot.weeks}w") for spot in digest.hotspots] or [
        {"type": "text", "text": t("digest_no_hotspots", lang), "size": "sm", "color": "#888888"}]
    title = t("digest_title", lang, district=digest.district if lang != "en" else digest.district_en)
    period = t("stats_period", lang, since=_day(digest.since), until=_day(digest.until))
    header = m._box([m._title(title, "#FFFFFF"),
                     {"type": "text", "text": period, "color": "#DDDDDD", "size": "xs"}],
                    background=HEADER)
    alt = (f"{title}: {t('digest_new', lang)} {digest.new}, {t('digest_finished', lang)} "
           f"{digest.finished}, {t('digest_overdue', lang)} {digest.overdue}")
    return m._flex(alt, {"type": "bubble", "header": header, "body": m._box(rows)})


def _headline(level, lang: str) -> list[tuple[str, str]]:
    """The figures every card leads with."""
    return [(t("stats_received", lang), str(level.received)),
            (t("stats_accept", lang), f"{_span(_days(level.accept_median), lang)} / "
                                      f"{_span(_days(level.accept_p90), lang)}"),
            (t("stats_finish", lang), f"{_span(level.finish_median, lang)} / "
                                      f"{_span(level.finish_p90, lang)}"),
            (t("stats_within", lang), f"{_share(level.share_within_2)} / "
                                      f"{_share(level.share_within_7)}"),
            (t("stats_reopen", lang), _share(level.reopen_rate)),
            (t("stats_stars", lang), _stars(level.stars, level.rated)),
            (t("stats_stuck", lang), str(level.stuck))]


def _heading(text: str) -> dict:
    """A small bold line between sections."""
    return {"type": "text", "text": text, "weight": "bold", "size": "sm", "margin": "md"}


def _category(label: str, lang: str) -> str:
    """A category's name, or 'not yet sorted'."""
    try:
        return nlp.label_name(label, lang)
    except KeyError:
        return t("unknown_category", lang)


def _days(hours: float | None) -> float | None:
    """Hours as days."""
    return None if hours is None else hours / 24


def _span(days: float | None, lang: str) -> str:
    """A duration, or '-' when unknown."""
    return "-" if days is None else m.duration(days, lang)


def _share(value: float | None) -> str:
    """A share as a whole percentage."""
    return "-" if value is None else f"{value:.0%}"


def _stars(stars: float | None, rated: int) -> str:
    """An average rating with how many rated."""
    return "-" if stars is None else f"{stars:.1f} ★ ({rated})"


def _day(moment: datetime) -> str:
    """A day in Bangkok, as YYYY-MM-DD."""
    return moment.astimezone(m.BANGKOK).strftime("%Y-%m-%d")
