"""Settings from the environment: defaults, the simulator switch, clear errors."""
import pytest

from bot.config import ConfigError, Settings


def test_without_a_line_channel_the_simulator_is_used():
    settings = Settings.from_env({"PORT": "8123"})
    assert settings.simulator
    assert settings.line_api_base_url == "http://127.0.0.1:8123/simulator/line"


def test_a_configured_channel_talks_to_lines_own_api():
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"})
    assert not settings.simulator
    assert settings.line_api_base_url == "https://api.line.me"


def test_the_default_database_is_a_sqlite_file_under_instance():
    assert Settings.from_env({}).database_url.endswith("instance/chaeng.db")


def test_half_a_channel_configuration_is_refused_with_a_clear_message():
    with pytest.raises(ConfigError, match="Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN"):
        Settings.from_env({"LINE_CHANNEL_SECRET": "s"})


def test_a_port_that_is_not_a_number_is_refused():
    with pytest.raises(ConfigError, match="PORT must be a whole number"):
        Settings.from_env({"PORT": "eighty"})


def test_a_database_url_without_a_scheme_is_refused():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Settings.from_env({"DATABASE_URL": "chaeng.db"})


def test_the_per_user_limits_are_read_from_the_environment():
    settings = Settings.from_env({"USER_RATE_LIMIT": "5", "DRAFT_MAX_PHOTOS": "3"})
    assert (settings.user_rate_limit, settings.draft_max_photos, settings.draft_max_texts) == (5, 3, 20)


def test_a_limit_below_one_is_refused():
    with pytest.raises(ConfigError, match="USER_RATE_WINDOW_SECONDS must be at least 1"):
        Settings.from_env({"USER_RATE_WINDOW_SECONDS": "0"})
