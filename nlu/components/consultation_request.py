""" "Nhận tham vấn": `consultations_on`; "dừng nhận tham vấn": `consultations_off`; "tham vấn",
"đổi ý kiến tham vấn": `ask_consultation`. Read with actions.reading.consultation, so a question
that consults about a procedure ("tham vấn về thủ tục đất") stays a procedure question."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.consultation import consultation_request
from nlu.components.intent_override import IntentReader

INTENTS = {"on": "consultations_on", "off": "consultations_off", "ask": "ask_consultation"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ConsultationRequestIntent(IntentReader):
    def intent_for(self, message: Message, text: str) -> str | None:
        wanted = consultation_request(text)
        return INTENTS[wanted] if wanted else None
