"""The fake LINE API, seen through the real line-bot-sdk v3 client: if these pass, the bot can't tell it from LINE."""
import json
import urllib.request
import uuid

import pytest
import urllib3
from linebot.v3.messaging import (
    ApiClient, ApiException, Configuration, FlexBubble, FlexMessage, MessageAction, MessagingApi,
    MessagingApiBlob, PushMessageRequest, QuickReply, QuickReplyItem, ReplyMessageRequest,
    ShowLoadingAnimationRequest, TextMessage,
)
from linebot.v3 import SignatureValidator
from pydantic.v1 import ValidationError

from tests.fakes.line_api import Delivery, FakeLineApi, sign

TOKEN = "test-access-token"


@pytest.fixture
def fake():
    with FakeLineApi(access_token=TOKEN) as server:
        yield server


@pytest.fixture
def client(fake):
    with ApiClient(Configuration(host=fake.base_url, access_token=TOKEN)) as api_client:
        yield api_client


@pytest.fixture
def api(client):
    return MessagingApi(client)


def reply(api, token, *texts, **kwargs):
    """Reply with one text message per text."""
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text=t) for t in texts])
    return api.reply_message(request, **kwargs)


def push(api, to, text, retry_key=None, **kwargs):
    """Push one text message, optionally with a retry key."""
    request = PushMessageRequest(to=to, messages=[TextMessage(text=text)])
    return api.push_message_with_http_info(request, x_line_retry_key=retry_key, **kwargs)


def error_of(exc_info):
    """The JSON error body LINE sent, as the SDK hands it over (a str)."""
    return json.loads(exc_info.value.body)


def test_a_reply_token_works_once_and_its_second_use_is_a_400(fake, api):
    """A reply returns sentMessages; reusing its token is LINE's 400 Invalid reply token."""
    response = reply(api, "token-1", "สวัสดีค่ะ", "hello")
    assert len(response.sent_messages) == 2
    assert all(m.id.isdigit() and m.quote_token for m in response.sent_messages)
    with pytest.raises(ApiException) as exc:
        reply(api, "token-1", "again")
    assert exc.value.status == 400
    assert error_of(exc) == {"message": "Invalid reply token"}
    assert fake.deliveries == [Delivery("reply", None, "token-1", [
        {"type": "text", "text": "สวัสดีค่ะ"}, {"type": "text", "text": "hello"}], None)]


def test_a_reply_token_expired_in_advance_is_refused_and_nothing_is_delivered(fake, api):
    """Tests can age a token past LINE's one-minute window before the bot uses it."""
    fake.expire_reply_token("old-token")
    with pytest.raises(ApiException) as exc:
        reply(api, "old-token", "too late")
    assert exc.value.status == 400
    assert fake.deliveries == []
    assert [r.status for r in fake.requests] == [400]


def test_a_reply_carrying_a_retry_key_is_refused_because_line_only_takes_keys_on_push(fake, api):
    """The SDK has no retry-key argument on reply, but _headers can still smuggle one in."""
    with pytest.raises(ApiException) as exc:
        reply(api, "token-2", "hi", _headers={"X-Line-Retry-Key": str(uuid.uuid4())})
    assert exc.value.status == 400
    assert fake.deliveries == []


def test_a_push_repeated_with_the_same_retry_key_gets_409_and_is_delivered_once(fake, api):
    """The 409 carries the first request's id and its sentMessages, which means it was delivered."""
    key = str(uuid.uuid4())
    first = push(api, "U1", "ticket received", retry_key=key)
    assert first.status_code == 200
    with pytest.raises(ApiException) as exc:
        push(api, "U1", "ticket received", retry_key=key)
    assert exc.value.status == 409
    assert exc.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    body = error_of(exc)
    assert body["message"] == "The retry key is already accepted"
    assert body["sentMessages"][0]["id"] == first.data.sent_messages[0].id
    assert [d.retry_key for d in fake.deliveries] == [key]
    assert fake.requests[0].headers["x-line-retry-key"] == key


