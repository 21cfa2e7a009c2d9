"""Names of petition kinds, categories and states as citizens read them.

They are short labels filled into the domain's responses (`{kind}`, `{status}`), kept here
because the same label appears in several responses.
"""

from __future__ import annotations

from core import labels

KINDS = labels.PETITION_KINDS
CATEGORIES = labels.CATEGORIES
STATES = {
    "received": ("Đã tiếp nhận", "Received"),
    "in_progress": ("Đang xử lý", "Being handled"),
    "awaiting_citizen": ("Chờ bạn bổ sung thông tin", "Waiting for more information from you"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "merged": ("Đã gộp với hồ sơ khác", "Merged with another petition"),
    "refused": ("Không được thụ lý", "Not accepted"),
    "forwarded": ("Đã chuyển đến cơ quan có thẩm quyền", "Sent on to the competent body"),
}
ANONYMOUS = ("Ẩn danh", "Anonymous")
NO_REPLY = ("Chưa có phản hồi của cán bộ.", "No reply from officials yet.")
REPLY_PREFIX = ("Phản hồi mới nhất: ", "Latest reply: ")


def label(table: dict[str, tuple[str, str]], key: str | None, language: str) -> str:
    vi, en = table.get(key or "", (key or "—", key or "—"))
    return en if language == "en" else vi


def pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]
