"""The GeoReport v2 methods: GET services, GET a service definition, POST a request, GET
requests and GET a request, each at `/open311/v2/…{.xml,.json}`."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from core.labels import CATEGORIES
from core.tracking_codes import normalize_tracking_code
from open311 import services
from open311.formats import errors, respond
from open311.keys import DATABASE, SETTINGS
from storage.deadlines import VIETNAM
from storage.errors import StorageError
from storage.models import PetitionKind
from storage.services import open311
from storage.services.hotspots import SurgeRules

logger = logging.getLogger(__name__)

BASE = "/open311/v2"
FORMAT = "{format:(?:xml|json)}"
MAX_DESCRIPTION = 4000
# a service request id is a tracking code (XXXX-XXXX); more than this in one query is refused
MAX_IDS = 100


class Refused(Exception):
    """A request the specification answers with an error list."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _format(request: web.Request) -> str:
    return request.match_info["format"]


def _locale(request: web.Request) -> str:
    return "en" if request.query.get("locale", "").lower().startswith("en") else "vi"


def _check_jurisdiction(request: web.Request, given: str | None) -> None:
    configured = request.app[SETTINGS].open311_jurisdiction_id
    if given and given != configured:
        raise Refused(404, f"jurisdiction_id {given!r} not found")


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _expected(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(23, 59, 59), VIETNAM).isoformat(timespec="seconds")


