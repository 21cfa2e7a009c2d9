"""Signing in: the seed password works, anything else does not, repeated failures lock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from desk.security import SESSION_COOKIE
from storage.models import DeskSession, Official, utcnow
from tests.desk.conftest import Desk


async def test_login_with_the_seed_password_opens_the_queue(desk: Desk) -> None:
    browser = desk.browser()
    page = await browser.text("/desk/login")
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert 'id="login"' in page

    response = await browser.login("xaydung")

    assert response.status == 302
    assert response.headers["Location"] == "/desk"
    cookie = response.cookies[SESSION_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    queue = await browser.text("/desk")
    assert "Trần Văn Hùng" in queue
    assert await desk.audit_actions((await desk.official("xaydung")).id) == ["login"]


async def test_wrong_password_or_unknown_user_gets_no_session(desk: Desk) -> None:
    for username, password in (("xaydung", "sai-mat-khau"), ("khong-ton-tai", "x" * 12)):
        browser = desk.browser()
        response = await browser.login(username, password)
        assert response.status == 200
        assert 'id="login-error"' in await response.text()
        assert SESSION_COOKIE not in browser.cookies
        assert (await browser.get("/desk")).status == 302
    assert await desk.count(DeskSession) == 0
    assert (await desk.official("xaydung")).failed_logins == 1


async def test_five_failures_lock_the_account_for_fifteen_minutes(desk: Desk) -> None:
    browser = desk.browser()
    for _ in range(5):
        response = await browser.login("xaydung", "doan-sai")
    assert "15" in await response.text()
    locked = await desk.official("xaydung")
    assert locked.locked_until is not None
    assert dt.timedelta(minutes=14) < locked.locked_until - utcnow() <= dt.timedelta(minutes=15)

    right_but_locked = await browser.login("xaydung")
    assert right_but_locked.status == 200
    assert SESSION_COOKIE not in browser.cookies

    async with desk.database.session() as session:
        await session.execute(
            update(Official)
            .where(Official.id == locked.id)
            .values(locked_until=utcnow() - dt.timedelta(seconds=1))
        )
        await session.commit()
    assert (await browser.login("xaydung")).status == 302
    actions = await desk.audit_actions(locked.id)
    assert actions.count("login_failed") == 5
    assert "locked" in actions
    assert "login_refused_locked" in actions
    assert actions[-1] == "login"


async def test_login_form_without_its_csrf_token_is_refused(desk: Desk) -> None:
    browser = desk.browser()
    await browser.get("/desk/login")
    form = {"username": "xaydung", "password": "mat-khau-thu-nghiem"}
    assert (await browser.post("/desk/login", form, csrf=None)).status == 403
    assert (await browser.post("/desk/login", form, csrf="gia-mao")).status == 403
    stranger = desk.browser()  # no login cookie at all
    assert (await stranger.post("/desk/login", form, csrf=browser.csrf)).status == 403
    assert SESSION_COOKIE not in browser.cookies


async def test_logout_ends_the_session_for_a_replayed_cookie(desk: Desk) -> None:
    browser = await desk.signed_in("tiepdan")
    stolen = dict(browser.cookies)
    response = await browser.post("/desk/logout")
    assert response.status == 302
    assert response.headers["Location"] == "/desk/login"
    replay = desk.browser()
    replay.cookies = stolen
    assert (await replay.get("/desk")).status == 302
    assert await desk.count(DeskSession) == 0


async def test_a_forged_session_cookie_is_a_stranger(desk: Desk) -> None:
    browser = await desk.signed_in("tiepdan")
    value = browser.cookies[SESSION_COOKIE]
    secret, _, mac = value.rpartition(".")
    browser.cookies[SESSION_COOKIE] = secret[:-1] + ("A" if secret[-1] != "A" else "B") + "." + mac
    response = await browser.get("/desk")
    assert response.status == 302
    assert response.headers["Location"].startswith("/desk/login")


async def test_next_only_leads_inside_the_desk(desk: Desk) -> None:
    browser = desk.browser()
    await browser.get("/desk/login")
    response = await browser.post(
        "/desk/login",
        {"username": "tiepdan", "password": "mat-khau-thu-nghiem", "next": "//evil.example/x"},
    )
    assert response.headers["Location"] == "/desk"


async def test_a_page_asked_for_before_login_is_reached_after_it(desk: Desk) -> None:
    browser = desk.browser()
    response = await browser.get("/desk/reports?from=2026-01-01")
    assert response.status == 302
    assert response.headers["Location"].startswith("/desk/login?next=")
    login = await browser.get(response.headers["Location"])
    assert 'value="/desk/reports?from=2026-01-01"' in await login.text()


async def test_english_is_one_query_parameter_away_and_remembered(desk: Desk) -> None:
    browser = desk.browser()
    assert "Đăng nhập" in await browser.text("/desk/login")
    assert "Sign in" in await browser.text("/desk/login?lang=en")
    assert "Sign in" in await browser.text("/desk/login")
    assert "Đăng nhập" in await browser.text("/desk/login?lang=vi")


async def test_changing_the_password_signs_out_and_the_new_one_works(desk: Desk) -> None:
    browser = await desk.signed_in("moitruong")
    await browser.get("/desk/account")
    short = await browser.post(
        "/desk/account/password",
        {"current_password": "mat-khau-thu-nghiem", "new_password": "ngan"},
    )
    assert short.status == 400
    response = await browser.post(
        "/desk/account/password",
        {"current_password": "mat-khau-thu-nghiem", "new_password": "mat-khau-moi-dai-hon"},
    )
    assert response.status == 302
    assert (await browser.get("/desk")).status == 302
    assert (await desk.browser().login("moitruong")).status == 200
    assert (await desk.browser().login("moitruong", "mat-khau-moi-dai-hon")).status == 302
