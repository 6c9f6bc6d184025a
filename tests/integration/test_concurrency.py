"""Several workers at once on PostgreSQL never send a message twice or out of order."""
import threading

import pytest

from bot import services, worker
from bot.runtime import Runtime
from tests.conftest import make_settings


@pytest.fixture
def runtimes(database_url, fake_line, tmp_path):
    """Four worker processes' worth of runtimes on the same PostgreSQL database."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite deployments run one worker; concurrency is PostgreSQL's job")
    built = [Runtime.build(make_settings(database_url, fake_line, tmp_path)) for _ in range(4)]
    yield built
    for runtime in built:
        runtime.db.dispose()


def run_together(runtimes):
    """Drain the queues with every runtime at once, in threads."""
    threads = [threading.Thread(target=worker.run, args=(r,),
                                kwargs={"drain": True, "poll_seconds": 0.01}) for r in runtimes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def test_four_workers_deliver_every_message_exactly_once_and_in_order(runtimes, fake_line):
    fake_line.fail_next("push", status=500, times=5)
    with runtimes[0].db.uow() as uow:
        for n in range(30):
            for user in ("Ua", "Ub", "Uc"):
                services.send(uow, user, [{"type": "text", "text": f"{user}-{n}"}])
        uow.commit()
    run_together(runtimes)
    texts = [d.messages[0]["text"] for d in fake_line.deliveries]
    assert len(texts) == 90 and len(set(texts)) == 90
    for user in ("Ua", "Ub", "Uc"):
        assert [t for t in texts if t.startswith(user)] == [f"{user}-{n}" for n in range(30)]
