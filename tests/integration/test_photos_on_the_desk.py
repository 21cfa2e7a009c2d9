"""A photo sent on Telegram, on Zalo and from the web chat's attach button is fetched by the
gateway's worker, kept, and shows as a picture on its petition's desk page in a real browser
(headless Chromium); the screenshot is kept under tests/artifacts/."""

from __future__ import annotations

import asyncio
import io
import time
import uuid
from pathlib import Path

import aiohttp
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from storage.db import Database
from storage.models import Attachment, AttachmentStatus, Channel, Citizen
from storage.services.petitions import submit_petition
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.browser import wait_for
from tests.integration.conftest import ZALO_APP_ID
from tests.integration.test_channels_end_to_end import (
    post_telegram,
    signed_zalo,
    telegram_update,
)
from tests.integration.test_desk_in_browser import SEED_PASSWORD, _submit
from tests.servers import Stack

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def picture(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(out, "JPEG")
    return out.getvalue()


async def _stored(stack: Stack, channel: Channel, user: str) -> tuple[int, int]:
    """(citizen id, attachment id) once the worker has kept the citizen's photo."""
    database = Database(stack.database_url)
    try:
        found: list[tuple[int, int]] = []

        async def kept() -> bool:
            async with database.session() as session:
                rows = await session.execute(
                    select(Citizen.id, Attachment.id)
                    .join(Attachment, Attachment.citizen_id == Citizen.id)
                    .where(
                        Citizen.channel == channel,
                        Citizen.channel_user_id == user,
                        Attachment.status == AttachmentStatus.STORED,
                    )
                )
                found[:] = [(int(c), int(a)) for c, a in rows.all()]
            return bool(found)

        deadline = time.monotonic() + 40
        while not await kept():
            assert time.monotonic() < deadline, f"the {channel.value} photo was never kept"
            await asyncio.sleep(0.2)
        return found[0]
    finally:
        await database.close()


async def _petition_with(stack: Stack, citizen_id: int, channel: Channel, attachment: int) -> int:
    database = Database(stack.database_url)
    try:
        async with database.transaction() as session:
            petition, _ = await submit_petition(
                session,
                idempotency_key=uuid.uuid4().hex,
                citizen_id=citizen_id,
                channel=channel,
                kind="phan_anh",
                category="khac",
                description=f"Ảnh gửi qua {channel.value}: bãi rác tự phát cạnh chợ",
                commune_code=None,
                address=None,
                latitude=None,
                longitude=None,
                contact_phone=None,
                anonymous=True,
                attachment_ids=[attachment],
            )
            return petition.id
    finally:
        await database.close()


async def test_photos_from_every_channel_show_on_their_desk_pages(
    stack: Stack, telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI, browser: WebDriver
) -> None:
    telegram_user = 8_800_001
    telegram_api.files["AgACAgQAAxkBAAIBdesk"] = picture((200, 60, 60))
    update = telegram_update(
        telegram_user,
        photo=[
            {
                "file_id": "AgACAgQAAxkBAAIBdesk",
                "file_unique_id": "AQADd",
                "file_size": 40_000,
                "width": 800,
                "height": 600,
            }
        ],
    )
    assert await post_telegram(stack, update) == 200

    zalo_user = f"2512{int(time.time() * 1000) % 10**12:012d}"
    zalo_api.media["desk.jpg"] = picture((60, 160, 60))
    event = {
        "app_id": ZALO_APP_ID,
        "user_id_by_app": "1",
        "event_name": "user_send_image",
        "timestamp": str(int(time.time() * 1000)),
        "sender": {"id": zalo_user},
        "recipient": {"id": "579745863508352884"},
        "message": {
            "msg_id": f"zimg-{uuid.uuid4().hex[:8]}",
            "attachments": [{"type": "image", "payload": {"url": zalo_api.media_url("desk.jpg")}}],
        },
    }
    raw, signature = signed_zalo(event)
    web_session = "anh-" + uuid.uuid4().hex[:12]
    form = aiohttp.FormData()
    form.add_field("session", web_session)
    form.add_field(
        "file", picture((60, 60, 200)), filename="bai-rac.jpg", content_type="image/jpeg"
    )
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.gateway_url}/webhooks/zalo",
            data=raw,
            headers={"X-ZEvent-Signature": signature, "Content-Type": "application/json"},
        ) as response:
            assert response.status == 200
        async with http.post(f"{stack.gateway_url}/webchat/upload", data=form) as response:
            assert response.status in (200, 202), await response.text()

    petitions = {}
    for channel, user in (
        (Channel.TELEGRAM, str(telegram_user)),
        (Channel.ZALO, zalo_user),
        (Channel.WEB, web_session),
    ):
        citizen, attachment = await _stored(stack, channel, user)
        petitions[channel] = (await _petition_with(stack, citizen, channel, attachment), attachment)
    ARTIFACTS.mkdir(exist_ok=True)

    def look() -> dict[Channel, int]:
        browser.get(f"{stack.gateway_url}/desk/login")
        wait_for(browser, "input[name=username]").send_keys("tiepdan")
        browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(SEED_PASSWORD)
        _submit(browser, "#login")
        widths = {}
        for channel, (petition_id, attachment) in petitions.items():
            browser.get(f"{stack.gateway_url}/desk/petitions/{petition_id}")
            image = wait_for(browser, f"img#attachment-{attachment}")
            # loaded and decoded by the browser: a picture, not a broken link
            widths[channel] = WebDriverWait(browser, 20).until(
                lambda d, image=image: d.execute_script(
                    "const i = arguments[0]; return i.complete && i.naturalWidth;", image
                )
            )
            if channel == Channel.WEB:
                browser.save_screenshot(str(ARTIFACTS / "desk-photo.png"))
        return widths

    widths = await asyncio.to_thread(look)
    assert all(width > 0 for width in widths.values()), widths
    assert (ARTIFACTS / "desk-photo.png").stat().st_size > 10_000
