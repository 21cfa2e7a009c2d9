"""The real gateway app with the desk mounted, over the seeded database (SQLite and PostgreSQL).

Each `Browser` keeps its own cookies (the test client's jar is switched off), so a test can have
officials of several units signed in at once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse, DummyCookieJar
from aiohttp.test_utils import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from core.settings import Settings
from desk.__main__ import create_desk_app
from desk.security import API_TOKEN_PREFIX, new_secret, sha256_hex
from storage.db import Database
from storage.models import (
    AuditEntry,
    Channel,
    Department,
    Official,
    OutboxMessage,
    Petition,
    PetitionKind,
)
from storage.services import desk_accounts
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import submit_petition
from tests.conftest import SEED_PASSWORD

CSRF_INPUT = re.compile(r'name="csrf" value="([^"]+)"')
TOKEN_SHOWN = re.compile(r'id="new-token">([^<]+)<')


class Browser:
    """One official's browser: cookies, and the CSRF token of the last page read."""

    def __init__(self, client: TestClient[Any, Any]) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None

    def _remember(self, response: ClientResponse) -> None:
        for name, morsel in response.cookies.items():
            if morsel.value == "" or morsel.get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    async def request(self, method: str, path: str, **kwargs: Any) -> ClientResponse:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = await self.client.request(
            method, path, headers=headers, allow_redirects=False, **kwargs
        )
        self._remember(response)
        return response

    async def get(self, path: str, **kwargs: Any) -> ClientResponse:
        response = await self.request("GET", path, **kwargs)
        if response.content_type == "text/html":
            found = CSRF_INPUT.search(await response.text())
            if found:
                self.csrf = found.group(1)
        return response

    async def text(self, path: str) -> str:
        response = await self.get(path)
        assert response.status == 200, (path, response.status)
        return await response.text()

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: str | None = "auto"
    ) -> ClientResponse:
        form = dict(data or {})
        if csrf == "auto":
            if self.csrf is None:
                await self.get("/desk")
            form["csrf"] = self.csrf
        elif csrf is not None:
            form["csrf"] = csrf
        return await self.request("POST", path, data=form)

    async def login(self, username: str, password: str = SEED_PASSWORD) -> ClientResponse:
        await self.get("/desk/login")
        response = await self.post(
            "/desk/login", {"username": username, "password": password, "next": "/desk"}
        )
        self.csrf = None
        return response


@dataclass
class Desk:
    client: TestClient[Any, Any]
    database: Database
    settings: Settings
    _keys: list[str] = field(default_factory=list)

    def browser(self) -> Browser:
        return Browser(self.client)

    async def signed_in(self, username: str) -> Browser:
        browser = self.browser()
        response = await browser.login(username)
        assert response.status == 302, await response.text()
        assert response.headers["Location"] == "/desk"
        await browser.get("/desk")
        return browser

    async def official(self, username: str) -> Official:
        async with self.database.session() as session:
            official = await session.scalar(select(Official).where(Official.username == username))
        assert official is not None
        return official

    async def department_id(self, code: str) -> int:
        async with self.database.session() as session:
            ident = await session.scalar(select(Department.id).where(Department.code == code))
        assert ident is not None
        return ident

    async def token(self, username: str) -> str:
        """An API token made straight in storage (the tokens page has its own test)."""
        official = await self.official(username)
        token = API_TOKEN_PREFIX + new_secret()
        async with self.database.transaction() as session:
            await desk_accounts.create_api_token(
                session, official.id, "tests", sha256_hex(token), None
            )
        return token

    async def api(
        self, method: str, path: str, token: str | None, json: Any = None
    ) -> ClientResponse:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.request(method, path, headers=headers, json=json)

    async def petition(
        self,
        *,
        kind: PetitionKind = PetitionKind.REPORT,
        category: str = "khac",
        commune_code: str | None = "viet_tri",
        channel: Channel = Channel.TELEGRAM,
        user_id: str | None = None,
        **overrides: Any,
    ) -> Petition:
        """A petition filed through storage, as the assistant files it. The defaults route to
        the reception board (tiep_cong_dan)."""
        async with self.database.session() as session:
            citizen = await get_or_create_citizen(
                session,
                channel,
                user_id or uuid.uuid4().hex[:10],
                overrides.pop("display_name", None),
            )
            await session.commit()
            values: dict[str, Any] = {
                "idempotency_key": uuid.uuid4().hex,
                "citizen_id": citizen.id,
                "channel": channel,
                "kind": kind,
                "category": category,
                "description": "Rác thải đổ trộm ven đường suốt một tuần",
                "commune_code": commune_code,
                "address": "Đường Bà Triệu",
                "latitude": None,
                "longitude": None,
                "contact_phone": None,
                "anonymous": False,
                "attachment_ids": None,
            }
            values.update(overrides)
            petition, created = await submit_petition(session, **values)
            await session.commit()
        assert created
        return petition

    async def outbox(self) -> list[OutboxMessage]:
        async with self.database.session() as session:
            rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            return list(rows.all())

    async def reload(self, petition_id: int) -> Petition:
        async with self.database.session() as session:
            petition = await session.get(Petition, petition_id)
        assert petition is not None
        return petition

    async def audit_actions(self, official_id: int | None = None) -> list[str]:
        async with self.database.session() as session:
            query = select(AuditEntry.action).order_by(AuditEntry.id)
            if official_id is not None:
                query = query.where(AuditEntry.official_id == official_id)
            return list((await session.scalars(query)).all())

    async def count(self, model: Any) -> int:
        async with self.database.session() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def desk_settings(database: Database, tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for the desk over `database`, with no Rasa behind it."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        attachments_dir=tmp_path / "attachments",
        database_url=database.url,
        desk_secret_key=SecretStr("k" * 48),
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        **overrides,
    )


@pytest.fixture
async def desk(aiohttp_client: Any, seeded_database: Database, tmp_path: Path) -> Desk:
    settings = desk_settings(seeded_database, tmp_path)
    client = await aiohttp_client(create_desk_app(settings), cookie_jar=DummyCookieJar())
    return Desk(client, seeded_database, settings)


def leaked(text: str, secrets: Iterable[str]) -> list[str]:
    """The secrets that do appear in the text (an empty list is what a test wants)."""
    return [s for s in secrets if s in text]