def test_pushes_without_a_retry_key_are_each_delivered(fake, api):
    """Without a key LINE cannot tell a retry from a new message, so both land."""
    push(api, "U1", "same words")
    push(api, "U1", "same words")
    assert fake.texts() == ["same words", "same words"]


@pytest.mark.parametrize("status, message", [
    (429, "Too Many Requests"),
    (429, "You have reached your monthly limit."),
    (500, "Internal Server Error"),
])
def test_injected_failures_surface_as_api_exceptions_with_that_status(fake, api, status, message):
    """A failed attempt is recorded as a request but is not a delivery; the next attempt succeeds."""
    fake.fail_next("push", status=status, body={"message": message})
    with pytest.raises(ApiException) as exc:
        push(api, "U1", "hello", retry_key="k-1")
    assert exc.value.status == status
    assert error_of(exc) == {"message": message}
    assert fake.deliveries == []
    assert push(api, "U1", "hello", retry_key="k-1").status_code == 200
    assert [r.status for r in fake.requests] == [status, 200]


def test_failures_can_be_injected_several_times_and_per_endpoint(fake, api):
    """fail_next counts down per kind; a reply fault leaves pushes alone and keeps the token unused."""
    fake.fail_next("reply", status=500, times=2)
    for _ in range(2):
        with pytest.raises(ApiException):
            reply(api, "token-3", "hi")
    push(api, "U1", "unaffected")
    reply(api, "token-3", "third time")
    assert fake.texts() == ["unaffected", "third time"]


def test_a_delayed_push_times_out_on_the_client_yet_lands_so_its_retry_gets_409(fake, api):
    """This is why pushes need retry keys: the SDK's timeout is urllib3's, not an ApiException."""
    fake.delay_next("push", 0.5)
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):
        push(api, "U1", "your case is fixed", retry_key="k-2", _request_timeout=0.1)
    fake.wait_for(lambda: fake.requests and fake.requests[0].status == 200)
    with pytest.raises(ApiException) as exc:
        push(api, "U1", "your case is fixed", retry_key="k-2")
    assert exc.value.status == 409
    assert len(fake.deliveries) == 1


def test_message_content_bytes_round_trip_with_their_content_type(fake, client):
    """Content is served from the same host; unknown ids are 404 and unsent ones 410."""
    blob = MessagingApiBlob(client)
    photo = bytes(range(256)) * 10
    fake.add_content("m-1", photo, content_type="image/png")
    response = blob.get_message_content_with_http_info("m-1")
    assert bytes(response.data) == photo
    assert response.headers["Content-Type"] == "image/png"
    with pytest.raises(ApiException) as exc:
        blob.get_message_content("unknown")
    assert exc.value.status == 404
    fake.unsend_content("m-1")
    with pytest.raises(ApiException) as exc:
        blob.get_message_content("m-1")
    assert exc.value.status == 410


def test_a_wrong_or_missing_access_token_gets_401(fake):
    """Every endpoint checks the Bearer token before anything else."""
    with ApiClient(Configuration(host=fake.base_url, access_token="wrong")) as client:
        with pytest.raises(ApiException) as exc:
            reply(MessagingApi(client), "token-4", "hi")
    assert exc.value.status == 401
    assert error_of(exc)["message"].startswith("Authentication failed")
    with pytest.raises(urllib.error.HTTPError) as raw:
        urllib.request.urlopen(fake.base_url + "/v2/bot/profile/U1")
    assert raw.value.code == 401
    assert fake.deliveries == []


def test_six_messages_get_a_400_in_lines_error_shape(fake, api):
    """The SDK refuses six messages itself, so construct() skips its check to reach the server's."""
    six = [TextMessage(text=str(i)) for i in range(6)]
    with pytest.raises(ValidationError):
        ReplyMessageRequest(reply_token="token-5", messages=six)
    with pytest.raises(ApiException) as exc:
        api.reply_message(ReplyMessageRequest.construct(reply_token="token-5", messages=six))
    assert exc.value.status == 400
    assert error_of(exc) == {"message": "The request body has 1 error(s)",
                             "details": [{"message": "Size must be between 1 and 5", "property": "messages"}]}
    reply(api, "token-5", "a failed validation does not use up the token")


