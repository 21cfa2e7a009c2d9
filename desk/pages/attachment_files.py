"""A petition's photos and documents as officials open them: the photo upright without its
metadata, a thumbnail made once, a PDF as a download. The item's access decides (another unit's
file is not there, as its item is not); every opening is in the audit log."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import operations
from desk.keys import FILES, OFFICIAL
from storage import media
from storage.errors import NotFound
from storage.models import Attachment, AttachmentStatus, ReplyFile
from storage.services import desk_accounts

# officials' copies may be kept by the browser for the session, never by shared caches
_PRIVATE = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}


async def _stored(request: web.Request, session: AsyncSession) -> Attachment:
    raw = request.match_info["attachment_id"]
    if not raw.isdigit():
        raise NotFound("attachment")
    attachment = await session.get(Attachment, int(raw))
    if (
        attachment is None
        or attachment.petition_id is None
        or attachment.status != AttachmentStatus.STORED
        or attachment.sha256 is None
    ):
        raise NotFound("attachment")
    # the item's own check: another unit's item, and so its files, are not there
    await operations.unit_petition(session, request[OFFICIAL], attachment.petition_id)
    return attachment


async def attachment_file(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    attachment = await _stored(request, session)
    store = request.app[FILES]
    assert attachment.sha256 is not None
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "attachment_viewed", f"attachment:{attachment.id}"
    )
    await session.commit()
    if attachment.mime == "application/pdf":
        data = await asyncio.to_thread(store.get, attachment.sha256)
        if data is None:
            raise NotFound("attachment")
        return web.Response(
            body=data,
            content_type="application/pdf",
            headers={
                **_PRIVATE,
                "Content-Disposition": f'attachment; filename="tep-dinh-kem-{attachment.id}.pdf"',
            },
        )
    view = await asyncio.to_thread(store.get, attachment.sha256, "view")
    if view is None:
        original = await asyncio.to_thread(store.get, attachment.sha256)
        if original is None:
            raise NotFound("attachment")
        view = await asyncio.to_thread(media.viewable, original)
        await asyncio.to_thread(store.put, view, "view", attachment.sha256)
    return web.Response(body=view, content_type="image/jpeg", headers=_PRIVATE)


async def attachment_thumbnail(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    attachment = await _stored(request, session)
    assert attachment.sha256 is not None
    thumb = await asyncio.to_thread(request.app[FILES].get, attachment.sha256, "thumb")
    if thumb is None:
        raise NotFound("attachment")
    return web.Response(body=thumb, content_type="image/jpeg", headers=_PRIVATE)


async def reply_file(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    """A photo or PDF an official sent with a reply, under its item's access; audited."""
    raw = request.match_info["file_id"]
    found = await session.get(ReplyFile, int(raw)) if raw.isdigit() else None
    if found is None:
        raise NotFound("file")
    await operations.unit_petition(session, request[OFFICIAL], found.petition_id)
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "reply_file_viewed", f"reply_file:{found.id}"
    )
    await session.commit()
    data = await asyncio.to_thread(request.app[FILES].get, found.sha256)
    if data is None:
        raise NotFound("file")
    disposition = "attachment" if found.mime == "application/pdf" else "inline"
    return web.Response(
        body=data,
        content_type=found.mime,
        headers={**_PRIVATE, "Content-Disposition": f'{disposition}; filename="{found.name}"'},
    )
