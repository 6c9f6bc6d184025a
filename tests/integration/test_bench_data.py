"""The scale benchmark's generator makes cases the app reads like its own (PostgreSQL only)."""
from sqlalchemy import create_engine, text

from bench import scale_data
from bot import services
from storage.db import Database
from storage.models import Base


def test_generated_cases_have_reporters_history_and_photos_and_the_app_reads_them(postgres_url):
    engine = create_engine(postgres_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    scale_data.fill(postgres_url, 60, say=lambda *args, **kwargs: None)
    with engine.connect() as connection:
        cases, reporters, creates, photos, open_newest, indexes = connection.execute(text(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(DISTINCT reporter_id) FROM cases), "
            "(SELECT count(*) FROM case_events WHERE action = 'create'), "
            "(SELECT count(*) FROM photos), "
            "(SELECT count(*) FROM cases WHERE id <= 10 AND state IN "
            "('waiting', 'in_progress', 'forwarded')), "
            "(SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_cases_reporter_created')"
        )).one()
    engine.dispose()
    assert (cases, creates, photos, open_newest, indexes) == (60, 60, 40, 10, 1)
    assert 5 <= reporters <= 12, "about five cases per reporter"
    db = Database(postgres_url)
    with db.uow() as uow:
        case = services.find_case(uow, "s00000000a")
        mine, total = services.cases_of(uow, case.reporter_id)
        assert case.categories and case.district and total >= 1 and case in mine
    db.dispose()