def test_text_is_measured_in_utf16_code_units_like_line_does(fake, api):
    """An emoji is two UTF-16 units, so 2,501 of them exceed 5,000 though Python counts 2,501."""
    reply(api, "token-6", "ก" * 5000)
    with pytest.raises(ApiException) as exc:
        reply(api, "token-7", "😀" * 2501)
    assert exc.value.status == 400
    assert error_of(exc)["details"][0]["property"] == "messages[0].text"


def test_fourteen_quick_reply_items_and_unknown_types_are_400(fake, api):
    """The SDK caps quick replies at 13 too; raw dicts go through the request's construct()."""
    items = [QuickReplyItem(action=MessageAction(label=f"c{i}", text=f"c{i}")) for i in range(14)]
    message = TextMessage.construct(type="text", text="pick one", quick_reply=QuickReply.construct(items=items))
    with pytest.raises(ApiException) as exc:
        api.reply_message(ReplyMessageRequest.construct(reply_token="token-8", messages=[message]))
    assert error_of(exc)["details"][0]["property"] == "messages[0].quickReply.items"
    status, body = raw_post(fake, "/v2/bot/message/push", {"to": "U1", "messages": [{"type": "emoji"}]})
    assert status == 400 and body["details"][0]["property"] == "messages[0].type"


def _bubble(words: str) -> dict:
    """A Flex bubble holding one long text."""
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical",
                                       "contents": [{"type": "text", "text": words, "wrap": True}]}}


def test_flex_messages_over_lines_size_limits_as_the_sdk_sends_them_are_400(fake, api):
    """Thai goes out as \\uXXXX, six bytes a letter: 4,900 Thai letters are 29 KB, 5,100 are over 30 KB,
    and ten bubbles of 900 (5.5 KB each as sent, 9 KB of UTF-8 in all) make a carousel over 50 KB."""
    def flex(contents):
        return {"to": "U1", "messages": [{"type": "flex", "altText": "cases", "contents": contents}]}

    assert raw_post(fake, "/v2/bot/message/push", flex(_bubble("ก" * 4900)))[0] == 200
    status, body = raw_post(fake, "/v2/bot/message/push", flex(_bubble("ก" * 5100)))
    assert status == 400 and body["details"][0]["property"] == "messages[0].contents"
    carousel = {"type": "carousel", "contents": [_bubble("ก" * 900) for _ in range(10)]}
    assert len(json.dumps(carousel, ensure_ascii=False).encode()) < 50_000 < len(json.dumps(carousel))
    status, body = raw_post(fake, "/v2/bot/message/push", flex(carousel))
    assert status == 400 and body["details"][0]["property"] == "messages[0].contents"
    carousel["contents"] = carousel["contents"][:8]
    assert raw_post(fake, "/v2/bot/message/push", flex(carousel))[0] == 200
    assert len(fake.deliveries) == 2


