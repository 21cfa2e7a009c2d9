"""A petition's photos on the desk: thumbnails on the item page, the full picture without its
metadata, only for the unit holding the item, every opening audited."""

from __future__ import annotations

import io

from PIL import Image

from storage import media
from storage.file_store import FileStore
from storage.models import Attachment, AttachmentStatus
from tests.desk.conftest import Desk


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[media.GPS_IFD] = {1: "N", 2: (21.0, 19.0, 57.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 160, 60)).save(out, "JPEG", exif=exif)
    return out.getvalue()


async def stored_photo(desk: Desk, petition_id: int, citizen_id: int) -> int:
    data = photo_with_gps()
    store = FileStore(desk.settings.effective_attachments_dir)
    digest = store.put(data)
    store.put(media.thumbnail(data), "thumb", digest)
    async with desk.database.session() as session:
        attachment = Attachment(
            citizen_id=citizen_id,
            petition_id=petition_id,
            kind="photo",
            reference="AgACAgQAAxkBAAIBlarge",
            status=AttachmentStatus.STORED,
            sha256=digest,
            mime="image/jpeg",
        )
        session.add(attachment)
        await session.commit()
        return attachment.id


async def test_a_stored_photo_shows_as_a_picture_and_opens_without_its_metadata(
    desk: Desk,
) -> None:
    petition = await desk.petition()
    attachment_id = await stored_photo(desk, petition.id, petition.citizen_id)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert f'src="/desk/attachments/{attachment_id}/thumb"' in page
    thumb = await browser.get(f"/desk/attachments/{attachment_id}/thumb")
    assert thumb.status == 200 and thumb.headers["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(await thumb.read())).size) == media.THUMBNAIL_SIDE
    full = await browser.get(f"/desk/attachments/{attachment_id}")
    shown = Image.open(io.BytesIO(await full.read()))
    assert shown.size == (800, 600)
    assert dict(shown.getexif()) == {}  # the GPS of the original does not leave
    assert full.headers["Cache-Control"].startswith("private")
    assert "attachment_viewed" in await desk.audit_actions()


async def test_another_units_official_cannot_open_the_photo(desk: Desk) -> None:
    petition = await desk.petition()  # held by the reception board
    attachment_id = await stored_photo(desk, petition.id, petition.citizen_id)
    outsider = await desk.signed_in("xaydung")
    assert (await outsider.get(f"/desk/attachments/{attachment_id}")).status == 404
    assert (await outsider.get(f"/desk/attachments/{attachment_id}/thumb")).status == 404
    assert (await outsider.get("/desk/attachments/999999")).status == 404
