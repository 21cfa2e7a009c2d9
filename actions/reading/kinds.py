"""The kind of petition named in words: phản ánh, kiến nghị, khiếu nại, tố cáo (and English)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from actions.reading.words import first_phrase, folded, option_number
from core.text import fold

# what asking for a petition says without describing anything ("cho mình gửi phản ánh ạ")
REQUEST_WORDS = frozenset(
    """
    toi minh em anh chi tui chau con muon can xin cho gui lam viet nop phan anh kien
    nghi khieu nai to cao de xuat gop y ve viec mot cai chut ti it a oi ad admin nhe nha voi
    duoc khong ko dc duoc giup lai don thu i want would like to a an make send file submit
    report complaint proposal denunciation about something please can hi hello chao xin ban co
    ve van de viec chuyen linh vuc suggestion idea problem issue commune ward village cho len
    gap
    """.split()
)

# in the order the form offers them (a typed "2" is the second)
KIND_ORDER = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
KIND_WORDS = {
    "to_cao": ("to cao", "to giac", "denounce", "denunciation", "denouncing", "whistleblow"),
    "khieu_nai": ("khieu nai", "khieu kien", "complain", "complaint", "complaining", "appeal"),
    "kien_nghi": (
        "kien nghi",
        "de xuat",
        "proposal",
        "propose",
        "suggestion",
        "suggest",
        "recommendation",
        "recommend",
        "gop y xay dung",
    ),
    "phan_anh": ("phan anh", "bao cao", "report", "reporting", "bao tin", "phan hoi"),
}
# "đề nghị" closes many reports ("đề nghị chính quyền xử lý"): a kind only when it is the answer
ANSWER_ONLY_WORDS = {"kien_nghi": ("de nghi", "y kien", "gop y", "idea")}


# what people type for a kind when asked which: "k.nghi", "p/a", "khieunai", "tc", "đx"; read only
# as the answer, where "k nghi" cannot be "không nghĩ" (do not think)
ABBREVIATED_KINDS = {
    "kien_nghi": re.compile(r"^(?:k[./ ]?nghi|k[./]n|kiennghi|d[./]?x|dexuat)$"),
    "phan_anh": re.compile(r"^(?:p[./ ]?anh|p[./]a|phananh)$"),
    "khieu_nai": re.compile(r"^(?:k[./ ]?nai|kh[./ ]?nai|khieunai)$"),
    "to_cao": re.compile(r"^(?:t[./ ]?cao|t[./]c|tc|tocao)$"),
}
# politeness around the abbreviation: "k.nghi a", "tc nhe"
_AROUND = re.compile(r"^(?:(?:cho|la|loai|gui)\s+)*(.+?)(?:\s+(?:a|ah|nhe|nha|ad|admin|oi))*$")


def _abbreviated_kind(text: str) -> str | None:
    plain = fold(text).strip(" .!?,").lower()
    core = _AROUND.match(plain)
    answer = core.group(1) if core else plain
    for kind, pattern in ABBREVIATED_KINDS.items():
        if pattern.match(answer):
            return kind
    return None


def read_kind(text: str, answering: bool = False) -> str | None:
    """The kind a message names; `answering` when it replies to "which kind?"."""
    if answering:
        number = option_number(text)
        if number is not None and 1 <= number <= len(KIND_ORDER):
            return KIND_ORDER[number - 1]
        abbreviated = _abbreviated_kind(text)
        if abbreviated is not None:
            return abbreviated
    text_folded = folded(text)
    for kind in ("to_cao", "khieu_nai"):
        if first_phrase(text_folded, KIND_WORDS[kind]):
            return kind
    phrases = {p: k for k, ps in KIND_WORDS.items() for p in ps}
    if answering:
        phrases.update({p: k for k, ps in ANSWER_ONLY_WORDS.items() for p in ps})
    found = first_phrase(text_folded, tuple(phrases))
    if found in ENGLISH_REPORT and kind_described(text) == "to_cao":
        # English "report" also means denouncing: "report an officer who took a bribe"
        return "to_cao"
    return phrases[found] if found else _misspelled_kind(text_folded)


# the four kinds' own names, which a short message may misspell ("kieu nai", "khieu nia")
KIND_NAMES = {
    "phan anh": "phan_anh",
    "kien nghi": "kien_nghi",
    "khieu nai": "khieu_nai",
    "to cao": "to_cao",
}
MISSPELLING_SIMILARITY = 85
MAX_MISSPELT_WORDS = 4


# in a longer message a misspelt name counts only right after a verb that asks to send it
# ("e muon gui kien ngi", "ad oi cho e gui phan anhh")
SENDING_VERBS = frozenset({"gui", "lam", "viet", "nop"})


def _misspelled_kind(text_folded: str) -> str | None:
    """A kind's name with a letter slipped, in a message of a few words or after a verb that
    asks to send it: two words at a time are compared with the names, one pair per name."""
    tokens = text_folded.split()
    if len(tokens) <= MAX_MISSPELT_WORDS:
        starts = list(range(len(tokens) - 1))
    else:
        starts = [i + 1 for i, token in enumerate(tokens[:-2]) if token in SENDING_VERBS]
    pairs = [" ".join(tokens[i : i + 2]) for i in starts]
    for pair in pairs:
        best = process.extractOne(pair, list(KIND_NAMES), scorer=fuzz.ratio)
        if best is not None and best[1] >= MISSPELLING_SIMILARITY:
            return KIND_NAMES[best[0]]
    return None


ENGLISH_REPORT = frozenset({"report", "reporting"})
# a petition asked for without naming its kind ("mình muốn gửi ý kiến", "report something")
GENERAL_REQUESTS = (
    "gui y kien",
    "gui gop y",
    "gui thu",
    # "tôi có ý kiến muốn gửi lên tỉnh"
    "co y kien muon gui",
    "co y kien can gui",
    "co y kien muon phan anh",
    "co y kien muon trinh bay",
    "co viec muon bao",
    "co chuyen muon bao",
    "muon gui don",
    "viet don gui",
    "report something",
    "report a problem",
    "report an issue",
    "file a",
    "make a report",
)
# a petition already sent, asked about: a status check, not a new petition
ABOUT_ONE_SENT = re.compile(
    # "tình trạng hôn nhân" is marital status, not a file's
    r"(?<!\w)(?:tra cuu|ket qua|tinh trang(?! hon nhan)|den dau|da gui|xu ly chua|xu ly den|"
    r"da xu ly|"
    r"sao roi|the nao roi|bao gio xong|chua thay|chua duoc tra loi|ma ho so|ho so cua|"
    r"da (?:duoc )?(?:chuyen|tiep nhan|giai quyet|xem|doc)|co ai (?:doc|xem)|chua a|"
    r"(?:phan anh|kien nghi|don|khieu nai|to cao|ho so) "
    r"(?:(?!(?:so|sdt|ten|dien|dia)\b)\w+ ){0,4}cua (?:toi|minh|em|tui)|"
    r"trang thai|tien do|tiep nhan chua|co (?:kq|ket qua) chua|(?:dang )?o khau nao|duyet chua|"
    r"(?:gui|nop) (?:tu )?(?:hom|tuan|thang) truoc|"
    r"(?:da )?co (?:ai )?(?:phan hoi|tra loi|hoi am)(?: \w+){0,6} chua|"
    r"(?:y kien|gop y) (?:(?!(?:so|sdt|ten|dien|dia)\b)\w+ ){0,4}cua (?:toi|minh|em|tui)|"
    # a "criminal record check" is a procedure's name, not a check on a file
    r"my (?:report|complaint|petition|proposal)|status|(?<!record )(?<!background )check|track|"
    r"progress|already sent|"
    r"i sent|submitted)(?!\w)"
)
# English names a petition only as a request: "I want to report", "file a complaint"
ENGLISH_REQUEST = re.compile(
    r"(?<!\w)(?:(?:want|like|need|wanna|have|going|how|where) to (?:report|complain|denounce|"
    r"propose|file|make|submit|send|lodge)|(?:can|could|may) (?:i|we) (?:report|complain|"
    r"denounce|propose|file|lodge)|(?:file|make|submit|send|lodge|have) an? "
    r"(?:\w+ )?(?:complaint|report|proposal|denunciation|petition|suggestion))(?!\w)"
)
# the Vietnamese kind words are all phrases ("phan anh"), the English ones single words
ENGLISH_KIND_WORDS = frozenset(p for ps in KIND_WORDS.values() for p in ps if " " not in p)
# words that ask for something to be done, so a kind named with them is a request
ASKING = re.compile(
    r"(?<!\w)(?:muon|can|xin|cho|gui|lam|viet|nop|co|oi|giup|ho|de|want|would like|need|"
    r"wanna|like to|file|make|submit|send|have|help|can i|how)(?!\w)"
)
MAX_BARE_REQUEST_WORDS = 4
# "phải, tôi muốn gửi đơn này": the petition on the summary, confirmed, not a new one asked for
THIS_ONE = re.compile(r"(?<!\w)(?:don|phan anh|kien nghi|khieu nai|to cao|cai) nay(?!\w)")


def about_one_sent(text: str) -> bool:
    """Whether a message asks about a file or petition already sent ("nộp hôm qua đã được
    duyệt chưa", "đơn của tôi đến đâu rồi")."""
    return bool(ABOUT_ONE_SENT.search(folded(text)))


def asks_for_a_petition(text: str) -> bool:
    """Whether a message asks to send a petition ("cho tôi gửi phản ánh", "ad ơi pa chút",
    "I need to denounce an official") rather than asking about one already sent."""
    if text.startswith("/"):
        return False
    text_folded = folded(text)
    if not text_folded or ABOUT_ONE_SENT.search(text_folded) or THIS_ONE.search(text_folded):
        return False
    if ENGLISH_REQUEST.search(text_folded) or REPORT_VERB.search(text_folded):
        return True
    kind = read_kind(text)
    if kind is not None and _named_in_english_only(text_folded):
        # "recommend a good phone", "report card": English kind words ask only as a request
        return len(text_folded.split()) <= 2
    if kind is None and not first_phrase(text_folded, GENERAL_REQUESTS):
        return False
    if kind is not None and _starts_with_a_kind(text_folded):
        # "phản ánh lấn chiếm vỉa hè", "kiến nghị lắp đèn": the kind leads, the topic follows
        return True
    return bool(ASKING.search(text_folded)) or len(text_folded.split()) <= MAX_BARE_REQUEST_WORDS


# what may come before the kind in a request: a greeting, a form of address, "I"
OPENING_WORDS = frozenset(
    """
    admin ad oi a chao xin da vang anh chi em e toi minh mk mik tui t chau con bac co chu ban hello
    hi
    """.split()
)


def _starts_with_a_kind(text_folded: str) -> bool:
    """ "phản ánh lấn chiếm vỉa hè", "chào anh chị, tôi phản ánh việc…": the kind leads."""
    words = text_folded.split()
    while words and words[0] in OPENING_WORDS:
        words.pop(0)
    start = " ".join(words[:3])
    return any(start.startswith(p + " ") or start == p for ps in KIND_WORDS.values() for p in ps)


# "tôi muốn báo …", "cho em báo …": reporting something, not "báo tử" (registering a death),
# "thông báo" or "bao nhiêu"
REPORT_VERB = re.compile(
    r"(?<!\w)(?:muon|xin|can|cho (?:toi|minh|em|tui|chau|con) |de (?:toi|minh|em) )\s*"
    r"bao(?! (?:tu|tam tru|tam vang|gia|nhieu|lau|gio|danh|hiem|ve|cao)\b)(?!\w)"
)


def kind_phrase_end(text: str) -> int | None:
    """Where the first kind phrase ends in `text` (diacritics kept): "muốn phản ánh| việc…",
    "muốn báo| cột đèn…"."""
    text_folded = fold(text)  # one character for each of `text`'s, so offsets carry over
    found = [
        m
        for ps in KIND_WORDS.values()
        for p in ps
        for m in [re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text_folded)]
        if m
    ]
    verb = REPORT_VERB.search(text_folded.lower())
    if verb:
        found.append(verb)
    return min(found, key=lambda m: m.start()).end() if found else None


