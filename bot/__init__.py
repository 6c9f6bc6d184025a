"""Chaeng: the Flask application factory."""
from __future__ import annotations

import gc
import os
import sys

from flask import Flask, jsonify

from bot import logjson
from bot.config import ConfigError, Settings

BOOT_ERROR = 3  # gunicorn stops, instead of restarting workers forever, when one exits with 3


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app: webhook, photos, simulator (without a LINE channel), dashboard, ops, CLI."""
    from_env = settings is None
    try:
        settings = settings or Settings.from_env()
    except ConfigError as error:
        print(f"Chaeng cannot start: {error}", file=sys.stderr)
        raise SystemExit(BOOT_ERROR) from None
    logjson.configure(os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "text"))
    from bot import cli, photos
    from bot.line import webhook
    from bot.runtime import Runtime
    from bot.web import admin, bad_parameter, headers, mydata, ops

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["chaeng"] = Runtime.build(settings)
    app.register_blueprint(webhook.blueprint)
    app.register_blueprint(photos.blueprint)
    app.register_blueprint(mydata.blueprint)
    _register_open_data(app)
    if settings.simulator:
        from bot.simulator import views as simulator
        app.before_request(simulator.loopback_only)  # /callback too: its secret is published
        app.register_blueprint(simulator.blueprint)
    app.register_blueprint(ops.blueprint)
    admin.init_app(app)
    bad_parameter.init_app(app)
    headers.init_app(app)
    app.register_error_handler(413, lambda e: (jsonify(error="request body too large"), 413))
    cli.init_app(app)
    if from_env:
        settle_heap()
    return app


def settle_heap() -> None:
    """Hide what start-up built from the garbage collector, as a server process does once.

    The model, place table and modules are a quarter of a million objects that live as long as the
    process; every full collection walked them all, a 120 ms pause in one Open311 list in fifty.
    """
    gc.collect()
    gc.freeze()


def _register_open_data(app: Flask) -> None:
    """Register the public board, Open311 and the open-data downloads."""
    from bot.web import open311, opendata, public

    app.register_blueprint(public.blueprint)
    app.register_blueprint(opendata.blueprint)
    app.register_blueprint(open311.blueprint)

