"""Property tests: the Zalo signature check and the Telegram parser against hostile input."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import telegram
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.telegram.updates import UnparsableUpdate, parse_update
from bot.channels.zalo.events import BadEvent, parse_event
from bot.channels.zalo.webhook import expected_signature, signature_matches
from tests.channels import payloads as p
from tests.channels.conftest import TELEGRAM_SECRET, Gateway, sign_zalo

KEY = "oa-secret"
APP = "4321987654"
BOT = telegram.Bot("1:x", base_url="http://127.0.0.1:9/bot")

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
json_values = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)
update_keys = st.sampled_from(
    [
        "message",
        "edited_message",
        "callback_query",
        "from",
        "chat",
        "text",
        "photo",
        "location",
        "contact",
        "data",
        "id",
        "date",
        "message_id",
        "user_id",
        "latitude",
        "longitude",
        "poll",
    ]
)
# dictionaries shaped like updates, so the parser gets past its first checks
hostile_updates = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(update_keys, inner, max_size=6)
    ),
    max_leaves=30,
)


def mutations() -> st.SearchStrategy[dict[str, Any]]:
    """Real updates with one field replaced by anything."""
    bases = [
        p.telegram_text(1, "xin chào"),
        p.telegram_photo(2, "ảnh"),
        p.telegram_location(3),
        p.telegram_contact(4),
        p.telegram_callback(5, "/greet"),
    ]

    def mutate(base: dict[str, Any], path_seed: int, value: Any) -> dict[str, Any]:
        update = json.loads(json.dumps(base))
        node = update
        while True:
            keys = [k for k in node if k != "update_id"]
            key = keys[path_seed % len(keys)]
            path_seed //= len(keys) or 1
            if isinstance(node[key], dict) and node[key] and path_seed % 3:
                node = node[key]
                continue
            node[key] = value
            return update

    return st.builds(mutate, st.sampled_from(bases), st.integers(0, 10_000), json_values)


@given(raw=st.binary(max_size=300), timestamp=st.text(max_size=20))
def test_a_correct_signature_is_accepted_in_every_accepted_spelling(raw, timestamp) -> None:
    digest = hashlib.sha256(APP.encode() + raw + timestamp.encode() + KEY.encode()).hexdigest()
    assert expected_signature(APP, raw, timestamp, KEY) == digest
    for header in (digest, digest.upper(), f"mac={digest}", f" MAC={digest} "):
        assert signature_matches(header, APP, raw, timestamp, KEY)


@given(raw=st.binary(min_size=1, max_size=300), position=st.integers(0), flip=st.integers(1, 255))
def test_any_change_to_the_body_breaks_the_signature(raw, position, flip) -> None:
    signature = expected_signature(APP, raw, "1764230400123", KEY)
    index = position % len(raw)
    tampered = raw[:index] + bytes([raw[index] ^ flip]) + raw[index + 1 :]
    assert not signature_matches(signature, APP, tampered, "1764230400123", KEY)


@given(header=st.one_of(st.none(), st.text(max_size=80)), raw=st.binary(max_size=100))
def test_arbitrary_headers_never_pass(header, raw) -> None:
    assert not signature_matches(header, APP, raw, "1", KEY)


@given(data=json_values)
def test_the_zalo_parser_takes_any_json_without_crashing(data) -> None:
    try:
        parse_event(data)
    except BadEvent:
        assert not isinstance(data, dict)


@given(
    data=st.one_of(hostile_updates, mutations()),
    update_id=st.one_of(st.integers(-5, 2**64), st.text(max_size=3), st.none()),
)
def test_the_telegram_parser_either_parses_or_says_unparsable(data, update_id) -> None:
    update = {**data, "update_id": update_id} if isinstance(data, dict) else {"update_id": 1}
    try:
        parsed = parse_update(update, BOT)
    except UnparsableUpdate:
        return
    if parsed.incoming is not None:
        assert isinstance(parsed.incoming.text, str)
        json.dumps(parsed.incoming.payload)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(mutations(), hostile_updates))
async def test_the_telegram_webhook_never_answers_500(gateway: Gateway, data) -> None:
    update = data if isinstance(data, dict) else {"update_id": 1, "message": data}
    body = json.dumps(update, allow_nan=True)
    response = await gateway.client.post(
        "/webhooks/telegram",
        data=body,
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert response.status in (200, 400)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=json_values,
    event=st.sampled_from(
        [
            "user_send_text",
            "user_send_image",
            "user_send_location",
            "user_send_file",
            "follow",
            "user_submit_info",
            "oa_send_text",
            "anything",
        ]
    ),
)
async def test_a_signed_but_hostile_zalo_event_never_gets_500(
    gateway: Gateway, data, event
) -> None:
    body = {
        "event_name": event,
        "timestamp": "1764230400123",
        "sender": {"id": "12345"},
        "follower": {"id": "12345"},
        "message": data,
        "info": data,
    }
    raw = json.dumps(body, allow_nan=True).encode()
    response = await gateway.zalo_raw(raw, sign_zalo(raw, "1764230400123"))
    assert response.status in (200, 400)