def _named_in_english_only(text_folded: str) -> bool:
    vietnamese = [p for ps in KIND_WORDS.values() for p in ps if p not in ENGLISH_KIND_WORDS]
    named = first_phrase(text_folded, tuple(vietnamese)) is not None
    return not named and _misspelled_kind(text_folded) is None


CLAUSE_BREAK = re.compile(r"[,.;!?\n]+")
# what a description says that tells its kind when no kind was named
DESCRIBED_KINDS = (
    (
        "to_cao",
        re.compile(
            r"(?<!\w)(?:tham o|tham nhung|nhan hoi lo|an hoi lo|hoi lo|bien thu|an chan|an bot|"
            r"gia mao|lam gia|ky khong|chiem doat|rut ruot|bao ke|nhan tien cua|thu tien trai|"
            r"voi tien|doi tien (?:moi|thi)|tien (?:ca phe|cafe|cf|boi duong|lot tay)|"
            r"bribe|bribes|bribery|embezzl\w*|forged|forgery|kickback\w*|extort\w*|"
            r"pocketed|coffee money|tea money|asked (?:me |us )?for (?:money|cash)|"
            r"demanded (?:money|cash|a payment))(?!\w)"
        ),
    ),
    (
        "khieu_nai",
        re.compile(
            r"(?<!\w)(?:khong dong y (?:voi )?(?:quyet dinh|viec|muc|ket qua)|"
            r"quyet dinh (?:\w+ ){0,6}"
            r"(?:sai|khong dung|trai|bat cong|vo ly)|yeu cau (?:xem xet|giai quyet) lai|"
            r"xu phat (?:sai|oan)|phat oan|thu hoi (?:\w+ ){0,3}(?:sai|khong dung|ma khong)|"
            r"tu choi (?:cap|giai quyet|cho)|bac don|disagree with|unfair(?:ly)?|wrongly|"
            r"decision (?:\w+ ){0,6}(?:wrong|unfair|unlawful)|"
            r"refused to (?:issue|grant|give)|"
            r"(?:application|request|file|claim) (?:\w+ ){0,8}(?:was|got|has been) "
            r"(?:refused|rejected|denied)|"
            r"(?:ho so|don) (?:\w+ ){0,6}bi (?:tu choi|tra lai|tra ve|bac))(?!\w)"
        ),
    ),
    (
        "kien_nghi",
        re.compile(
            r"^(?:\w+ ){0,4}(?:de nghi|kien nghi|de xuat|mong|xin|nen|please|we should|could|"
            r"can you|would you|"
            r"i propose|i suggest|would like (?:the|you|to see))(?: \w+){0,4} "
            r"(?:lap|lap dat|xay|xay them|lam|bo tri|mo|mo rong|nang cap|tang cuong|bo sung|them|"
            r"trong|dat|cam|cho phep|sua doi|thay doi|to chuc|install|build|add|plant|open|"
            r"put|set up|widen|extend|organi[sz]e|increase|allow|create|provide)(?!\w)"
            r"|(?<!\w)(?:it would be (?:great|good|nice|better) if|would be (?:great|good) to|"
            r"mong muon (?:chinh quyen|xa|phuong|tinh)|uoc gi|hy vong (?:xa|phuong|tinh) se)(?!\w)"
        ),
    ),
)


