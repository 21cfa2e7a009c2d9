"""Reply templates an official can start from. They go to the citizen, so each has the two
languages a citizen may have chosen; the citizen's language picks one."""

from __future__ import annotations

TEMPLATES: dict[str, dict[str, str]] = {
    "received": {
        "vi": "Chúng tôi đã tiếp nhận nội dung bạn gửi và đang xem xét. Kết quả sẽ được thông "
        "báo cho bạn trước hạn xử lý.",
        "en": "We have received what you sent and are looking into it. You will hear the "
        "outcome before the deadline.",
    },
    "need_info": {
        "vi": "Để xử lý, đề nghị bạn cung cấp thêm: địa điểm cụ thể, thời điểm xảy ra và ảnh "
        "chụp (nếu có).",
        "en": "To handle this we need more details: the exact place, when it happened and a "
        "photo if you have one.",
    },
    "inspecting": {
        "vi": "Đơn vị đã cử cán bộ kiểm tra thực tế tại địa điểm bạn nêu.",
        "en": "An official has been sent to check the place you described.",
    },
    "fixed": {
        "vi": "Sự việc bạn phản ánh đã được xử lý xong. Cảm ơn bạn đã đồng hành cùng chính quyền.",
        "en": "The problem you reported has been dealt with. Thank you for helping us.",
    },
    "not_ours": {
        "vi": "Nội dung này không thuộc thẩm quyền của đơn vị; chúng tôi đã chuyển đến cơ quan "
        "có thẩm quyền giải quyết.",
        "en": "This is outside our unit's remit; we have forwarded it to the competent authority.",
    },
}
# what the resolve form starts with, so resolving needs no typing when nothing more is to say
RESOLVE_DEFAULT = "fixed"


def template_text(key: str, language: str) -> str | None:
    texts = TEMPLATES.get(key)
    if texts is None:
        return None
    return texts.get(language, texts["vi"])
