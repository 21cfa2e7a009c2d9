"""Open311 through the running gateway, as a province portal uses it: real HTTP, the photo its
media_url names fetched by the gateway's worker from the portal's (local) server, and the state
read back in XML."""

from __future__ import annotations

import asyncio
import io
import time
import xml.etree.ElementTree as ElementTree

import aiohttp
from PIL import Image
from sqlalchemy import select

from storage.db import Database
from storage.models import Attachment, AttachmentStatus, Official, Petition
from storage.services import open311, petitions
from tests.fakes.zalo import FakeZaloAPI
from tests.servers import Stack


async def _issued_key(database: Database) -> str:
    async with database.session() as session:
        admin = await session.scalar(select(Official).where(Official.username == "admin"))
        assert admin is not None
        _, secret = await open311.issue_key(session, admin.id, "Cổng dịch vụ công")
        await session.commit()
    return secret


async def _stored_photo(database: Database, petition_id: int, timeout: float = 30.0) -> Attachment:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with database.session() as session:
            row = await session.scalar(
                select(Attachment).where(Attachment.petition_id == petition_id)
            )
        if row is not None and row.status != AttachmentStatus.PENDING:
            return row
        await asyncio.sleep(0.2)
    raise AssertionError(f"the photo of petition {petition_id} was not fetched in {timeout} s")


async def test_a_portal_files_a_report_with_a_photo_and_reads_its_answer(
    stack: Stack, zalo_api: FakeZaloAPI
) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 90, 90)).save(picture, "JPEG")
    zalo_api.media["portal-o-ga.jpg"] = picture.getvalue()
    database = Database(stack.database_url)
    try:
        key = await _issued_key(database)
        fields = {
            "api_key": key,
            "service_code": "giao_thong",
            "lat": "21.3101",
            "long": "105.4102",
            "address_string": "Đường Nguyễn Tất Thành, phường Việt Trì",
            "description": "Hố sâu trên đường Nguyễn Tất Thành sau mưa",
            "media_url": zalo_api.media_url("portal-o-ga.jpg"),
        }
        base = f"{stack.gateway_url}/open311/v2"
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/requests.xml", data=fields) as response:
                assert response.status == 200
                root = ElementTree.fromstring(await response.read())
            code = root.findtext("request/service_request_id")
            assert code
            async with database.session() as session:
                petition = await session.scalar(
                    select(Petition).where(Petition.tracking_code == code)
                )
                assert petition is not None
            photo = await _stored_photo(database, petition.id)
            assert photo.status == AttachmentStatus.STORED and photo.mime == "image/jpeg"
            async with database.transaction() as session:
                officer = await session.scalar(
                    select(Official).where(Official.username == "xaydung")
                )
                assert officer is not None
                await petitions.resolve(session, petition.id, officer.id, "Đã san lấp hố.")
            async with http.get(f"{base}/requests/{code}.xml") as response:
                assert response.status == 200
                shown = ElementTree.fromstring(await response.read())
        assert shown.findtext("request/status") == "closed"
        assert shown.findtext("request/agency_responsible") == "Sở Xây dựng"
        assert shown.findtext("request/media_url") == fields["media_url"]
    finally:
        await database.close()