def raw_post(fake, path, payload):
    """POST JSON without the SDK, for bodies its models would not build."""
    request = urllib.request.Request(fake.base_url + path, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_loading_animation_and_profile_answer_like_line(fake, api):
    """Loading is 202 with {}; the profile names a Thai-speaking test user."""
    assert api.show_loading_animation(ShowLoadingAnimationRequest(chatId="U1", loadingSeconds=10)) == {}
    assert fake.requests[-1].json == {"chatId": "U1", "loadingSeconds": 10}
    profile = api.get_profile("U1")
    assert (profile.user_id, profile.display_name, profile.language) == ("U1", "Test User", "th")


def test_helpers_find_what_each_user_was_sent(fake, api):
    """messages_to() joins pushes with replies on registered tokens; texts() includes flex altText."""
    fake.register_reply_token("token-9", "U1")
    reply(api, "token-9", "got your photo")
    push(api, "U2", "someone else")
    card = FlexMessage(alt_text="Case #42: fixed", contents=FlexBubble())
    api.push_message(PushMessageRequest(to="U1", messages=[card]))
    assert [m.get("text") or m.get("altText") for m in fake.messages_to("U1")] == ["got your photo", "Case #42: fixed"]
    assert fake.texts() == ["got your photo", "someone else", "Case #42: fixed"]
    fake.reset()
    assert fake.requests == [] and fake.deliveries == []
    reply(api, "token-9", "tokens are forgotten by reset")


def test_wait_for_returns_the_truthy_value_or_fails_after_the_timeout(fake):
    """A failing wait says what was delivered, to make the test failure readable."""
    assert fake.wait_for(lambda: 42) == 42
    with pytest.raises(AssertionError, match="deliveries="):
        fake.wait_for(lambda: False, timeout=0.05)


def test_sign_matches_lines_documented_webhook_signature():
    """The SDK's own validator accepts what sign() produces, and rejects it for another body."""
    body, secret = '{"destination":"U0","events":[]}'.encode(), "channel-secret"
    validator = SignatureValidator(secret)
    assert validator.validate(body.decode(), sign(body, secret))
    assert not validator.validate(body.decode() + " ", sign(body, secret))


def test_a_push_dropped_after_acceptance_reaches_the_user_though_the_client_sees_no_answer(fake, api):
    fake.drop_next("push")
    with pytest.raises(urllib3.exceptions.HTTPError):
        push(api, "U1", "your case is fixed", retry_key="k-3")
    assert [d.to for d in fake.deliveries] == ["U1"]
    with pytest.raises(ApiException) as exc:
        push(api, "U1", "your case is fixed", retry_key="k-3")
    assert exc.value.status == 409 and len(fake.deliveries) == 1


def test_a_reply_dropped_before_acceptance_delivers_nothing_and_keeps_its_token(fake, api):
    fake.drop_next("reply", after_accepting=False)
    with pytest.raises(urllib3.exceptions.HTTPError):
        reply(api, "tok-drop", "hello")
    assert fake.deliveries == []
    reply(api, "tok-drop", "hello")
    assert len(fake.deliveries) == 1


def test_chaos_fails_about_the_asked_share_of_calls_the_same_way_for_the_same_seed(fake, api):
    outcomes = []
    for seed in (7, 7):
        fake.reset()
        fake.chaos(0.5, seed=seed, kinds=("push",), timeout_delay=0.3)
        statuses = []
        for n in range(40):
            try:
                statuses.append(push(api, "U1", f"m{n}", retry_key=str(uuid.uuid4()),
                                     _request_timeout=0.1).status_code)
            except ApiException as error:
                statuses.append(error.status)
            except urllib3.exceptions.HTTPError:
                statuses.append(None)
        outcomes.append((statuses, fake.injected))
    assert outcomes[0] == outcomes[1]
    statuses, injected = outcomes[0]
    assert 10 <= sum(injected.values()) <= 30 and set(injected) <= {
        "500", "429", "drop-before", "drop-after", "timeout"}
    assert statuses.count(200) == 40 - sum(injected.values())
    assert any(r.status == 429 for r in fake.requests)


def test_a_streamed_body_is_sent_as_it_is_made_and_a_reader_may_stop_early(fake, client):
    from tests.fakes.line_api import Streamed
    fake.add_streamed_content("big", Streamed(size=50 * 1024 * 1024, head=b"\xff\xd8"))
    response = client.request("GET", f"{fake.base_url}/v2/bot/message/big/content",
                              headers={"Authorization": f"Bearer {TOKEN}"}, _preload_content=False)
    assert response.headers["Content-Length"] == str(50 * 1024 * 1024)
    assert response.read(2) == b"\xff\xd8"
    response.close()
    fake.add_content("small", b"ok", content_type="image/png")
    assert bytes(MessagingApiBlob(client).get_message_content("small")) == b"ok"
