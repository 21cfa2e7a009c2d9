"""A citizen asking how a petition they already sent is going, with no tracking code ("phản
ánh của em tới đâu rồi ad", "kiến nghị tôi gửi hôm 3/9 có ai xem chưa", "I submitted a report
about rubbish, where is it now?"): a petition named, a sign it was sent, and a question of its
progress. A question about petitions in general ("phản ánh thì bao lâu có kết quả") names no
sent one and is left to the classifier."""

from __future__ import annotations

import re

from actions.reading.kinds import about_one_sent
from actions.reading.words import folded
from core.tracking_codes import find_other_reference, find_tracking_code

PETITION = re.compile(
    r"(?<!\w)(?:phan anh|kien nghi|khieu nai|to cao|don|ho so|report|complaint|petition|"
    r"application|proposal)(?!\w)"
)
SENT = re.compile(
    r"(?<!\w)(?:(?:toi|em|minh|tui|chau|con|e|t) (?:da )?(?:gui|bao|nop|phan anh|kien nghi)|"
    r"da (?:gui|nop|bao)|(?:gui|nop|bao) (?:tu |hom |tuan |thang |hoi )|hom truoc|"
    r"cua (?:toi|em|minh|tui|chau|con|e|t)|"
    r"i (?:sent|submitted|filed|reported|made|lodged|complained)|my (?:report|complaint|petition|"
    r"application|proposal))(?!\w)"
)
# "I reported a broken light…": the sending names the petition itself
REPORTED = re.compile(r"(?<!\w)i (?:reported|complained about)(?!\w)")
PROGRESS = re.compile(
    r"(?<!\w)(?:(?:den|toi) dau(?: roi)?|dau roi|tien do|co ai (?:xem|doc|xu ly|nhan)|"
    r"(?:xem|xu ly|giai quyet|tra loi|tiep nhan|duyet) chua|bao gio (?:moi )?(?:co ket qua|xong|"
    r"duoc (?:xu ly|giai quyet|tra loi))|the nao (?:roi|r)|sao (?:roi|r)|co ket qua chua|"
    r"where is it|what happened|any (?:news|update)|heard back|status|progress|"
    r"(?:is|was) (?:it|that|this) (?:being )?(?:handled|dealt with|processed|looked at|fixed)|"
    r"(?:been|being|got) (?:handled|dealt with|processed|looked at|answered))(?!\w)"
)
# progress words that by themselves mean a petition exists ("tiến độ phản ánh đèn đường", "đơn
# về đường ngập đã xử lý chưa": "đã … chưa" asks after one already there)
ONE_UNDER_WAY = re.compile(
    r"(?<!\w)(?:tien do|(?:den|toi) dau (?:roi|r)|co ai (?:xem|doc)|"
    r"da (?:duoc )?(?:xem|xu ly|giai quyet|tra loi|tiep nhan|xem xet)(?: xong)? chua)(?!\w)"
)
MAX_WORDS = 25


def asks_about_progress(text: str) -> bool:
    said = folded(text)
    if not said or len(said.split()) > MAX_WORDS:
        return False
    if not (PETITION.search(said) or REPORTED.search(said)):
        return False
    return bool(ONE_UNDER_WAY.search(said) or (SENT.search(said) and PROGRESS.search(said)))


# "vụ ngập nhà em đã báo", "có ai xuống xem chưa": something reported before is asked about
ALREADY_REPORTED = re.compile(r"(?<!\w)(?:da bao|bao roi|da phan anh|xuong xem)(?!\w)")


def asks_about_nothing_sent(text: str) -> bool:
    """No code, no other reference, nothing said of a petition already sent or its progress."""
    return (
        not ALREADY_REPORTED.search(folded(text))
        and find_tracking_code(text) is None
        and find_other_reference(text) is None
        and not about_one_sent(text)
        and not asks_about_progress(text)
    )
