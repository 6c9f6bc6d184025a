"""The floor: the least a LINE webhook can do, verify the signature and insert the raw body."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from flask import Flask, request
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, insert
from sqlalchemy.exc import DBAPIError

from storage.db import make_engine

METADATA = MetaData()
BODIES = Table("floor_bodies", METADATA, Column("id", Integer, primary_key=True),
               Column("body", LargeBinary, nullable=False))


def create_app() -> Flask:
    """A Flask app with /callback and /healthz, on Chaeng's engine settings without its write lock."""
    secret = os.environ["LINE_CHANNEL_SECRET"].encode()
    # The floor is what a minimal app gets from SQLAlchemy and SQLite as they come (WAL, NORMAL
    # sync, BEGIN IMMEDIATE, SQLite's busy handler): Chaeng's lock in front of SQLite's is part
    # of what is measured against it, so the floor does not get it for free.
    engine = make_engine(os.environ["DATABASE_URL"], write_lock=False)
    try:
        METADATA.create_all(engine)
    except DBAPIError:  # gunicorn's other worker created the table at the same moment
        METADATA.create_all(engine)
    app = Flask(__name__)

    @app.post("/callback")
    def callback():
        body = request.get_data()
        expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(request.headers.get("X-Line-Signature", ""), expected):
            return {"error": "invalid signature"}, 400
        with engine.begin() as connection:
            connection.execute(insert(BODIES).values(body=body))
        return {"status": "ok"}

    app.get("/healthz")(lambda: {"status": "ok"})
    return app
