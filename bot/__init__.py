"""Chaeng: the Flask application factory."""
from __future__ import annotations

import logging
import os
import sys

from flask import Flask, jsonify

from bot.config import ConfigError, Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app: webhook, photos, simulator (without a LINE channel), health and CLI."""
    try:
        settings = settings or Settings.from_env()
    except ConfigError as error:
        print(f"Chaeng cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    _configure_logging()
    from bot import cli, photos
    from bot.line import webhook
    from bot.runtime import Runtime

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["chaeng"] = Runtime.build(settings)
    app.register_blueprint(webhook.blueprint)
    app.register_blueprint(photos.blueprint)
    _register_open_data(app)
    if settings.simulator:
        from bot.simulator import views as simulator
        app.register_blueprint(simulator.blueprint)
    app.get("/healthz")(lambda: jsonify(status="ok", simulator=settings.simulator))
    app.register_error_handler(413, lambda e: (jsonify(error="request body too large"), 413))
    cli.init_app(app)
    return app


def _register_open_data(app: Flask) -> None:
    """Register the public board, Open311 and the open-data downloads."""
    from bot.web import open311, opendata, public

    app.register_blueprint(public.blueprint)
    app.register_blueprint(opendata.blueprint)
    app.register_blueprint(open311.blueprint)


def _configure_logging() -> None:
    """Log to stderr at LOG_LEVEL (INFO by default) unless the host already configured logging."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
