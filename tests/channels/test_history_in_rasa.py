"""Messages the gateway answers itself (an official holds the conversation) reach Rasa's tracker
with what the citizen was told, rewound so the dialogue goes on where it was; while Rasa is down
they wait, as the citizen's other messages do, and are written once when it is back."""

from __future__ import annotations

from storage.models import Channel, Department, InboxStatus
from storage.services import handoffs
from storage.services.messaging import get_or_create_citizen
from tests.channels import payloads as p
from tests.channels.conftest import Gateway, eventually

SENDER = f"telegram:{p.CITIZEN_ID}"


async def _hand_to_an_official(gateway: Gateway) -> None:
    async with gateway.database.transaction() as session:
        unit = Department(code="tiep_dan", name_vi="Ban Tiếp dân", name_en="Reception")
        session.add(unit)
        await session.flush()
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, str(p.CITIZEN_ID))
        await handoffs.start_handoff(session, citizen.id, unit.id, "muốn gặp cán bộ", [])


async def _note_sent(gateway: Gateway) -> bool:
    rows = await gateway.inbox()
    handled = len(rows) == 1 and rows[0].status != InboxStatus.PENDING
    return handled and len(gateway.telegram.sent_texts()) == 1


def _recorded(gateway: Gateway) -> list[tuple[str, str | None]]:
    return [(e["event"], e.get("text")) for e in gateway.rasa.events.get(SENDER, [])]


async def test_a_held_message_is_written_to_rasas_history_not_answered_by_it(
    gateway: Gateway,
) -> None:
    await _hand_to_an_official(gateway)
    await gateway.telegram_update(p.telegram_text(9301, "alo, có ai không?"))
    await eventually(lambda: _note_sent(gateway), timeout=15)
    # Rasa was not asked to answer; its tracker holds the message, the note, then the rewind
    assert gateway.rasa.texts() == []
    [note] = gateway.telegram.sent_texts()
    assert _recorded(gateway) == [
        ("user", "alo, có ai không?"),
        ("bot", note),
        ("rewind", None),
        ("action", None),
    ]
    [user_event] = [e for e in gateway.rasa.events[SENDER] if e["event"] == "user"]
    assert user_event["metadata"]["handled_by"] == "official_holds"
    [row] = await gateway.inbox()
    assert user_event["metadata"]["inbox_id"] == row.id


async def test_while_rasa_is_down_a_held_message_waits_and_is_written_once(
    gateway: Gateway,
) -> None:
    await _hand_to_an_official(gateway)
    gateway.rasa.down = True
    await gateway.telegram_update(p.telegram_text(9401, "em gửi thêm ảnh sau nhé"))
    await eventually(lambda: gateway.rasa.refused >= 1)
    [waiting] = await gateway.inbox()
    assert waiting.status == InboxStatus.PENDING
    async with gateway.database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, str(p.CITIZEN_ID))
        handoff = await handoffs.open_handoff(session, citizen.id)
        assert handoff is not None and handoff.transcript == []
    gateway.rasa.down = False
    await eventually(lambda: _note_sent(gateway), timeout=20)
    users = [e for e in gateway.rasa.events[SENDER] if e["event"] == "user"]
    assert [u["text"] for u in users] == ["em gửi thêm ảnh sau nhé"]
    async with gateway.database.session() as session:
        handoff = await handoffs.open_handoff(session, citizen.id)
        assert handoff is not None
        assert [t["text"] for t in handoff.transcript] == ["em gửi thêm ảnh sau nhé"]
    assert len(gateway.telegram.sent_texts()) == 1
