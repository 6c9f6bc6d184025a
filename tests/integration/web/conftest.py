"""The dashboard on SQLite and (when configured) PostgreSQL, with the fake LINE server."""
from __future__ import annotations

import pytest

from bot import create_app
from tests.conftest import make_settings


@pytest.fixture
def site(database_url, fake_line, tmp_path):
    """The whole web app on a fresh database of each kind."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()
