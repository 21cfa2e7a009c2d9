"""Whether a message asks about a procedure rather than asking to file a petition: "Tôi năm nay
tròn 40 tuổi, có phải đi đổi thẻ căn cước không" is a question, "cán bộ gây khó dễ khi tôi làm
sổ đỏ" a petition. Shared by the NLU reader and the petition form, which must not start on a
question the classifier took for a request."""

from __future__ import annotations

from actions.reading.aspects import asked_aspect, asks_about_a_procedure
from actions.reading.cues import wants_an_official, wants_to_cancel
from actions.reading.kinds import about_one_sent, asks_for_a_petition, kind_described
from actions.reading.stories import tells_a_story


def is_procedure_question(text: str) -> bool:
    return (
        asks_about_a_procedure(text)
        and not asks_for_a_petition(text)
        # "hồ sơ khai sinh nộp hôm qua đã được duyệt chưa" asks about one already sent
        and not about_one_sent(text)
        and kind_described(text) is None
        and not wants_an_official(text)
        and not wants_to_cancel(text)
    )


def plainly_asks_a_procedure(text: str) -> bool:
    """A question marked as one (a question mark, or the fee, time or place asked in words:
    "hết bao nhiêu tiền") about a procedure, not a story told ("… chưa có biển cảnh báo gì")."""
    marked = "?" in text or asked_aspect(text) != "ask_procedure"
    return marked and is_procedure_question(text) and not tells_a_story(text)
