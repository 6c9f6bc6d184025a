"""The floor: the least a LINE webhook can do, verify the signature and insert the raw body."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from flask import Flask, request
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, insert

from storage.db import make_engine

METADATA = MetaData()
BODIES = Table("floor_bodies", METADATA, Column("id", Integer, primary_key=True),
               Column("body", LargeBinary, nullable=False))


def create_app() -> Flask:
    """A Flask app with /callback and /healthz, on the same engine settings Chaeng uses."""
    secret = os.environ["LINE_CHANNEL_SECRET"].encode()
    engine = make_engine(os.environ["DATABASE_URL"])
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
