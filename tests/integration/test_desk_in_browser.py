"""An official works a petition in a real browser (Debian's headless Chromium): logs in, finds
the citizen's new report, claims it, replies and resolves it; the citizen's chat receives both.
Screenshots of the queue and the reports are kept under tests/artifacts/."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from storage.db import Database
from storage.deadlines import VIETNAM
from storage.models import Channel, Department, Official, Petition, Role
from storage.passwords import hash_password
from storage.services import consultations
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import submit_petition
from tests.integration.browser import wait_for
from tests.integration.conftest import WebChat, texts
from tests.integration.test_petitions import file_street_light_report
from tests.servers import Stack

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
SEED_PASSWORD = "mat-khau-thu-nghiem"  # the stack's SEED_OFFICIAL_PASSWORD


def _submit(driver: WebDriver, css: str) -> None:
    """Clicks the button `css` and waits for the page it leads to.

    The element is looked up afresh on each try: a page still settling after the previous
    submit can swap its nodes between the look-up and the click.
    """
    for attempt in range(3):
        button = WebDriverWait(driver, 20).until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, css))
        )
        try:
            button.click()
            break
        except (StaleElementReferenceException, WebDriverException):
            # the click did not happen (the node was gone); a click that happened is never
            # repeated, so a reply is never sent twice
            if attempt == 2:
                raise
    WebDriverWait(driver, 20).until(lambda _driver: _gone(button))


def _gone(element: WebElement) -> bool:
    """Whether the page the element was on has been replaced. Chromium sometimes reports a node
    of the replaced page as "does not belong to the document" instead of as stale: gone too."""
    try:
        element.is_enabled()
    except (StaleElementReferenceException, WebDriverException):
        return True
    return False


async def test_an_official_claims_answers_and_resolves_in_the_browser(
    stack: Stack, browser: WebDriver
) -> None:
    chat = WebChat(stack.gateway_url)
    code = await file_street_light_report(chat)
    ARTIFACTS.mkdir(exist_ok=True)

    def work_the_item() -> None:
        browser.get(f"{stack.gateway_url}/desk/login")
        wait_for(browser, "input[name=username]").send_keys("xaydung")
        browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(SEED_PASSWORD)
        _submit(browser, "#login")
        wait_for(browser, "a.queue-item")
        # what just came in has the latest due date: the official sorts by it, since the shared
        # stack's earlier tests fill more than the first page of this department's queue
        browser.get(f"{stack.gateway_url}/desk?sort=-due")
        wait_for(browser, f"a.queue-item[data-code='{code}']")
        browser.save_screenshot(str(ARTIFACTS / "desk-queue.png"))
        _submit(browser, f"a.queue-item[data-code='{code}']")
        _submit(browser, "#claim")
        reply = wait_for(browser, "textarea[name=text]")
        reply.clear()
        reply.send_keys("Chúng tôi đã cử đội điện lực đến kiểm tra ngõ 12.")
        _submit(browser, "#send-reply")
        _submit(browser, "#resolve")
        WebDriverWait(browser, 20).until(
            lambda d: (
                "resolved" in d.page_source.lower() or "đã giải quyết" in d.page_source.lower()
            )
        )
        browser.get(f"{stack.gateway_url}/desk/reports")
        wait_for(browser, "svg")
        browser.save_screenshot(str(ARTIFACTS / "desk-reports.png"))

    await asyncio.to_thread(work_the_item)
    told = texts(await chat.wait_for_more())
    assert "Chúng tôi đã cử đội điện lực đến kiểm tra ngõ 12." in told
    assert code in told
    assert (ARTIFACTS / "desk-queue.png").stat().st_size > 10_000
    assert (ARTIFACTS / "desk-reports.png").stat().st_size > 10_000


MAP_OFFICER = "bando.caophong"


async def _cao_phong_reports(stack: Stack) -> str:
    """A unit of its own (so other tests' items stay off its map), with an officer, and five of
    its rubbish reports in Cao Phong: three at one spot (one long overdue), one 5 km away and
    one with only the commune. Returns the far one's code."""
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            unit = Department(code="bando_cao_phong", name_vi="Tổ bản đồ", name_en="Map team")
            session.add(unit)
            await session.flush()
            session.add(
                Official(
                    username=MAP_OFFICER,
                    full_name="Cán bộ bản đồ",
                    password_hash=hash_password(SEED_PASSWORD),
                    role=Role.OFFICER,
                    department_id=unit.id,
                )
            )
            citizen = await get_or_create_citizen(session, Channel.ZALO, "map-citizen")
            await session.commit()
            codes = []
            spots = [
                (20.7101, 105.3401, dt.datetime(2026, 1, 5, 3, tzinfo=dt.timezone.utc)),
                (20.7102, 105.3402, None),
                (20.7103, 105.3401, None),
                (20.7500, 105.3400, None),
                (None, None, None),
            ]
            for n, (latitude, longitude, when) in enumerate(spots):
                petition, _ = await submit_petition(
                    session,
                    idempotency_key=f"map-{n}-{uuid.uuid4().hex}",
                    citizen_id=citizen.id,
                    channel=Channel.ZALO,
                    kind="phan_anh",
                    category="moi_truong",
                    description=f"Bãi rác tự phát số {n} bốc mùi",
                    commune_code="cao_phong",
                    address=None,
                    latitude=latitude,
                    longitude=longitude,
                    contact_phone=None,
                    anonymous=True,
                    attachment_ids=None,
                    now=when,
                )
                codes.append(petition.tracking_code)
            for moved in await session.scalars(
                select(Petition).where(Petition.tracking_code.in_(codes))
            ):
                moved.department_id = unit.id
            await session.commit()
    finally:
        await database.close()
    return codes[3]


async def test_the_map_clusters_the_units_items_by_their_clock_and_opens_one(
    stack: Stack, browser: WebDriver
) -> None:
    far = await _cao_phong_reports(stack)
    ARTIFACTS.mkdir(exist_ok=True)

    def look_at_the_map() -> str:
        browser.get(f"{stack.gateway_url}/desk/login")
        wait_for(browser, "input[name=username]").send_keys(MAP_OFFICER)
        browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(SEED_PASSWORD)
        _submit(browser, "#login")
        browser.get(f"{stack.gateway_url}/desk/map?category=moi_truong")
        WebDriverWait(browser, 20).until(
            lambda d: d.find_element(By.ID, "map").get_attribute("data-loaded") not in (None, "")
        )
        assert browser.find_element(By.ID, "map").get_attribute("data-loaded") != "error"
        # the three at one spot are one cluster, red for its overdue item (waited on: the
        # clusters are drawn again as the map settles on its zoom)
        WebDriverWait(browser, 20).until(
            lambda d: (
                [
                    e.get_attribute("textContent")
                    for e in d.find_elements(By.CSS_SELECTOR, ".cluster.state-overdue")
                ]
                == ["3"]
            ),
            message="no red cluster of three",
        )
        # the commune-only item is counted on the commune's centre
        commune = wait_for(browser, ".cluster.commune-count")
        assert commune.get_attribute("textContent") == "1"
        browser.execute_script("arguments[0].scrollIntoView();", browser.find_element(By.ID, "map"))
        browser.save_screenshot(str(ARTIFACTS / "desk-map.png"))
        marker = wait_for(browser, f"path.petition-marker.code-{far}.state-on_time")
        ActionChains(browser).move_to_element(marker).click().perform()
        return str(wait_for(browser, "h1#tracking-code").text)

    opened = await asyncio.to_thread(look_at_the_map)
    assert opened == far
    assert (ARTIFACTS / "desk-map.png").stat().st_size > 5_000


async def test_the_public_scoreboard_opens_without_signing_in(
    stack: Stack, browser: WebDriver
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            citizen = await get_or_create_citizen(session, Channel.WEB, "scoreboard-citizen")
            await session.commit()
            await submit_petition(
                session,
                idempotency_key=f"scoreboard-{uuid.uuid4().hex}",
                citizen_id=citizen.id,
                channel=Channel.WEB,
                kind="phan_anh",
                category="giao_thong",
                description="Ổ gà trước cổng chợ, xin được vá",
                commune_code="viet_tri",
                address=None,
                latitude=None,
                longitude=None,
                contact_phone=None,
                anonymous=True,
                attachment_ids=None,
            )
            await session.commit()
    finally:
        await database.close()

    def look() -> str:
        browser.get(f"{stack.gateway_url}/scoreboard")
        table = wait_for(browser, "table#scoreboard")
        browser.save_screenshot(str(ARTIFACTS / "scoreboard.png"))
        return str(table.get_attribute("textContent"))

    shown = await asyncio.to_thread(look)
    # the roads report just filed is the construction department's, counted this month
    assert "Sở Xây dựng" in shown and "Ổ gà" not in shown
    assert (ARTIFACTS / "scoreboard.png").stat().st_size > 5_000


async def _answer(stack: Stack, code: str, answers: list[tuple[int | None, str | None]]) -> None:
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            for choice, text in answers:
                citizen = await get_or_create_citizen(session, Channel.WEB, uuid.uuid4().hex[:10])
                await session.commit()
                await consultations.answer(
                    session,
                    code,
                    citizen.id,
                    choice=choice,
                    text=text,
                    today=dt.datetime.now(VIETNAM).date(),
                )
                await session.commit()
    finally:
        await database.close()


async def test_a_unit_head_opens_a_consultation_and_sees_its_results_as_a_chart(
    stack: Stack, browser: WebDriver
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    question = f"Có nên mở chợ đêm ở trung tâm xã không? ({uuid.uuid4().hex[:4]})"

    def create() -> str:
        browser.get(f"{stack.gateway_url}/desk/login")
        wait_for(browser, "input[name=username]").send_keys("tiepdan")
        browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(SEED_PASSWORD)
        _submit(browser, "#login")
        browser.get(f"{stack.gateway_url}/desk/consultations")
        wait_for(browser, "textarea[name=question]").send_keys(question)
        choices = browser.find_element(By.CSS_SELECTOR, "textarea[name=choices]")
        choices.send_keys("Nên mở\nKhông nên mở\nMở thử ba tháng")
        browser.find_element(By.CSS_SELECTOR, "input[name=free_text]").click()
        _submit(browser, "#create-consultation")
        heading = wait_for(browser, "h1").text
        assert question in heading, heading
        return heading.split(" · ")[0]

    code = await asyncio.to_thread(create)
    await _answer(
        stack,
        code,
        [(1, None), (1, None), (3, None), (None, "Nên có chỗ gửi xe"), (None, "nen co cho gui xe")],
    )

    def read_results() -> tuple[list[str], int, list[str]]:
        browser.refresh()
        wait_for(browser, "#choice-chart svg")
        counts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".choice-count")]
        bars = len(browser.find_elements(By.CSS_SELECTOR, "#choice-chart rect.chart-bar"))
        groups = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#free-answers li")]
        browser.save_screenshot(str(ARTIFACTS / "desk-consultation.png"))
        return counts, bars, groups

    counts, bars, groups = await asyncio.to_thread(read_results)
    assert counts == ["2", "0", "1"]
    assert bars == 3
    assert groups == ["2 · Nên có chỗ gửi xe"]
    assert (ARTIFACTS / "desk-consultation.png").stat().st_size > 10_000
