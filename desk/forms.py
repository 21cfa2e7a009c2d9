"""A page's posted form, read once per request: an ordinary form with `request.post()`, a form
carrying a file (multipart) part by part, so a photo or PDF larger than the request limit the
webhooks keep (MAX_BODY_BYTES) can still come with a reply, and one larger than the file limit
is refused with 413 before it is all read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union
from urllib.parse import unquote

from aiohttp import BodyPartReader, web

from desk.keys import SETTINGS

MAX_FIELD_BYTES = 64 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class UploadedFile:
    name: str | None
    data: bytes


Value = Union[str, UploadedFile]
FORM = web.RequestKey("desk_form", dict)


async def _read_part(part: BodyPartReader, limit: int) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data += chunk
        if len(data) > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(data))
    return bytes(data)


async def posted(request: web.Request) -> dict[str, Value]:
    """The form's fields (the first of each name); a file field as an UploadedFile."""
    if FORM in request:
        return request[FORM]
    fields: dict[str, Value] = {}
    if request.content_type == "multipart/form-data":
        settings = request.app[SETTINGS]
        file_limit = max(settings.max_image_bytes, settings.max_document_bytes)
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name or part.name in fields:
                continue
            if part.filename is not None:
                data = await _read_part(part, file_limit)
                if data:
                    # some clients percent-encode the name ("sau%20sua.jpg")
                    fields[part.name] = UploadedFile(unquote(part.filename), data)
            else:
                raw = await _read_part(part, MAX_FIELD_BYTES)
                fields[part.name] = raw.decode(part.get_charset("utf-8"), errors="replace")
    else:
        for name, value in (await request.post()).items():
            if isinstance(value, str) and name not in fields:
                fields[name] = value
    request[FORM] = fields
    return fields
