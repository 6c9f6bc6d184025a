"""Time each kind of refused dashboard sign-in: they must cost about the same, so that timing
tells nobody whether an email has an account (once, a locked account answered 20x faster).

    python bench/sign_in.py [--tries 15]

Builds the app on a scratch SQLite file with an account and a disabled one, signs in through the
app's own request handling (each try from its own address, so none is slowed), and prints the
median time of each kind and its ratio to a wrong password.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine  # noqa: E402

from bot import create_app  # noqa: E402
from bot.admin import accounts  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.permissions import Actor  # noqa: E402
from storage.models import Base  # noqa: E402

PASSWORD = "correct horse battery staple"
KINDS = {"wrong password": ("a@city.go.th", "not it"), "unknown email": ("x@city.go.th", "not it"),
         "disabled account": ("gone@city.go.th", PASSWORD),
         "after many failures": ("a@city.go.th", "not it")}


def build(folder: str):
    """The app on a fresh SQLite file, with an account and a disabled account."""
    url = f"sqlite:///{folder}/bench.db"
    Base.metadata.create_all(create_engine(url))
    app = create_app(Settings(database_url=url, media_dir=f"{folder}/media",
                              line_channel_secret="bench", line_channel_access_token="bench",
                              public_base_url="http://127.0.0.1").completed())
    with app.extensions["chaeng"].db.uow() as uow:
        accounts.add_admin(uow, "a@city.go.th", "admin", PASSWORD)
        accounts.add_admin(uow, "gone@city.go.th", "admin", PASSWORD)
        accounts.disable_admin(uow, "gone@city.go.th", Actor.admin("bench"))
        uow.commit()
    return app


def attempt(app, address: str, email: str, password: str) -> float:
    """Milliseconds one sign-in takes, from a fresh browser at this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    page = client.get("/admin/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    started = time.perf_counter()
    answer = client.post("/admin/sign-in", data={"email": email, "password": password,
                                                 "csrf_token": token})
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 401, answer.status_code
    return elapsed


def main() -> None:
    """Print the median of each kind of refusal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=15)
    tries = parser.parse_args().tries
    with tempfile.TemporaryDirectory() as folder:
        app = build(folder)
        medians = {}
        for k, (kind, (email, password)) in enumerate(KINDS.items()):
            medians[kind] = statistics.median(
                attempt(app, f"10.{k}.{n // 250}.{n % 250 + 1}", email, password)
                for n in range(tries))
        app.extensions["chaeng"].db.dispose()
    for kind, median in medians.items():
        print(f"{kind:>20}: {median:7.1f} ms  ({median / medians['wrong password']:.2f} x)")


if __name__ == "__main__":
    main()