def kind_described(text: str) -> str | None:
    """The kind a description implies: a bribe is denounced, a decision disputed is a
    complaint, something asked to be built or changed is a proposal; None for a report."""
    # a proposal may open any sentence ("…nát hết rồi, đề nghị cấm xe trên 10 tấn")
    readings = [folded(text), *(folded(part) for part in CLAUSE_BREAK.split(text))]
    for kind, pattern in DESCRIBED_KINDS:
        if any(pattern.search(reading) for reading in readings):
            return kind
    return None


# illegal acts by people (gambling, drugs, sand dredged or forests cut illegally): citizens file
# these as reports or as denunciations alike, so the kind is asked rather than assumed
WRONGDOING = re.compile(
    r"(?<!\w)(?:danh bac|co bac|lo de|ghi de|ca do|xoc dia|ma tuy|hut chich|tiem chich|"
    r"chich hut|kim tiem|con nghien|tu y (?:\w+ ){0,3}(?:lan|chiem|san lap|chat pha)|"
    r"buon lau|trom cap|hut cat (?:trai phep|trom)|khai thac (?:\w+ ){0,2}trai phep|"
    r"chat pha rung|pha rung|bao ke|cho vay nang lai|tin dung den|"
    # an official asking for money: bribery, which may be denounced
    r"hoi lo|nhan hoi lo|an hoi lo|voi tien|vot tien|phong bi|boi tron|"
    r"doi (?:(?!boi thuong|den bu|no |luong)\w+ ){0,3}\d+ (?:trieu|tr|nghin|ngan|k)(?!\w)|"
    r"bribe\w*|kickback\w*|"
    r"gambling|drug dealing|selling drugs|drug users|illegal logging|illegal sand|smuggl\w*|"
    r"loan shark\w*)(?!\w)"
)


def tells_of_wrongdoing(text: str) -> bool:
    """Whether a description tells of an illegal act by people, which may be denounced."""
    return WRONGDOING.search(folded(text)) is not None
