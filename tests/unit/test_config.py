"""Settings from the environment: defaults, the simulator switch, clear errors."""
import pytest

from bot.config import ConfigError, Settings


def test_without_a_line_channel_the_simulator_is_used_when_asked_for():
    settings = Settings.from_env({"PORT": "8123", "CHAENG_SIMULATOR": "1"})
    assert settings.simulator
    assert settings.line_api_base_url == "http://127.0.0.1:8123/simulator/line"


def test_without_a_line_channel_or_the_simulator_switch_nothing_starts():
    with pytest.raises(ConfigError, match="set CHAENG_SIMULATOR=1"):
        Settings.from_env({"PORT": "8123"})


def test_the_simulator_switch_is_ignored_when_a_channel_is_configured():
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t",
                                  "CHAENG_SIMULATOR": "1"})
    assert not settings.simulator and settings.line_channel_secret == "s"


def test_a_configured_channel_talks_to_lines_own_api():
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"})
    assert not settings.simulator
    assert settings.line_api_base_url == "https://api.line.me"


def test_the_default_database_is_a_sqlite_file_under_instance():
    assert Settings.from_env({"CHAENG_SIMULATOR": "1"}).database_url.endswith("instance/chaeng.db")


def test_half_a_channel_configuration_is_refused_with_a_clear_message():
    with pytest.raises(ConfigError, match="Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN"):
        Settings.from_env({"LINE_CHANNEL_SECRET": "s"})


def test_a_port_that_is_not_a_number_is_refused():
    with pytest.raises(ConfigError, match="PORT must be a whole number"):
        Settings.from_env({"PORT": "eighty"})


def test_a_database_url_without_a_scheme_is_refused():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Settings.from_env({"DATABASE_URL": "chaeng.db", "CHAENG_SIMULATOR": "1"})


CHANNEL = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}


def test_delivery_is_by_reply_unless_push_is_asked_for():
    assert Settings.from_env(CHANNEL).delivery == "reply"
    assert Settings.from_env({**CHANNEL, "DELIVERY": "push"}).delivery == "push"
    with pytest.raises(ConfigError, match="DELIVERY must be reply .* or push"):
        Settings.from_env({**CHANNEL, "DELIVERY": "twice"})


def test_time_outs_are_read_in_seconds_and_must_be_positive():
    settings = Settings.from_env({**CHANNEL, "CONTENT_TIMEOUT_SECONDS": "2.5",
                                  "CONTENT_DEADLINE_SECONDS": "20", "LEASE_SECONDS": "30"})
    assert (settings.content_timeout_seconds, settings.content_deadline_seconds,
            settings.lease_seconds) == (2.5, 20.0, 30.0)
    for bad in ("0", "-1", "soon", "nan", "inf"):
        with pytest.raises(ConfigError, match="CONTENT_TIMEOUT_SECONDS must be a positive number"):
            Settings.from_env({**CHANNEL, "CONTENT_TIMEOUT_SECONDS": bad})



def test_the_per_user_limits_are_read_from_the_environment():
    settings = Settings.from_env({**CHANNEL, "USER_RATE_LIMIT": "5", "DRAFT_MAX_PHOTOS": "3"})
    assert (settings.user_rate_limit, settings.draft_max_photos, settings.draft_max_texts) == (5, 3, 20)


def test_a_limit_below_one_is_refused():
    with pytest.raises(ConfigError, match="USER_RATE_WINDOW_SECONDS must be at least 1"):
        Settings.from_env({**CHANNEL, "USER_RATE_WINDOW_SECONDS": "0"})


def test_photos_go_to_the_local_folder_unless_media_url_names_an_s3_bucket():
    channel = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
    assert Settings.from_env(channel).media_url == ""
    settings = Settings.from_env({**channel, "MEDIA_URL": "s3://city-photos/chaeng",
                                  "S3_ENDPOINT_URL": "http://minio.internal:9000"})
    assert (settings.media_url, settings.s3_endpoint_url) == ("s3://city-photos/chaeng",
                                                              "http://minio.internal:9000")
    for wrong in ("/srv/photos", "s3:///no-bucket", "https://bucket.s3.amazonaws.com/x"):
        with pytest.raises(ConfigError, match="MEDIA_URL must be s3://bucket/prefix"):
            Settings.from_env({**channel, "MEDIA_URL": wrong})


def test_a_postgresql_worker_runs_the_threads_and_processes_asked_for_and_sqlite_always_one():
    channel = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t",
               "WORKER_CONCURRENCY": "6", "WORKER_PROCESSES": "3"}
    postgres = Settings.from_env({**channel, "DATABASE_URL": "postgresql+psycopg://db/chaeng"})
    assert (postgres.worker_threads, postgres.worker_process_count) == (6, 3)
    sqlite = Settings.from_env({**channel, "DATABASE_URL": "sqlite:///chaeng.db"})
    assert (sqlite.worker_threads, sqlite.worker_process_count) == (1, 1)


@pytest.mark.parametrize("name", ["WORKER_CONCURRENCY", "WORKER_PROCESSES"])
def test_a_worker_count_of_zero_is_refused_with_its_name(name):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", name: "0"})


