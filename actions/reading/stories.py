"""Whether a message tells what happened rather than asks: "Nhà thuốc đầu ngõ bán thuốc hết
hạn cho mẹ em, ra hỏi thì họ chỉ đổi hộp khác…" may name words of a procedure, but it is a
problem to file, not a question for the catalogue."""

from __future__ import annotations

import re

from actions.reading.aspects import HOW_TO
from actions.reading.cues import is_a_question
from actions.reading.words import folded, words

# a story is told at length; a short message is read as the question it usually is
MIN_STORY_WORDS = 14
# where clauses meet: punctuation, or "nhưng" / "mà" / "but"
_CLAUSES = re.compile(r"[,.;:!\n]+|(?<!\w)(?:nhưng|nhung|but)(?!\w)", re.IGNORECASE)
# citizens tell their story first and ask last, so the last clauses hold any question
ASKING_CLAUSES = 2
# asking to be told something, anywhere in the message
ASKS_TO_KNOW = re.compile(
    r"(?<!\w)(?:cho (?:toi |em |e |minh |chau |con )?hoi|xin hoi|muon hoi|muon biet|"
    r"hoi (?:ve|thu tuc)|tu van|chi (?:giup|cho|dum)|huong dan|"
    r"i (?:want|would like|need) to know|tell me|please advise|advise me)(?!\w)"
)
# "… ở công an xã hay phải lên tỉnh ạ": a choice asked without a question mark
OR_QUESTION = re.compile(r"(?<!\w)(?:hay (?:la|phai|o|len|ra|den|can|van)|or do i|or should)(?!\w)")


def tells_a_story(text: str) -> bool:
    """A long message that recounts something and asks nothing."""
    if len(words(text)) < MIN_STORY_WORDS or "?" in text:
        return False
    if ASKS_TO_KNOW.search(folded(text)):
        return False
    clauses = [c for c in _CLAUSES.split(text) if c and c.strip()]
    tail = " ".join(clauses[-ASKING_CLAUSES:])
    tail_folded = folded(tail)
    return not (
        is_a_question(tail) or HOW_TO.search(tail_folded) or OR_QUESTION.search(tail_folded)
    )
