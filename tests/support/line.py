"""The `line` test fixture's driver: sign and post webhooks, run the worker, read what LINE got."""
from __future__ import annotations

from bot import worker
from bot.line.webhook import signature_of
from tests.support import events


class LineDriver:
    """Plays LINE: posts signed webhook bodies to the app and reads the fake LINE server."""

    def __init__(self, app, fake):
        self.app, self.fake = app, fake
        self.client = app.test_client()
        self.runtime = app.extensions["chaeng"]

    def post(self, *sent: dict, raw: bytes | None = None, signature: str | None = None):
        """Post a signed webhook body (or raw bytes) to /callback and return the response."""
        body = raw if raw is not None else events.body(*sent)
        sig = signature if signature is not None else signature_of(
            body, self.runtime.settings.line_channel_secret)
        return self.client.post("/callback", data=body, content_type="application/json",
                                headers={"X-Line-Signature": sig})

    def send(self, *sent: dict) -> None:
        """Post events, check LINE got its 200, and let the worker handle them."""
        response = self.post(*sent)
        assert response.status_code == 200, response.get_data(as_text=True)
        for event in sent:
            if event.get("replyToken") and isinstance(event.get("source", {}).get("userId"), str):
                self.fake.register_reply_token(event["replyToken"], event["source"]["userId"])
        self.drain()

    def drain(self) -> None:
        """Run the worker until nothing is left to do now."""
        worker.run(self.runtime, drain=True, poll_seconds=0.01)

    def say(self, user_id: str, text: str) -> None:
        """The user types a message."""
        self.send(events.text(user_id, text))

    def messages_to(self, user_id: str) -> list[dict]:
        """Everything LINE delivered to the user, in order."""
        return self.fake.messages_to(user_id)

    def last_to(self, user_id: str) -> dict:
        """The last message LINE delivered to the user."""
        delivered = self.messages_to(user_id)
        assert delivered, "nothing was delivered to the user"
        return delivered[-1]

    def texts_to(self, user_id: str) -> str:
        """All text and altText delivered to the user, joined, for 'in' assertions."""
        return "\n".join(message.get("text") or message.get("altText") or ""
                         for message in self.messages_to(user_id))