def test_dashboard_sessions_end_after_the_idle_minutes_asked_for_thirty_by_default():
    assert Settings.from_env(CHANNEL).admin_session_idle_minutes == 30
    assert Settings.from_env({**CHANNEL, "ADMIN_SESSION_IDLE_MINUTES": "10"}) \
        .admin_session_idle_minutes == 10


@pytest.mark.parametrize("raw", ["0", "481", "ten", "-5"])
def test_an_idle_time_that_cannot_work_is_refused_with_its_name(raw):
    with pytest.raises(ConfigError, match="ADMIN_SESSION_IDLE_MINUTES"):
        Settings.from_env({**CHANNEL, "ADMIN_SESSION_IDLE_MINUTES": raw})


def test_no_proxy_is_trusted_unless_its_number_is_given():
    assert Settings.from_env(CHANNEL).trusted_proxies == 0
    assert Settings.from_env({**CHANNEL, "TRUSTED_PROXIES": "1"}).trusted_proxies == 1
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        Settings.from_env({**CHANNEL, "TRUSTED_PROXIES": "-1"})


def test_outgoing_webhooks_read_their_deadline_concurrency_and_allowed_private_hosts():
    default = Settings.from_env(CHANNEL)
    assert (default.webhook_deadline_seconds, default.webhook_concurrency,
            default.webhook_allowed_private_hosts) == (12.0, 4, ())
    assert default.webhook_lease_seconds > default.webhook_deadline_seconds
    settings = Settings.from_env({
        **CHANNEL, "WEBHOOK_DEADLINE_SECONDS": "5", "WEBHOOK_CONCURRENCY": "2",
        "WEBHOOK_ALLOWED_PRIVATE_HOSTS": " Hooks.City.Local, 10.1.2.3,[fd00::5],10.9.0.0/16"})
    assert (settings.webhook_deadline_seconds, settings.webhook_concurrency) == (5.0, 2)
    assert settings.webhook_allowed_private_hosts == ("hooks.city.local", "10.1.2.3", "fd00::5",
                                                      "10.9.0.0/16")
    assert settings.webhook_lease_seconds > 5.0


@pytest.mark.parametrize("env, message", [
    ({"WEBHOOK_ALLOWED_PRIVATE_HOSTS": "http://hooks.city.local/"}, "ALLOWED_PRIVATE_HOSTS must"),
    ({"WEBHOOK_CONCURRENCY": "0"}, "WEBHOOK_CONCURRENCY must be from 1 to 64"),
    ({"WEBHOOK_DEADLINE_SECONDS": "0"}, "WEBHOOK_DEADLINE_SECONDS must be a positive number"),
    ({"WEBHOOK_DEADLINE_SECONDS": "3600"}, "WEBHOOK_DEADLINE_SECONDS must be at most 300")])
def test_malformed_webhook_settings_are_refused_with_their_name(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({**CHANNEL, **env})


def test_photo_links_live_two_weeks_unless_photo_link_days_says_otherwise():
    simulator = {"CHAENG_SIMULATOR": "1"}
    assert Settings.from_env(simulator).photo_link_days == 14
    assert Settings.from_env({**simulator, "PHOTO_LINK_DAYS": "3"}).photo_link_days == 3
    for wrong in ("0", "400"):
        with pytest.raises(ConfigError, match="PHOTO_LINK_DAYS must be from 1 to 366"):
            Settings.from_env({**simulator, "PHOTO_LINK_DAYS": wrong})


def test_message_bodies_are_kept_90_days_unless_retention_days_says_otherwise():
    assert Settings.from_env(CHANNEL).retention_days == 90
    assert Settings.from_env({**CHANNEL, "RETENTION_DAYS": " 30 "}).retention_days == 30


@pytest.mark.parametrize("raw", ["0", "-5", "3651", "ninety", "1.5"])
def test_a_retention_period_that_cannot_work_is_refused_with_its_name(raw):
    with pytest.raises(ConfigError, match="RETENTION_DAYS must be a whole number"):
        Settings.from_env({**CHANNEL, "RETENTION_DAYS": raw})


def test_the_boards_add_friend_link_comes_from_the_bots_line_id_or_is_given_whole():
    base = {"CHAENG_SIMULATOR": "1"}
    assert Settings.from_env(base).add_friend_url == ""
    assert Settings.from_env({**base, "LINE_BOT_BASIC_ID": "@chaeng"}).add_friend_url == \
        "https://line.me/R/ti/p/@chaeng"
    given = "https://lin.ee/AbCdEf1"
    assert Settings.from_env({**base, "LINE_BOT_BASIC_ID": "@chaeng",
                              "LINE_ADD_FRIEND_URL": given}).add_friend_url == given
    with pytest.raises(ConfigError, match="LINE_BOT_BASIC_ID must be the bot's LINE ID with its @"):
        Settings.from_env({**base, "LINE_BOT_BASIC_ID": "chaeng"})
    with pytest.raises(ConfigError, match="LINE_ADD_FRIEND_URL must be an https:// link"):
        Settings.from_env({**base, "LINE_ADD_FRIEND_URL": "javascript:alert(1)"})
