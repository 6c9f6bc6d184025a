"""GET /healthz and GET /metrics: what a load balancer and Prometheus ask."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.admin import operations
from storage.models import utcnow

blueprint = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


@blueprint.get("/healthz")
def healthz():
    """Say whether the database answers, how old the worker's heartbeat is and the backlogs."""
    runtime = current_app.extensions["chaeng"]
    try:
        with runtime.db.uow() as uow:
            uow.session.execute(text("SELECT 1"))
            last, backlogs = operations.last_heartbeat(uow), operations.backlogs(uow)
    except SQLAlchemyError as error:
        log.error("health check: database unreachable: %s", type(error).__name__)
        return jsonify(status="down", database="unreachable"), 503
    age = (utcnow() - last).total_seconds() if last else None
    silent = age is None or age > runtime.settings.worker_silent_seconds
    body = dict(status="worker silent" if silent else "ok", database="ok",
                worker_heartbeat_age_seconds=None if age is None else round(age, 1),
                simulator=runtime.settings.simulator, **backlogs)
    return jsonify(body), 503 if silent else 200


@blueprint.get("/metrics")
def prometheus():
    """The Prometheus text exposition, counted from the shared database."""
    body = metrics.render(current_app.extensions["chaeng"].db)
    return Response(body, mimetype="text/plain; version=0.0.4; charset=utf-8")
