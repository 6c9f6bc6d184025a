"""Flask's `session` for the dashboard, kept on the server (bot.admin.sessions): the cookie carries
only the session's random id, so ending a session on the server ends it for every copy of the
cookie, and nothing in the cookie can be replayed once it has."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request, Response
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from bot.admin import sessions
from storage.models import utcnow

PRUNE_EVERY = timedelta(minutes=1)
_serializer = TaggedJSONSerializer()  # what Flask's own cookie sessions use for flashes and such


class ServerSession(CallbackDict, SessionMixin):
    """One browser's dashboard session: its data, who signed in with it, and its id (None until
    something is worth keeping)."""

    def __init__(self, data=None, session_id: str | None = None, admin_id: int | None = None,
                 in_dashboard: bool = True, stale: bool = False):
        def changed(self):
            self.modified = True

        super().__init__(data, changed)
        self.session_id, self.admin_id = session_id, admin_id
        self.in_dashboard, self.stale = in_dashboard, stale
        self.modified = self.renewed = False

    def begin(self, admin_id: int) -> None:
        """Sign this browser in: a new session with a new id; only the language carries over."""
        self._renew({"lang": self.get("lang", "th")}, admin_id)

    def finish(self) -> None:
        """Sign this browser out: end its session on the server; keep only its language."""
        self._renew({"lang": self.get("lang", "th")}, None)

    def _renew(self, data: dict, admin_id: int | None) -> None:
        """Drop this session for a new one holding `data` (a new id, so none planted before
        sign-in and none copied before sign-out is worth anything after)."""
        self.clear()
        self.update(data)
        self.admin_id, self.renewed = admin_id, True


class ServerSessions(SessionInterface):
    """Open each dashboard request's session from its cookie and the table; save it after."""

    def __init__(self, runtime):
        self.runtime = runtime
        self._pruned_at = None

    def open_session(self, app: Flask, request: Request) -> ServerSession | None:
        """The live session the cookie names, or a new empty one (the webhook gets none)."""
        if request.path == "/callback":
            return None  # Flask puts a null session in place: LINE's webhook never has one
        if not request.path.startswith("/admin/") or request.path.startswith("/admin/static/"):
            return ServerSession(in_dashboard=False)  # nothing there reads or keeps a session
        session_id = request.cookies.get(self.get_cookie_name(app))
        if not session_id:
            return ServerSession()
        with self.runtime.db.uow() as uow:
            row = sessions.find(uow, session_id, self._idle())
            opened = ServerSession(_serializer.loads(row.data) if row.data else None, session_id,
                                   row.admin_id) if row else ServerSession(stale=True)
            uow.commit()  # the time it was last seen, or an ended session gone
        return opened

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        """Keep what changed; give the browser a new id when a session starts, and take an
        ended one's away."""
        if not isinstance(session, ServerSession) or not session.in_dashboard:
            return
        if session.session_id:
            response.vary.add("Cookie")
        starting = session.renewed or (session.session_id is None and bool(session))
        if not (starting or session.modified):
            if session.stale:
                self._forget_cookie(app, response)
            return
        with self.runtime.db.uow() as uow:
            if session.renewed and session.session_id:
                sessions.end(uow, session.session_id)
            if starting:
                self._prune(uow)
                session.session_id = sessions.start(uow, _serializer.dumps(dict(session)),
                                                    session.admin_id)
            else:
                sessions.save(uow, session.session_id, _serializer.dumps(dict(session)))
            uow.commit()
        if starting:
            self._set_cookie(app, session, response)

    def _idle(self) -> timedelta:
        """How long a session may go unused."""
        return timedelta(minutes=self.runtime.settings.admin_session_idle_minutes)

    def _prune(self, uow) -> None:
        """Forget ended sessions now and then, as new ones start."""
        now = utcnow()
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            self._pruned_at = now
            sessions.prune(uow, self._idle())

    def _set_cookie(self, app: Flask, session: ServerSession, response: Response) -> None:
        """Hand the browser the new session's id, to expire with the session's 8 hours (as an
        age: the browser's clock need not agree with the app's)."""
        response.set_cookie(
            self.get_cookie_name(app), session.session_id,
            max_age=int(sessions.LIFETIME.total_seconds()), path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app), secure=self.get_cookie_secure(app),
            httponly=self.get_cookie_httponly(app), samesite=self.get_cookie_samesite(app))

    def _forget_cookie(self, app: Flask, response: Response) -> None:
        """Take an ended session's cookie away."""
        response.delete_cookie(
            self.get_cookie_name(app), path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app), secure=self.get_cookie_secure(app),
            httponly=self.get_cookie_httponly(app), samesite=self.get_cookie_samesite(app))
