"""The long-lived parts a request, a chat turn or a job needs: settings, database, media, LINE."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.config import Settings
from bot.line.client import LineClient
from bot.webhooks.addresses import Resolve, system_resolve
from storage.db import Database
from storage.media import ImageStore, media_store
from storage.wakeup import Announcer


@dataclass
class Runtime:
    """Settings and the adapters built from them, made once per process."""

    settings: Settings
    db: Database
    media: ImageStore
    line: LineClient
    announcer: Announcer  # tells waiting workers of new inbox events (PostgreSQL)
    resolve: Resolve = field(default=system_resolve)  # DNS for outgoing webhooks (a test's own)

    @classmethod
    def build(cls, settings: Settings) -> "Runtime":
        """Build every adapter from settings."""
        db = Database(settings.database_url)
        return cls(settings=settings, db=db, announcer=Announcer(db),
                   media=media_store(settings.media_url, settings.media_dir,
                                     settings.s3_endpoint_url),
                   line=LineClient(settings.line_api_base_url, settings.line_channel_access_token,
                                   settings.http_timeout_seconds, settings.content_timeout_seconds,
                                   settings.content_deadline_seconds))
