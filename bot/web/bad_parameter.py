"""A query parameter no page can use (bot/params.py) answers 400, the way and in the language
of the page that was asked: a page of the dashboard or the board, or JSON for data and APIs."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request

from bot.params import BadParameter

DATA = (".json", ".geojson", ".csv")


def init_app(app: Flask) -> None:
    """Answer every BadParameter a view raises."""
    app.register_error_handler(BadParameter, answer)


def answer(error: BadParameter):
    """The 400: a page of the dashboard or the board in its reader's language, else JSON."""
    area = request.blueprint or ""
    if area.startswith("admin_"):
        from bot.web.admin import language

        lang, template = language(), "admin/bad_request.html"
    else:
        lang = "en" if request.args.get("lang") == "en" else "th"
        template = "public/bad_request.html" if area == "public" else None
    if template is None or request.path.endswith(DATA):
        return jsonify(error=error.text(lang)), 400
    return render_template(template, message=error.text(lang)), 400