def _parse_datetime(value: str | None, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, f"{name} must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise Refused(400, f"{name} must include its time zone (Z or +07:00)")
    return moment


def _row(view: open311.PublicRequest, locale: str) -> dict[str, Any]:
    names = CATEGORIES.get(view.category, (view.category, view.category))
    address = view.address or view.commune_name
    return {
        "service_request_id": view.tracking_code,
        "status": "open" if view.open else "closed",
        "status_notes": view.note,
        "service_name": names[1] if locale == "en" else names[0],
        "service_code": view.category,
        "description": view.description,
        "agency_responsible": view.department_name_en
        if locale == "en"
        else view.department_name_vi,
        "service_notice": None,
        "requested_datetime": _when(view.submitted_at),
        "updated_datetime": _when(view.updated_at),
        "expected_datetime": _expected(view.due_on),
        "address": address,
        "address_id": view.commune_code,
        "zipcode": None,
        "lat": view.latitude,
        "long": view.longitude,
        "media_url": view.media_url,
    }


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _answering(produce: Handler) -> Handler:
    """Wraps a method so a refusal becomes the specification's error list."""

    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            return await produce(request)
        except Refused as refused:
            return errors(_format(request), refused.status, refused.description)

    return handler


# --- services ----------------------------------------------------------------------------------


async def _services(request: web.Request) -> web.StreamResponse:
    _check_jurisdiction(request, request.query.get("jurisdiction_id"))
    return respond(_format(request), "services", "service", services.service_list(_locale(request)))


async def _definition(request: web.Request) -> web.StreamResponse:
    _check_jurisdiction(request, request.query.get("jurisdiction_id"))
    code = request.match_info["service_code"]
    if not services.known(code):
        raise Refused(404, f"service_code {code!r} not found")
    body = services.definition(code, _locale(request))
    return respond(_format(request), "service_definition", None, body)


# --- requests ----------------------------------------------------------------------------------


def _coordinate(form: Any, name: str, bound: float) -> float | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Refused(400, f"{name} must be a number") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise Refused(400, f"{name} is out of range")
    return value


def _field(form: Any, name: str, limit: int = 200) -> str | None:
    value = str(form.get(name) or "").strip()
    return value[:limit] if value else None


def _filing(form: Any, idempotency_key: str | None) -> open311.Filing:
    code = _field(form, "service_code", 64)
    if code is None:
        raise Refused(400, "service_code is required")
    if not services.known(code):
        raise Refused(404, f"service_code {code!r} not found")
    latitude = _coordinate(form, "lat", 90.0)
    longitude = _coordinate(form, "long", 180.0)
    if (latitude is None) != (longitude is None):
        raise Refused(400, "lat and long are given together")
    address_string = _field(form, "address_string", 500)
    address_id = _field(form, "address_id", 64)
    if latitude is None and not address_string and not address_id:
        raise Refused(400, "a location is required: lat and long, address_string or address_id")
    description = " ".join(str(form.get("description") or "").split())
    if not description:
        raise Refused(400, "description is required")
    if len(description) > MAX_DESCRIPTION:
        raise Refused(400, f"description is longer than {MAX_DESCRIPTION} characters")
    kind = _field(form, "attribute[kind]") or "phan_anh"
    if kind not in services.FILED_KINDS:
        raise Refused(400, f"attribute[kind] must be one of {', '.join(services.FILED_KINDS)}")
    anonymous = _field(form, "attribute[anonymous]") or "no"
    if anonymous not in services.ANONYMITY:
        raise Refused(400, "attribute[anonymous] must be yes or no")
    media_url = _field(form, "media_url", 2000)
    if media_url is not None and urlsplit(media_url).scheme not in ("http", "https"):
        raise Refused(400, "media_url must be an http or https URL")
    phone = _field(form, "phone", 32)
    return open311.Filing(
        service_code=code,
        kind=PetitionKind(kind),
        description=description,
        latitude=latitude,
        longitude=longitude,
        address_string=address_string,
        address_id=address_id,
        email=_field(form, "email"),
        device_id=_field(form, "device_id"),
        account_id=_field(form, "account_id"),
        first_name=_field(form, "first_name", 100),
        last_name=_field(form, "last_name", 100),
        phone=phone,
        media_url=media_url,
        anonymous=anonymous == "yes",
        idempotency_key=idempotency_key,
    )


async def _post_request(request: web.Request) -> web.StreamResponse:
    fmt = _format(request)
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise Refused(400, "a request is posted form-encoded")
    form = await request.post()
    _check_jurisdiction(request, _field(form, "jurisdiction_id"))
    secret = _field(form, "api_key", 200)
    idempotency = (request.headers.get("Idempotency-Key") or "").strip()[:64] or None
    async with request.app[DATABASE].session() as session:
        key = await open311.key_for(session, secret) if secret else None
        if key is None:
            raise Refused(403, "api_key is missing or not valid")
        filing = _filing(form, idempotency)
        try:
            petition = await open311.file_request(
                session, key, filing, SurgeRules.from_settings(request.app[SETTINGS])
            )
        except StorageError as error:
            await session.rollback()
            raise Refused(400, str(error)) from None
        # the petition, its photo to fetch and the key's use, together
        await session.commit()
        department = petition.department
        locale = _locale(request)
        unit = department.name_en if locale == "en" else department.name_vi
        notice = (
            f"Handled by {unit}, answer due by {petition.due_on.isoformat()}"
            if locale == "en"
            else f"Đơn vị xử lý: {unit}; hạn trả lời {petition.due_on.strftime('%d/%m/%Y')}"
        )
        row = {
            "service_request_id": petition.tracking_code,
            "service_notice": notice,
            "account_id": filing.account_id,
        }
        logger.info("open311: %s filed by key %s", petition.tracking_code, key.id)
    return respond(fmt, "service_requests", "request", [row])


def _codes(raw: str) -> list[str]:
    given = [part for part in raw.split(",") if part.strip()]
    if len(given) > MAX_IDS:
        raise Refused(400, f"at most {MAX_IDS} service_request_id at once")
    return [code for part in given if (code := normalize_tracking_code(part.strip()))]


async def _get_requests(request: web.Request) -> web.StreamResponse:
    query = request.query
    _check_jurisdiction(request, query.get("jurisdiction_id"))
    status = (query.get("status") or "").strip() or None
    if status not in (None, "open", "closed"):
        raise Refused(400, "status must be open or closed")
    service_codes = [c.strip() for c in (query.get("service_code") or "").split(",") if c.strip()]
    wanted = open311.Query(
        codes=_codes(query.get("service_request_id") or ""),
        service_codes=service_codes,
        start=_parse_datetime(query.get("start_date"), "start_date"),
        end=_parse_datetime(query.get("end_date"), "end_date"),
        status=status,
    )
    if query.get("service_request_id") and not wanted.codes:
        return respond(_format(request), "service_requests", "request", [])
    with_words = request.app[SETTINGS].public_descriptions
    async with request.app[DATABASE].session() as session:
        try:
            views = await open311.public_requests(session, wanted, with_words=with_words)
        except StorageError as error:
            raise Refused(400, str(error)) from None
    locale = _locale(request)
    rows = [_row(view, locale) for view in views]
    return respond(_format(request), "service_requests", "request", rows)


async def _get_request(request: web.Request) -> web.StreamResponse:
    _check_jurisdiction(request, request.query.get("jurisdiction_id"))
    code = normalize_tracking_code(request.match_info["request_id"])
    with_words = request.app[SETTINGS].public_descriptions
    view = None
    if code is not None:
        async with request.app[DATABASE].session() as session:
            view = await open311.public_request(session, code, with_words=with_words)
    if view is None:
        raise Refused(404, "service_request_id not found")
    return respond(_format(request), "service_requests", "request", [_row(view, _locale(request))])


def routes() -> list[web.RouteDef]:
    return [
        web.get(f"{BASE}/services.{FORMAT}", _answering(_services)),
        web.get(
            f"{BASE}/services/{{service_code:[a-z_]{{1,32}}}}.{FORMAT}",
            _answering(_definition),
        ),
        web.post(f"{BASE}/requests.{FORMAT}", _answering(_post_request)),
        web.get(f"{BASE}/requests.{FORMAT}", _answering(_get_requests)),
        web.get(
            f"{BASE}/requests/{{request_id:[A-Za-z0-9-]{{1,20}}}}.{FORMAT}",
            _answering(_get_request),
        ),
    ]
