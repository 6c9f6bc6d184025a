"""Settings read from the environment and checked when the app or worker starts."""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from storage.media import parse_s3_url

LINE_API_DEFAULT = "https://api.line.me"
SIMULATOR_SECRET = "chaeng-simulator-secret"
SIMULATOR_TOKEN = "chaeng-simulator-token"
LIMITS = ("user_rate_limit", "user_rate_window_seconds", "draft_max_texts", "draft_max_chars",
          "draft_max_photos",  # whole-number settings read from the upper-case env variable
          "open311_posts_per_minute")
MAX_RETENTION_DAYS = 3650  # ten years: longer is keeping forever, which PDPA s.37(3) does not allow
INSTANCE_DIR = Path(os.environ.get("CHAENG_INSTANCE_DIR", "instance")).resolve()


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything Chaeng reads from its environment."""

    line_channel_secret: str = ""
    line_channel_access_token: str = ""
    line_api_base_url: str = LINE_API_DEFAULT
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'chaeng.db'}"
    media_dir: str = str(INSTANCE_DIR / "media")
    media_url: str = ""  # s3://bucket/prefix: photos in an S3-compatible bucket instead of media_dir
    s3_endpoint_url: str = ""  # a server other than AWS (MinIO, Ceph...)
    port: int = 8000
    max_body_bytes: int = 1024 * 1024
    max_photo_bytes: int = 10 * 1024 * 1024
    draft_timeout_seconds: int = 60 * 60
    reply_token_seconds: int = 50
    send_attempts: int = 6
    process_attempts: int = 5
    http_timeout_seconds: float = 10.0
    content_timeout_seconds: float = 5.0
    content_deadline_seconds: float = 30.0
    delivery: str = "reply"
    lease_seconds: float = 120.0
    retry_base_seconds: float = 2.0
    drain_wait_seconds: float = 5.0
    user_rate_limit: int = 20
    user_rate_window_seconds: int = 60
    draft_max_texts: int = 20
    draft_max_chars: int = 5000
    draft_max_photos: int = 10
    open311_posts_per_minute: int = 30  # requests one Open311 api_key may create a minute
    burst_seconds: float = 3.0  # messages this close together get one answer, after the last
    public_base_url: str = ""
    secret_key: str = ""
    simulator: bool = False  # asked for with CHAENG_SIMULATOR=1; only ever on without a channel
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    line_bot_basic_id: str = ""  # the bot's LINE ID (@chaeng): the board's add-friend link and QR
    line_add_friend_url: str = ""  # that link given whole, when it is not line.me's for the ID
    worker_silent_seconds: int = 60
    worker_concurrency: int = 4  # threads per worker process on PostgreSQL; SQLite always has one
    worker_processes: int = 1  # processes the worker command runs on PostgreSQL; SQLite has one
    digest_weekday: int | None = None  # 0 = Monday; None: the worker sends no weekly digest
    digest_hour: int = 8  # Bangkok hour from which the weekly digest goes out that day
    admin_session_idle_minutes: int = 30  # a dashboard session left unused this long ends
    trusted_proxies: int = 0  # reverse proxies in front of the app that append X-Forwarded-For
    webhook_deadline_seconds: float = 12.0  # a whole outgoing webhook exchange, trickling or not
    webhook_concurrency: int = 4  # outgoing webhooks in flight per worker process
    webhook_allowed_private_hosts: tuple[str, ...] = ()  # names/addresses of the city's own network
    photo_link_days: int = 14  # how long a photo link in a card, page or API answer works
    retention_days: int = 90  # raw webhook bodies and sent messages are emptied after this long

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        """Read settings from environment variables (LINE_CHANNEL_SECRET, DATABASE_URL, ...)."""
        env = os.environ if env is None else env
        values: dict = {}
        for name in ("line_channel_secret", "line_channel_access_token", "line_api_base_url",
                     "database_url", "media_dir", "media_url", "s3_endpoint_url", "public_base_url",
                     "secret_key", "map_tile_url", "line_bot_basic_id", "line_add_friend_url"):
            if env.get(name.upper()):
                values[name] = env[name.upper()].strip()
        if env.get("PORT"):
            values["port"] = _integer("PORT", env["PORT"])
        if env.get("SEND_ATTEMPTS"):
            values["send_attempts"] = _integer("SEND_ATTEMPTS", env["SEND_ATTEMPTS"])
        for name in LIMITS:
            if env.get(name.upper()):
                values[name] = _integer(name.upper(), env[name.upper()])
        for name in SECONDS:
            if env.get(name.upper()):
                values[name] = _seconds(name.upper(), env[name.upper()])
        if env.get("DELIVERY"):
            values["delivery"] = env["DELIVERY"].strip().lower()
        values["simulator"] = env.get("CHAENG_SIMULATOR", "").strip() == "1"
        if env.get("WORKER_SILENT_SECONDS"):
            values["worker_silent_seconds"] = _integer("WORKER_SILENT_SECONDS",
                                                       env["WORKER_SILENT_SECONDS"])
        for name in ("worker_concurrency", "worker_processes", "admin_session_idle_minutes",
                     "trusted_proxies", "webhook_concurrency", "photo_link_days"):
            if env.get(name.upper()):
                values[name] = _integer(name.upper(), env[name.upper()])
        values.update(_digest_schedule(env))
        if env.get("WEBHOOK_ALLOWED_PRIVATE_HOSTS"):
            values["webhook_allowed_private_hosts"] = _host_list(
                "WEBHOOK_ALLOWED_PRIVATE_HOSTS", env["WEBHOOK_ALLOWED_PRIVATE_HOSTS"])
        if env.get("RETENTION_DAYS", "").strip():
            values["retention_days"] = _integer("RETENTION_DAYS", env["RETENTION_DAYS"].strip())
        return cls(**values).completed()

    def completed(self) -> "Settings":
        """Use the built-in simulator when asked to and no channel is configured, then validate."""
        settings = self
        if not self.secret_key:
            # Stable across restarts and processes, yet unknown to anyone without the channel secret.
            derived = hmac.new(b"chaeng-secret-key", (self.line_channel_secret or "simulator").encode(),
                               hashlib.sha256).hexdigest()
            settings = replace(settings, secret_key=derived)
        if self.line_channel_secret or self.line_channel_access_token:
            settings = replace(settings, simulator=False)
        elif not self.simulator:
            raise ConfigError("No LINE channel is configured: set LINE_CHANNEL_SECRET and "
                              "LINE_CHANNEL_ACCESS_TOKEN, or set CHAENG_SIMULATOR=1 to run the "
                              "built-in LINE simulator on this machine only (make run does).")
        else:
            base = self.line_api_base_url
            if base == LINE_API_DEFAULT:
                base = f"http://127.0.0.1:{self.port}/simulator/line"
            if not self.public_base_url:
                settings = replace(settings, public_base_url=f"http://127.0.0.1:{self.port}")
            settings = replace(settings, simulator=True, line_channel_secret=SIMULATOR_SECRET,
                               line_channel_access_token=SIMULATOR_TOKEN, line_api_base_url=base)
        settings.validate()
        return settings

    @property
    def add_friend_url(self) -> str:
        """Where the board sends people to report in LINE ('' when no LINE ID is configured)."""
        if self.line_add_friend_url or not self.line_bot_basic_id:
            return self.line_add_friend_url
        return f"https://line.me/R/ti/p/{self.line_bot_basic_id}"

    @property
    def worker_threads(self) -> int:
        """How many threads a worker runs: WORKER_CONCURRENCY, but one on SQLite (one writer)."""
        return 1 if self.database_url.startswith("sqlite") else self.worker_concurrency

    @property
    def worker_process_count(self) -> int:
        """How many processes the worker command runs: WORKER_PROCESSES, but one on SQLite."""
        return 1 if self.database_url.startswith("sqlite") else self.worker_processes

    @property
    def webhook_lease_seconds(self) -> float:
        """How long a claimed webhook delivery stays one worker's: well past its deadline, so no
        other worker posts it while the first may still be sending it."""
        return 2 * self.webhook_deadline_seconds + 30

    def validate(self) -> None:
        """Raise ConfigError with a clear message when a setting cannot work."""
        if bool(self.line_channel_secret) != bool(self.line_channel_access_token):
            raise ConfigError("Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN "
                              "(or neither, to use the built-in simulator).")
        if not self.line_api_base_url.startswith(("http://", "https://")):
            raise ConfigError(f"LINE_API_BASE_URL must start with http:// or https://, "
                              f"got {self.line_api_base_url!r}.")
        if "://" not in self.database_url:
            raise ConfigError(f"DATABASE_URL must be a URL such as sqlite:///instance/chaeng.db or "
                              f"postgresql+psycopg://user@host/db, got {self.database_url!r}.")
        for name in LIMITS:
            if getattr(self, name) < 1:
                raise ConfigError(f"{name.upper()} must be at least 1, got {getattr(self, name)}.")
        if self.map_tile_url and not self.map_tile_url.startswith(("http://", "https://", "/")):
            raise ConfigError(f"MAP_TILE_URL must be an http(s) URL with {{z}}/{{x}}/{{y}}, "
                              f"got {self.map_tile_url!r}.")
        if self.line_bot_basic_id and not re.fullmatch(r"@[0-9a-z._-]{2,40}", self.line_bot_basic_id):
            raise ConfigError(f"LINE_BOT_BASIC_ID must be the bot's LINE ID with its @, such as "
                              f"@chaeng or @123abcde, got {self.line_bot_basic_id!r}.")
        if self.line_add_friend_url and not self.line_add_friend_url.startswith("https://"):
            raise ConfigError(f"LINE_ADD_FRIEND_URL must be an https:// link, got "
                              f"{self.line_add_friend_url!r}.")
        if self.media_url:
            try:
                parse_s3_url(self.media_url)
            except ValueError:
                raise ConfigError(f"MEDIA_URL must be s3://bucket/prefix (or unset, to keep photos "
                                  f"in MEDIA_DIR), got {self.media_url!r}.") from None
        if self.s3_endpoint_url and not self.s3_endpoint_url.startswith(("http://", "https://")):
            raise ConfigError(f"S3_ENDPOINT_URL must start with http:// or https://, "
                              f"got {self.s3_endpoint_url!r}.")
        if not 0 < self.port < 65536:
            raise ConfigError(f"PORT must be between 1 and 65535, got {self.port}.")
        if not 1 <= self.worker_concurrency <= 64:
            raise ConfigError(f"WORKER_CONCURRENCY must be from 1 to 64 (threads per worker "
                              f"process), got {self.worker_concurrency}.")
        if not 1 <= self.worker_processes <= 64:
            raise ConfigError(f"WORKER_PROCESSES must be from 1 to 64 (processes the worker "
                              f"command runs), got {self.worker_processes}.")
        if not 1 <= self.admin_session_idle_minutes <= 480:
            raise ConfigError(f"ADMIN_SESSION_IDLE_MINUTES must be from 1 to 480 (a dashboard "
                              f"session ends after this long unused, and after 8 hours anyway), "
                              f"got {self.admin_session_idle_minutes}.")
        if not 0 <= self.trusted_proxies <= 10:
            raise ConfigError(f"TRUSTED_PROXIES must be from 0 to 10 (how many reverse proxies in "
                              f"front of the app add to X-Forwarded-For; 0 trusts no such header), "
                              f"got {self.trusted_proxies}.")
        if not 1 <= self.webhook_concurrency <= 64:
            raise ConfigError(f"WEBHOOK_CONCURRENCY must be from 1 to 64 (outgoing webhooks in "
                              f"flight per worker process), got {self.webhook_concurrency}.")
        if self.webhook_deadline_seconds > 300:
            raise ConfigError(f"WEBHOOK_DEADLINE_SECONDS must be at most 300, got "
                              f"{self.webhook_deadline_seconds}.")
        if not 1 <= self.photo_link_days <= 366:
            raise ConfigError(f"PHOTO_LINK_DAYS must be from 1 to 366 (days a photo link in a card "
                              f"or page works), got {self.photo_link_days}.")
        if not 1 <= self.retention_days <= MAX_RETENTION_DAYS:
            raise ConfigError(f"RETENTION_DAYS must be a whole number of days from 1 to "
                              f"{MAX_RETENTION_DAYS} (how long raw webhook bodies and sent messages "
                              f"are kept), got {self.retention_days}.")
        if self.delivery not in ("reply", "push"):
            raise ConfigError(f"DELIVERY must be reply (the default: free replies, an unanswered "
                              f"reply is never pushed again) or push (every message pushed with a "
                              f"retry key, exactly once, counted against the quota), got "
                              f"{self.delivery!r}.")


SECONDS = ("http_timeout_seconds", "content_timeout_seconds", "content_deadline_seconds",
           "lease_seconds", "retry_base_seconds", "webhook_deadline_seconds")


def _seconds(name: str, raw: str) -> float:
    """Parse a positive number of seconds or explain what is wrong."""
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{name} must be a positive number of seconds, got {raw!r}.")
    return value


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _digest_schedule(env) -> dict:
    """DIGEST_WEEKDAY (mon..sun, or 1-7 from Monday) and DIGEST_HOUR (0-23, Bangkok)."""
    values: dict = {}
    raw = env.get("DIGEST_WEEKDAY", "").strip().lower()
    if raw:
        named = [n for n, day in enumerate(WEEKDAYS) if len(raw) >= 3 and day.startswith(raw)]
        if named:
            values["digest_weekday"] = named[0]
        elif raw.isdigit() and 1 <= int(raw) <= 7:
            values["digest_weekday"] = int(raw) - 1
        else:
            raise ConfigError(f"DIGEST_WEEKDAY must be a day such as mon or monday (or 1-7 from "
                              f"Monday), got {raw!r}.")
    if env.get("DIGEST_HOUR", "").strip():
        hour = _integer("DIGEST_HOUR", env["DIGEST_HOUR"].strip())
        if not 0 <= hour <= 23:
            raise ConfigError(f"DIGEST_HOUR must be an hour from 0 to 23 (Bangkok time), got {hour}.")
        values["digest_hour"] = hour
    return values


def _host_list(name: str, raw: str) -> tuple[str, ...]:
    """Parse a comma-separated list of host names, addresses and networks (10.1.0.0/16)."""
    hosts = tuple(h.strip().lower().strip("[]").rstrip(".") for h in raw.split(",") if h.strip())
    for host in hosts:
        if not re.fullmatch(r"[0-9a-z][0-9a-z.:\-]*(/\d{1,3})?", host):
            raise ConfigError(f"{name} must list host names or addresses separated by commas "
                              f"(e.g. hooks.city.local,10.1.2.3), got {host!r}.")
    return hosts


def _integer(name: str, raw: str) -> int:
    """Parse an integer setting or explain what is wrong."""
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
