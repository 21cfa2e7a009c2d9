"""The desk's languages: Vietnamese (the default) and English, and the names of the things it
lists (kinds, statuses, events...) in both.

Officials' screens are not the assistant's conversation, so their words do not belong in the
Rasa domain; the sentences are in the catalogue (core.words), the names in LABELS below.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from core.labels import CATEGORIES, PETITION_KINDS
from core.words import LANGUAGES, N_
from desk.security import LANGUAGE_COOKIE

__all__ = ["BUILT_KEYS", "LABELS", "LANGUAGES", "labeller", "language_of"]

# Keys the templates build from a value (`_("done_" + done)`), named here so the extractor
# finds them; tests/desk/test_units.py checks each value's key has words.
BUILT_KEYS = (
    # "done_" + the action just done (desk.operations.ACTIONS)
    N_("done_claim"),
    N_("done_assign"),
    N_("done_reply"),
    N_("done_note"),
    N_("done_request_information"),
    N_("done_transfer"),
    N_("done_merge"),
    N_("done_resolve"),
    N_("done_reopen"),
    N_("done_accept"),
    N_("done_refuse"),
    N_("done_extend"),
    N_("done_forward"),
    N_("done_second_complaint"),
    # "reception_done_" + what was done on the reception page
    N_("reception_done_closed"),
    N_("reception_done_outcome"),
    # "error_" + what went wrong (desk.pages.petition, desk.guard)
    N_("error_invalid"),
    N_("error_forbidden"),
    N_("error_conflict"),
    N_("error_not_found"),
    # "handoff_" + a handoff's status
    N_("handoff_waiting"),
    N_("handoff_held"),
    N_("handoff_returned"),
    # "attachment_" + an attachment not kept, and "refusal_" + why (storage.media)
    N_("attachment_refused"),
    N_("attachment_failed"),
    N_("refusal_too_large"),
    N_("refusal_unsupported"),
    N_("refusal_broken"),
    N_("refusal_failed"),
    # "satisfaction_" + what was rated
    N_("satisfaction_assistant"),
    N_("satisfaction_service"),
    # a procedure's editable fields, by name (storage.services.desk_admin)
    N_("fee_vi"),
    N_("fee_en"),
    N_("processing_time_vi"),
    N_("processing_time_en"),
    N_("where_vi"),
    N_("where_en"),
)

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": PETITION_KINDS,
    "category": CATEGORIES,
    "status": {
        "received": ("Mới tiếp nhận", "Received"),
        "in_progress": ("Đang xử lý", "In progress"),
        "awaiting_citizen": ("Chờ công dân bổ sung", "Awaiting the citizen"),
        "resolved": ("Đã giải quyết", "Resolved"),
        "merged": ("Đã gộp", "Merged"),
        "refused": ("Không thụ lý", "Refused"),
        "forwarded": ("Đã chuyển cơ quan khác", "Forwarded"),
    },
    "acceptance": {
        "pending": ("Chờ thụ lý", "Awaiting acceptance"),
        "due_soon": ("Sắp hết hạn thụ lý", "Acceptance due soon"),
        "overdue": ("Quá hạn thụ lý", "Acceptance overdue"),
        "on_time": ("Thụ lý đúng hạn", "Decided on time"),
        "late": ("Thụ lý trễ hạn", "Decided late"),
    },
    "tier": {
        "normal": ("Thông thường", "Normal"),
        "complex": ("Phức tạp", "Complex"),
        "very_complex": ("Đặc biệt phức tạp", "Very complex"),
    },
    "deadline": {
        "on_time": ("Trong hạn", "On time"),
        "due_soon": ("Sắp đến hạn", "Due soon"),
        "overdue": ("Quá hạn", "Overdue"),
        "resolved_on_time": ("Giải quyết đúng hạn", "Resolved on time"),
        "resolved_late": ("Giải quyết trễ hạn", "Resolved late"),
    },
    "outcome": {
        "on_time": ("Đúng hạn", "On time"),
        "late": ("Trễ hạn", "Late"),
        "overdue": ("Quá hạn", "Overdue"),
        "open": ("Đang trong hạn", "Open, in time"),
        "merged": ("Đã gộp", "Merged"),
    },
    "role": {
        "officer": ("Cán bộ", "Officer"),
        "supervisor": ("Lãnh đạo đơn vị", "Supervisor"),
        "inspector": ("Thanh tra viên", "Inspector"),
        "admin": ("Quản trị", "Administrator"),
        "oversight": ("Giám sát (MTTQ, đại biểu HĐND)", "Oversight (Fatherland Front, council)"),
    },
    "event": {
        "created": ("Công dân gửi", "Submitted"),
        "routed": ("Chuyển đến đơn vị", "Routed"),
        "assigned": ("Phân công", "Assigned"),
        "replied": ("Trả lời", "Reply"),
        "transferred": ("Chuyển đơn vị", "Transferred"),
        "resolved": ("Giải quyết", "Resolved"),
        "reopened": ("Mở lại", "Reopened"),
        "rated": ("Công dân đánh giá", "Rated by the citizen"),
        "merged": ("Gộp hồ sơ", "Merged"),
        "merged_in": ("Gộp hồ sơ trùng vào đây", "Duplicate merged in"),
        "information_requested": ("Đề nghị bổ sung thông tin", "More information requested"),
        "accepted": ("Thụ lý", "Accepted"),
        "refused": ("Không thụ lý", "Refused"),
        "extended": ("Gia hạn", "Extended"),
        "forwarded": ("Chuyển cơ quan có thẩm quyền", "Forwarded"),
        "second_complaint": ("Khiếu nại lần hai", "Second complaint"),
    },
    "template": {
        "received": ("Đã tiếp nhận", "Received"),
        "need_info": ("Đề nghị bổ sung thông tin", "Ask for more information"),
        "inspecting": ("Đang kiểm tra thực tế", "Being checked on site"),
        "fixed": ("Đã khắc phục", "Fixed"),
        "not_ours": ("Không thuộc thẩm quyền", "Outside our remit"),
    },
    "channel": {
        "web": ("Web", "Web"),
        "telegram": ("Telegram", "Telegram"),
        "zalo": ("Zalo", "Zalo"),
        "open311": ("Open311", "Open311"),
    },
}

Labeller = Callable[[str, object], str]


def labeller(language: str) -> Labeller:
    index = 1 if language == "en" else 0

    def label(table: str, key: object) -> str:
        value = getattr(key, "value", key)
        pair = LABELS[table].get(str(value) if value is not None else "")
        return pair[index] if pair else str(value if value is not None else "—")

    return label


def language_of(request: web.Request) -> str:
    """?lang= wins (and is remembered in a cookie by the page), then the cookie, then Vietnamese."""
    for candidate in (request.query.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return "vi"
