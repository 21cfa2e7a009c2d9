"""A short message saying something is still not put right ("vẫn chưa sửa", "it's still
broken") is `report_not_fixed`: the assistant then offers to reopen the citizen's latest
resolved petition, or, when there is none, reads the message as it would any other.

Left alone: a status question ("hồ sơ của tôi vẫn chưa xử lý" is `check_status` unless it names
a code), a petition asked for in words, a rating, and longer messages, which describe a matter.
A short complaint the classifier took for a new report is read here: with nothing to reopen, the
assistant offers to file it.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from actions.reading.cues import is_a_question
from actions.reading.kinds import asks_for_a_petition
from actions.reading.not_fixed import says_marked_done_but_not, says_not_fixed
from nlu.components.intent_override import IntentReader, intent_of

INTENT_NAME = "report_not_fixed"
MAX_WORDS = 15


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NotFixedIntent(IntentReader):
    def intent_for(self, message: Message, text: str) -> str | None:
        intent = intent_of(message)
        if says_marked_done_but_not(text) and intent != "rate_petition":
            # "báo đã xử lý mà rác vẫn còn", asked or not, even with "đề nghị mở lại": the
            # closed petition is wrong (with none to reopen, the assistant offers to file it)
            return INTENT_NAME
        if len(text.split()) > MAX_WORDS or not says_not_fixed(text):
            return None
        names_a_code = any(
            e.get("entity") == "tracking_code" for e in message.get(ENTITIES, []) or []
        )
        # "K7PM-3QXA vẫn chưa sửa": about that petition, not a question of its state; and
        # "vẫn chưa sửa xong mà", said rather than asked, is no status question either
        asked = is_a_question(text)
        if intent == "rate_petition" or (intent == "check_status" and asked and not names_a_code):
            return None
        if asks_for_a_petition(text):
            return None  # "tôi muốn phản ánh đèn vẫn tắt": a new petition, asked for in words
        return INTENT_NAME
