"""The usual design of LINE bot examples: handle each event inside the request, reply, then answer."""
from __future__ import annotations

import os

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (ApiClient, Configuration, MessagingApi, ReplyMessageRequest,
                                  TextMessage)
from linebot.v3.webhooks import MessageEvent, TextMessageContent


def create_app() -> Flask:
    """The flask-echo example from line-bot-sdk, pointed at the fake LINE server."""
    handler = WebhookHandler(os.environ["LINE_CHANNEL_SECRET"])
    configuration = Configuration(host=os.environ["LINE_API_BASE_URL"],
                                  access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"])
    app = Flask(__name__)

    @app.post("/callback")
    def callback():
        try:
            handler.handle(request.get_data(as_text=True), request.headers["X-Line-Signature"])
        except InvalidSignatureError:
            abort(400)
        return "OK"

    @handler.add(MessageEvent, message=TextMessageContent)
    def echo(event):
        with ApiClient(configuration) as api_client:
            MessagingApi(api_client).reply_message_with_http_info(ReplyMessageRequest(
                reply_token=event.reply_token, messages=[TextMessage(text=event.message.text)]))

    app.get("/healthz")(lambda: {"status": "ok"})
    return app
