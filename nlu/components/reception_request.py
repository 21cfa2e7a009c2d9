""" "Khi nào chủ tịch xã tiếp dân", "đặt lịch gặp chủ tịch": `ask_reception`; "hủy lịch TD-…":
`cancel_reception`; "đổi lịch": `move_reception`. Read with actions.reading.reception, so a
petition about reception ("phản ánh cán bộ không tiếp dân") stays a petition."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.reception import reception_request
from nlu.components.intent_override import IntentReader

INTENTS = {"ask": "ask_reception", "cancel": "cancel_reception", "move": "move_reception"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ReceptionRequestIntent(IntentReader):
    def intent_for(self, message: Message, text: str) -> str | None:
        wanted = reception_request(text)
        return INTENTS[wanted] if wanted else None
