"""Tells Vietnamese from English in one chat message.

Common words of each language are counted, and words with diacritics count for Vietnamese
(a capitalised one, likely a name such as "Kỳ Sơn", less); words
that are both ("the" is also "thẻ", "can" also "cần") are left out of both lists. A message with
no evidence either way (an emoji, "ok", a tracking code) gets None, so the caller keeps the
language it already had.
"""

from __future__ import annotations

import re

from core.text import SHORTHAND, fold, has_vietnamese_diacritics, nfc

VIETNAMESE_WORDS = frozenset(
    """
    toi minh em anh chi ban co khong duoc gi nao dau sao the nhu muon lam thu tuc giay to
    xin chao cam on hoi cho voi va la cua nay kia roi nhe oi da vang uh
    bao nhieu lau ngay thang nam phi le nop o tai truc tuyen mang
    nguoi phuong xa tinh thon xom duong pho nha dat so do hong khai sinh tu ket hon
    can cuoc cong dan ho chieu bang lai xe trich luc chung thuc ky thuong tam tru
    phan anh kien nghi khieu nai cao gop y danh gia hai long cham nhanh tot te
    ho so ma tra cuu trang thai xu ly gap vien tam biet hen lai giup dang ky
    mat cap doi moi het han sua ten con chau bo me vo chong cha
    cai nay kia day viec hien gio chua dang se bi hu hong rac on den
    khi nao tai sao vi neu thi nhung ma cung van
    """.split()
) | frozenset(SHORTHAND)

_ENGLISH = frozenset(
    """
    i you your my me we our they it is are was were be been what how where when why who which
    hello hi hey thanks thank bye goodbye please need want get make apply renew register
    certificate card passport licence license birth marriage death fee fees cost costs much many
    long take takes time office online submit where status petition complaint report proposal
    denounce denunciation feedback service help can could would should will do does did not no
    yes yeah sure okay of for with about from this that these those there here and or but if
    human person official agent talk speak bot robot real weather football joke land house
    permit business company insurance child children allowance unemployment food safety address
    phone number location my code track tracking check pothole street light garbage noise
    rating great good bad slow fast satisfied unhappy very me to so an on
    something anything someone like would could should more some any all just also really
    have has had know think near behind front next every because since after before still
    again their them then than while other only over under into along across around ward
    commune village hamlet park lights lamp road roads bridge market school river lake
    propose suggest suggestion idea install build open fix broken dirty noisy loud neighbour
    neighbor people kids children night morning evening week month year since yesterday today
    the meet meeting chairman chairwoman appointment province provincial reception schedule
    reschedule cancel first one book booked
    """.split()
)
# words of both languages ("can", "do", "me", "the") are evidence of neither
VIETNAMESE_ONLY = VIETNAMESE_WORDS - _ENGLISH
ENGLISH_ONLY = _ENGLISH - VIETNAMESE_WORDS

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str | None:
    """'vi', 'en', or None when the message does not say."""
    vietnamese = english = 0
    accented = False
    for word in _WORD.findall(nfc(text)):
        if has_vietnamese_diacritics(word):
            # Vietnamese evidence; a capitalised one less so: "Kỳ Sơn ward" in an English
            # sentence is a place's name, "tôi hỏi" is Vietnamese
            accented = True
            vietnamese += 1 if word[:1].isupper() else 2
            continue
        folded = fold(word)
        # single letters ("a", "k", "e") are shorthand in both languages and in codes
        if len(folded) < 2:
            continue
        vietnamese += folded in VIETNAMESE_ONLY
        english += folded in ENGLISH_ONLY
    if accented and not english:
        return "vi"
    if english > vietnamese:
        return "en"
    if vietnamese > english:
        return "vi"
    return None
