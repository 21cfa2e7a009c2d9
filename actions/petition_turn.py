"""One citizen message read against the petition form: which answers it gives, and whether it
leaves the form (cancel, an official) or interrupts it (a procedure question, a photo).

The form reads every message as the answer to the question it asked first, and takes any
other fact the message holds (a phone, a name, a place) for the questions still ahead. It never
hands a message to a catch-all intent: when nothing fits, it asks again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from actions.reading.anonymity import read_anonymity_wish, without_anonymity_wish
from actions.reading.categories import CATEGORY_ORDER as CATEGORIES
from actions.reading.categories import clear_category, read_category
from actions.reading.corrections import read_correction, says_it_was_wrong
from actions.reading.cues import is_a_question, wants_an_official, wants_to_cancel
from actions.reading.joining import read_join_answer
from actions.reading.kinds import KIND_ORDER as KINDS
from actions.reading.kinds import (
    REQUEST_WORDS,
    asks_for_a_petition,
    kind_described,
    kind_phrase_end,
    read_kind,
    tells_of_wrongdoing,
)
from actions.reading.names import find_name, looks_like_bare_name, read_name_answer
from actions.reading.places import find_place, read_place_answer
from actions.reading.stories import ASKS_TO_KNOW
from actions.reading.words import folded, words
from actions.reading.yes_no import holds_back, read_yes_no, says_nothing_more
from core.phones import find_phone, normalize_phone

# the form asks whether a report, a proposal or a denunciation should be anonymous (a
# denunciation's question says that an unnamed one is only looked into when its facts are clear,
# Luật Tố cáo 2018, art. 25); a complaint must name its author
ANONYMOUS_KINDS = frozenset({"phan_anh", "kien_nghi", "to_cao"})
CORRECTABLE = frozenset(
    {
        "petition_kind",
        "petition_category",
        "petition_description",
        "petition_place",
        "petition_name",
        "petition_phone",
    }
)
MIN_DESCRIPTION_WORDS = 3
MAX_DESCRIPTION = 4000
MAX_NAME = 200
# what a message must say beyond asking, to be taken as the description
MIN_CONTENT_WORDS = 4
# "ổ gà", "rác thải bừa bãi": a problem named in a few words
MAX_NAMED_PROBLEM_WORDS = 4
# what a message that asks for a petition must say besides, to be the whole description
# ("mình muốn phản ánh việc lấn chiếm lòng đường" names a topic; the form still asks what happened)
DETAILED_CONTENT_WORDS = 10
# a description this thin (in content words) is asked about once more ("đèn đg hỏng": which
# light, since when?): a problem told in the first message names it more than it tells it, the
# words after a request ("… muốn khiếu nại thái độ của cán bộ xã") give its topic, and an answer
# to "describe what happened" is short only when it is really thin
THIN_OPENING_WORDS = 8
THIN_REQUEST_WORDS = 12
THIN_ANSWER_WORDS = 3
PROCEDURE_INTENTS = frozenset({"ask_procedure", "ask_fee", "ask_processing_time", "ask_where"})
# how sure the classifier must be before a question inside the form is taken as one
QUESTION_CONFIDENCE = 0.5
ASIDE_CONFIDENCE = 0.8
MAX_ASIDE_WORDS = 6
MAX_QUESTION_WORDS = 32
# an earlier answer put right at a later question is said in a few words
MAX_CORRECTION_WORDS = 30
# a field said to be wrong without its new value, in a message this short, is asked again
MAX_REASK_WORDS = 12
FREE_TEXT = frozenset(
    {
        "petition_description",
        "petition_details",
        "petition_place",
        "petition_commune",
        "petition_name",
    }
)
# free-text questions whose answer is a name (a person's, a commune's)
NAMED_ANSWERS = frozenset({"petition_name", "petition_commune"})
# what a "thanks" or "hi" typed at a question is: not an answer to it
SMALL_TALK = frozenset({"thank", "greet", "goodbye", "affirm", "deny", "bot_challenge"})
# a question with a general answer is not asked a fourth time: the general answer is taken (an
# official can still reclassify), rather than lose a citizen who cannot find the word
MAX_ASKS = 3
GENERAL_ANSWERS = {"petition_kind": "phan_anh", "petition_category": "khac"}


@dataclass(frozen=True)
class Turn:
    """A citizen message and where the form stands."""

    text: str
    intent: str
    confidence: float
    entities: Mapping[str, Any]
    requested: str | None
    slots: Mapping[str, Any]
    # a clear catalogue match for the text (the caller looks it up)
    names_a_procedure: bool = False
    # what the citizen said earlier in the conversation, oldest first (read at activation)
    earlier: tuple[str, ...] = ()
    # how many times in a row the form has asked its current question
    times_asked: int = 1


@dataclass
class Reading:
    updates: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None  # "cancelled" | "handoff"
    aside: str | None = None  # "procedure" | "help" | "bot_challenge" | "attachment"
    notes: list[str] = field(default_factory=list)  # responses to say before the next question
    # the answer to "which commune?", matched against the province's communes by the caller
    commune_answer: str | None = None

    def fill(self, slot: str, value: Any, slots: Mapping[str, Any]) -> None:
        """Sets a slot the citizen has not answered yet (volunteered facts never overwrite)."""
        if value is not None and slots.get(slot) is None and slot not in self.updates:
            self.updates[slot] = value


def required_slots(slots: Mapping[str, Any]) -> list[str]:
    """The questions, in order, given the answers so far."""
    kind = slots.get("petition_kind")
    asked = ["petition_kind", "petition_description"]
    if slots.get("petition_details_wanted"):
        asked.append("petition_details")
    asked += ["petition_category", "petition_place"]
    if (
        slots.get("petition_place")
        and not slots.get("petition_commune")
        and not slots.get("petition_commune_asked")
    ):
        # a place that names no commune of the province (a GPS point, "đầu ngõ 7"): asked once
        asked.append("petition_commune")
    if slots.get("petition_duplicate"):
        # an open report of the same problem: follow it, or file one's own?
        asked.append("petition_join")
    if kind in ANONYMOUS_KINDS:
        asked.append("petition_anonymous")
    if not slots.get("petition_anonymous"):
        asked += ["petition_name", "petition_phone"]
    asked.append("petition_confirmed")
    return asked


def _content_words(text: str) -> list[str]:
    """The words that say what happened: without asking words, a name, a place or a phone."""
    personal: set[str] = set()
    for fact in (find_name(text), find_place(text)):
        personal.update(words(fact or ""))
    phone = find_phone(text)
    if phone is not None:
        text = text[: phone.start] + " " + text[phone.end :]
    return [w for w in words(text) if w not in REQUEST_WORDS and w not in personal]


def describes_something(text: str) -> bool:
    """Whether a message says what happened, beyond asking to send a petition."""
    return len(_content_words(text)) >= MIN_CONTENT_WORDS


def reads_like_a_report(text: str) -> bool:
    """A problem described in words ("cống nhà tôi tắc mấy hôm nay bốc mùi"), or only named
    ("ổ gà", "pothole"): either is offered to be filed."""
    if read_category(text) is None:
        return False
    return describes_something(text) or len(words(text)) <= MAX_NAMED_PROBLEM_WORDS


def _what_it_is_about(text: str) -> str:
    """The part of a request that says what happened: the words after the kind ("… muốn phản
    ánh: con mương bị tắc…"), or the whole message when nothing follows the kind."""
    end = kind_phrase_end(text)
    rest = text[end:].strip(" ,.:;-") if end is not None else ""
    return rest if len(words(rest)) >= 2 else text


def _personal(text: str) -> bool:
    return find_name(text) is not None or find_phone(text) is not None


def opening_description(text: str) -> str | None:
    """The description an opening message gives, if it gives one: a problem told without asking,
    or a request followed by enough of what happened; never the citizen's introduction."""
    if not asks_for_a_petition(text):
        return text if describes_something(text) else None
    raw = _what_it_is_about(text)
    if raw is text and _personal(text):
        # "e là Hiếu sđt 08…, muốn phản ánh": an introduction, the form asks what happened
        return None
    # "…, nhưng cho tôi giấu tên": a wish, not part of what happened
    about = without_anonymity_wish(raw)
    return about if len(_content_words(about)) >= DETAILED_CONTENT_WORDS else None


# "(phản ánh) về việc …": the words that lead a topic into the request, not part of it
TOPIC_LEADS = frozenset({"ve", "viec", "chuyen", "about", "regarding"})


def _without_leading_about(text: str) -> str:
    parts = text.split()
    while len(parts) > 1 and folded(parts[0]) in TOPIC_LEADS:
        parts.pop(0)
    return " ".join(parts)


def _topic(text: str) -> str | None:
    """What an opening that asks for a petition, without describing it, says it is about
    ("… muốn phản ánh| việc lấn chiếm lòng đường"), to lead the description asked next."""
    about = _what_it_is_about(text)
    if about is not text:
        about = without_anonymity_wish(about)
        # "tố cáo một việc": a request's own words name no topic
        if _personal(about) or not _content_words(about):
            return None
        return _description(_without_leading_about(about))
    if read_category(text) and not _personal(text):
        return _description(text)
    return None


def _description(text: str, topic: str | None = None) -> str:
    text = " ".join(text.split())
    if topic and folded(topic) not in folded(text):
        # the topic of the opening message leads: "lấn chiếm lòng đường. Gara ô tô…"
        text = f"{' '.join(topic.split())}. {text}"
    return text[:MAX_DESCRIPTION]


def _take_description(
    reading: Reading, text: str, slots: Mapping[str, Any], thin: int = THIN_OPENING_WORDS
) -> None:
    reading.fill("petition_description", _description(text, slots.get("petition_topic")), slots)
    reading.fill("petition_category", clear_category(text), slots)
    if len(_content_words(text)) <= thin and slots.get("petition_details") is None:
        reading.updates["petition_details_wanted"] = True
    if slots.get("petition_kind") is None:
        described = kind_described(text)
        if described is None and tells_of_wrongdoing(text):
            return  # a report or a denunciation: the citizen says which
        reading.fill("petition_kind", described or "phan_anh", slots)
        if described is None:
            # told as a report: what they add may still show it is a proposal
            reading.updates["petition_kind_assumed"] = True


def _take_details(reading: Reading, text: str, slots: Mapping[str, Any]) -> None:
    """More of what happened, asked after a thin description: added to it, or nothing more."""
    if says_nothing_more(text) or not _content_words(text):
        reading.updates["petition_details"] = ""
        return
    before = str(slots.get("petition_description") or "")
    details = " ".join(text.split())
    # the whole story typed again, with the first words in it, replaces them
    whole = details if folded(before) in folded(details) else f"{before.rstrip(' .')}. {details}"
    reading.updates["petition_details"] = details
    reading.updates["petition_description"] = whole[:MAX_DESCRIPTION]
    reading.fill("petition_category", clear_category(whole), slots)
    described = kind_described(details) if slots.get("petition_kind_assumed") else None
    if described:
        reading.updates["petition_kind"] = described
        reading.updates["petition_kind_assumed"] = False


def _volunteered(
    reading: Reading, text: str, slots: Mapping[str, Any], describing: bool = False
) -> None:
    """Facts a message gives for questions not asked yet (a description's "ẩn danh" may be
    about someone else, so only other messages say whether the citizen wants it)."""
    if not describing:
        reading.fill("petition_anonymous", read_anonymity_wish(text), slots)
    if slots.get("petition_anonymous") is not True and not reading.updates.get(
        "petition_anonymous"
    ):
        phone = find_phone(text)
        reading.fill("petition_phone", phone.number if phone else None, slots)
        reading.fill("petition_name", find_name(text), slots)
    place = find_place(text)
    if place and slots.get("petition_place") is None:
        reading.fill("petition_place", place, slots)


def _from_button(turn: Turn, reading: Reading) -> None:
    """A tapped button: the payload's intent and entities say exactly what was chosen."""
    requested, entities = turn.requested, turn.entities
    if turn.intent == "cancel":
        reading.outcome = "cancelled"
    elif turn.intent == "human_handoff":
        reading.outcome = "handoff"
    elif turn.intent in PROCEDURE_INTENTS:
        reading.aside = "procedure"
    elif turn.intent == "share_photo":
        reading.aside = "attachment"
    elif turn.intent == "share_location" and entities.get("latitude") is not None:
        reading.updates["petition_place"] = "gps"
    elif turn.intent == "share_contact" and entities.get("phone"):
        reading.updates["petition_phone"] = normalize_phone(str(entities["phone"]))
    if entities.get("petition_kind") in KINDS:
        reading.updates["petition_kind"] = entities["petition_kind"]
    if entities.get("category") in CATEGORIES:
        reading.updates["petition_category"] = entities["category"]
    if requested == "petition_anonymous" and turn.intent in ("affirm", "deny"):
        reading.updates["petition_anonymous"] = turn.intent == "affirm"
    if requested == "petition_join" and turn.intent in ("affirm", "deny"):
        reading.updates["petition_join"] = turn.intent == "affirm"
    if requested == "petition_confirmed":
        field_name = entities.get("correct_field")
        if field_name in CORRECTABLE:
            reading.updates[str(field_name)] = None
            reading.updates["petition_correcting"] = False
        elif turn.intent == "affirm":
            reading.updates["petition_confirmed"] = True
        elif turn.intent == "deny":
            reading.updates["petition_correcting"] = True


def _breaks_out(turn: Turn, reading: Reading) -> bool:
    """Cancel, an official, or a question of the citizen's own, read from the words."""
    text, requested = turn.text, turn.requested
    # where the citizen types freely ("one-stop desk", "bus stop"), only words that can mean
    # nothing but giving up cancel; "Bùi Quang Huy" is a name, not "hủy"
    firmly = requested in FREE_TEXT or describes_something(text)
    # "khoan gửi đã", "wait, don't send it yet": not now, which is not never; but "hold on,
    # don't submit this, cancel it" gives up all the same
    cancels = wants_to_cancel(text, firmly=True) or (
        wants_to_cancel(text, firmly=firmly) and not holds_back(text)
    )
    if cancels and not looks_like_bare_name(text):
        reading.outcome = "cancelled"
        return True
    if wants_an_official(text) and (
        turn.intent == "human_handoff" or requested != "petition_description"
    ):
        reading.outcome = "handoff"
        return True
    free_text = requested in FREE_TEXT
    # where a short answer is expected (a yes, a number), a question is one even when the
    # classifier hesitates between procedure intents
    # where a name is expected, a question mark is a question too: no name carries one
    marked = "?" in text and requested in NAMED_ANSWERS
    sure_enough = (
        turn.confidence >= QUESTION_CONFIDENCE
        or marked
        or (not free_text and is_a_question(text) and len(words(text)) > MAX_ASIDE_WORDS)
    )
    if (
        turn.intent in PROCEDURE_INTENTS
        and sure_enough
        and turn.names_a_procedure
        # "cho tôi hỏi qua về thủ tục …" asks in words, without a question mark
        and (is_a_question(text) or ASKS_TO_KNOW.search(folded(text)) or not free_text)
        and not (requested == "petition_phone" and find_phone(text))
        # a long description may mention a permit "ở đâu cả", or "mấy ngày" without asking
        # anything: it is what happened
        and not (requested in DESCRIBING and _told_not_asked(text))
        # the same message again after its answer: the citizen means it as the answer
        and text != turn.slots.get("petition_last_aside")
    ):
        reading.aside = "procedure"
        return True
    if (
        turn.intent in ("help", "bot_challenge")
        and turn.confidence >= ASIDE_CONFIDENCE
        and len(words(text)) <= MAX_ASIDE_WORDS
        and requested not in ("petition_description", "petition_place", "petition_name")
    ):
        reading.aside = turn.intent
        return True
    return False


DESCRIBING = frozenset({"petition_description", "petition_details"})
# a description without a question mark this long tells what happened, whatever words it holds
MAX_UNMARKED_QUESTION_WORDS = 15


def _told_not_asked(text: str) -> bool:
    if len(words(text)) > MAX_QUESTION_WORDS:
        return True
    # "ad ơi cho em hỏi ngoài lề xíu, …": asked in words, without a question mark
    asked = "?" in text or ASKS_TO_KNOW.search(folded(text)) is not None
    return not asked and len(words(text)) > MAX_UNMARKED_QUESTION_WORDS


def _answer(turn: Turn, reading: Reading) -> None:
    """The message as the answer to the question the form asked."""
    text, slots, requested = turn.text, turn.slots, turn.requested
    if requested == "petition_kind":
        kind = read_kind(text, answering=True)
        if kind is None and describes_something(text):
            _take_description(reading, text, slots)
        reading.fill("petition_kind", kind, slots)
    elif requested == "petition_description":
        if len(text.split()) < MIN_DESCRIPTION_WORDS:
            reading.notes.append("utter_description_too_short")
            return
        _take_description(reading, text, slots, thin=THIN_ANSWER_WORDS)
    elif requested == "petition_details":
        _take_details(reading, text, slots)
    elif requested == "petition_category":
        category = read_category(text, answering=True)
        if category is None and describes_something(text) and not slots.get("petition_description"):
            _take_description(reading, text, slots)
        if category is None and any(c.isalpha() for c in text) and turn.intent not in SMALL_TALK:
            # an area in words no list knows is still an answer: "Khác", and the description says
            category = "khac"
        reading.fill("petition_category", category, slots)
    elif requested == "petition_place":
        if "?" in text and find_place(text) is None:
            # a question of the citizen's own is not where it happened: the form asks again
            return
        reading.fill("petition_place", read_place_answer(text), slots)
    elif requested == "petition_commune":
        reading.commune_answer = text
        _add_to_place(reading, text, slots)
    elif requested == "petition_anonymous":
        _answer_anonymity(text, reading, slots)
    elif requested == "petition_join":
        reading.fill("petition_join", read_join_answer(text), slots)
    elif requested == "petition_name":
        if read_anonymity_wish(text) is True:
            # "tôi không muốn nêu tên": the answer to the name question is to stay unnamed
            reading.updates["petition_anonymous"] = True
            return
        name = read_name_answer(text)
        if name:
            reading.fill("petition_name", name[:MAX_NAME], slots)
    elif requested == "petition_phone":
        phone = find_phone(text)
        if phone is None:
            reading.notes.append("utter_invalid_phone")
        else:
            reading.fill("petition_phone", phone.number, slots)
    elif requested == "petition_confirmed":
        _answer_summary(text, reading, slots)


# "cạnh chợ trung tâm xã Tân Sơn" for "which commune?": more of the place, kept with it
MIN_PLACE_WORDS = 4


def _add_to_place(reading: Reading, text: str, slots: Mapping[str, Any]) -> None:
    place, answer = str(slots.get("petition_place") or ""), read_place_answer(text)
    if answer and len(words(answer)) >= MIN_PLACE_WORDS and folded(answer) not in folded(place):
        reading.updates["petition_place"] = f"{place}, {answer}" if place else answer


def _answer_anonymity(text: str, reading: Reading, slots: Mapping[str, Any]) -> None:
    phone = find_phone(text)
    without_phone = text[: phone.start] + " " + text[phone.end :] if phone else text
    named = find_name(text) or (
        without_phone.strip(" ,.-") if looks_like_bare_name(without_phone) else None
    )
    if named or phone:
        # a name or a number where a yes or no was expected: they want to be known
        reading.updates["petition_anonymous"] = False
        reading.fill("petition_name", named, slots)
        reading.fill("petition_phone", phone.number if phone else None, slots)
        return
    wish = read_anonymity_wish(text)
    if wish is not None:
        reading.updates["petition_anonymous"] = wish
        return
    answer = read_yes_no(text)
    if answer is not None:
        reading.updates["petition_anonymous"] = answer


def _answer_summary(text: str, reading: Reading, slots: Mapping[str, Any]) -> None:
    correcting = bool(slots.get("petition_correcting"))
    correction = read_correction(text)
    if correction is not None:
        if correction.value is None:
            # the field named without a new value: ask that question again
            reading.updates[correction.slot] = None
        else:
            reading.updates[correction.slot] = _corrected_value(correction.slot, correction.value)
        reading.updates["petition_correcting"] = False
        return
    answer = read_yes_no(text)
    if answer is True and not correcting:
        reading.updates["petition_confirmed"] = True
    elif answer is False:
        reading.updates["petition_correcting"] = True
    elif answer is True and correcting:
        reading.updates["petition_correcting"] = False


def _corrected_value(slot: str, value: str) -> Any:
    if slot == "petition_category":
        return read_category(value, answering=True) or "khac"
    if slot == "petition_kind":
        return read_kind(value, answering=True)
    if slot == "petition_place":
        return read_place_answer(value)
    if slot == "petition_name":
        return read_name_answer(value)
    if slot == "petition_phone":
        phone = find_phone(value)
        return phone.number if phone else None
    return _description(value)


def read_activation(turn: Turn) -> Reading:
    """The message that started the form (and what was said before it): every answer it gives."""
    reading = Reading()
    slots = turn.slots
    text = "" if turn.text.startswith("/") else turn.text
    # the words first: "report wrongdoing…, it's a denunciation" holds the entity "report"
    reading.fill("petition_kind", read_kind(text) if text else None, slots)
    if turn.entities.get("petition_kind") in KINDS:
        reading.fill("petition_kind", turn.entities["petition_kind"], slots)
    described = opening_description(text) if text else None
    if described:
        thin = THIN_REQUEST_WORDS if asks_for_a_petition(text) else THIN_OPENING_WORDS
        _take_description(reading, described, {**slots, **reading.updates}, thin=thin)
    elif text:
        topic = _topic(text)
        reading.fill("petition_category", clear_category(text, use_model=bool(topic)), slots)
        if topic:
            # "phản ánh việc lấn chiếm lòng đường": the topic leads the description asked next
            reading.updates["petition_topic"] = topic
    for earlier in (*turn.earlier, text):
        if earlier:
            _volunteered(reading, earlier, {**slots, **reading.updates})
    return reading


def _corrects_an_earlier_answer(turn: Turn, reading: Reading) -> bool:
    """ "Lúc nãy em gõ nhầm tên, tên đúng là …" at a later question: the earlier answer is put
    right, and the question still waiting is asked again."""
    if not says_it_was_wrong(turn.text):
        return False
    correction = read_correction(turn.text)
    # a description put right is as long as the description ("sửa lại phần nội dung: …")
    long_description = correction is not None and correction.slot == "petition_description"
    if len(words(turn.text)) > MAX_CORRECTION_WORDS and not long_description:
        return False
    if (
        correction is None
        or correction.slot == turn.requested
        or turn.slots.get(correction.slot) is None
    ):
        return False
    value = _corrected_value(correction.slot, correction.value) if correction.value else None
    if value is None and len(words(turn.text)) > MAX_REASK_WORDS:
        return False
    # "lúc nãy ghi nhầm địa chỉ": that question is asked again before the one waiting
    reading.updates[correction.slot] = value
    return True


def read_turn(turn: Turn) -> Reading:
    """A message sent while the form is open."""
    reading = Reading()
    if turn.text.startswith("/"):
        _from_button(turn, reading)
        return reading
    if _breaks_out(turn, reading):
        return reading
    if turn.requested != "petition_confirmed" and _corrects_an_earlier_answer(turn, reading):
        return reading
    _answer(turn, reading)
    general = GENERAL_ANSWERS.get(turn.requested or "")
    if general and turn.times_asked >= MAX_ASKS and turn.requested not in reading.updates:
        reading.fill(str(turn.requested), general, turn.slots)
    describing = "petition_description" in reading.updates
    _volunteered(reading, turn.text, {**turn.slots, **reading.updates}, describing)
    return reading
