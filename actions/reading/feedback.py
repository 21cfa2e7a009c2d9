"""Whether a comment on the service tells of one incident someone should look into ("y tá tiêm
nhầm vắc xin cho cháu, hỏi lại thì chối"), so the citizen is offered to file it as a petition
rather than only thanked. Praise and suggestions about the service are left as feedback."""

from __future__ import annotations

import re

from actions.petition_turn import describes_something, reads_like_a_report
from actions.reading.words import folded, words

# an opinion of the service: praise, a rating, an idea for the app or the office
OPINION = re.compile(
    r"(?<!\w)(?:nhiet tinh|tan tinh|hai long|tot|nhanh|chu dao|de thuong|khen|cam on|sao|diem|"
    r"nen|mong|hy vong|gop y|y kien|de xuat|them|cai thien|ung dung|app|trang web|website|"
    r"chatbot|tro ly|he thong|vui ve|niem no|danh gia|chuyen nghiep|co trach nhiem|cong tam|"
    r"tien loi|tien that|tien ghe|huong dan ky|excellent|patient|beats|faster|clearer|pleased|"
    r"polite|thorough|quickly|helpful|great|good|friendly|satisfied|thank|thanks|should|"
    r"suggest|improve|assistant|star|stars)(?!\w)"
)
# a one-line opinion is feedback; an incident takes a sentence to tell
MIN_INCIDENT_WORDS = 8


def tells_an_incident(text: str) -> bool:
    plain = folded(text)
    return (
        len(words(text)) >= MIN_INCIDENT_WORDS
        and reads_like_a_report(text)
        and describes_something(text)
        and not OPINION.search(plain)
    )
