"""The gateway runs the officials' notifier when Telegram is configured, and only then."""

from __future__ import annotations

import uuid

from bot.notifier import NOTIFIER
from storage.models import Channel, Department, PetitionKind, RoutingRule
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import submit_petition
from tests.channels.conftest import Gateway, StartGateway, eventually

GROUP = "-100987654321"


async def file_petition(gateway: Gateway) -> tuple[int, str]:
    async with gateway.database.session() as session:
        unit = Department(
            code="tiep_dan", name_vi="Ban Tiếp dân", name_en="Reception", telegram_chat_id=GROUP
        )
        session.add(unit)
        await session.flush()
        session.add(RoutingRule(department_id=unit.id))
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, "90001")
        await session.commit()
        petition, _ = await submit_petition(
            session,
            idempotency_key=uuid.uuid4().hex,
            citizen_id=citizen.id,
            channel=Channel.TELEGRAM,
            kind=PetitionKind.REPORT,
            category="giao_thong",
            description="Ổ gà lớn giữa đường",
            commune_code=None,
            address=None,
            latitude=None,
            longitude=None,
            contact_phone=None,
            anonymous=False,
            attachment_ids=None,
        )
        await session.commit()
    return petition.id, petition.tracking_code


async def test_a_new_petition_reaches_the_units_group_through_the_running_gateway(
    gateway: Gateway,
) -> None:
    assert gateway.client.app.get(NOTIFIER) is not None
    petition_id, code = await file_petition(gateway)

    [call] = await eventually(lambda: gateway.telegram.calls_to("sendMessage"))

    assert call.params["chat_id"] == int(GROUP)
    assert code in call.params["text"]
    assert call.params["text"].endswith(f"https://bot.example.gov.vn/desk/petitions/{petition_id}")
    await gateway.idle()
    assert len(gateway.telegram.calls_to("sendMessage")) == 1


async def test_without_telegram_there_is_no_notifier(start_gateway: StartGateway) -> None:
    gateway = await start_gateway(telegram_bot_token=None)
    assert gateway.client.app.get(NOTIFIER) is None
    await file_petition(gateway)
    await gateway.idle()
    assert gateway.telegram.calls_to("sendMessage") == []
