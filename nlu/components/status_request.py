""" "Phản ánh của em tới đâu rồi", "kiến nghị tôi gửi hôm trước có ai xem chưa": `check_status`,
whatever the classifier said (it reads the petition's words as a new petition). Read with
actions.reading.status; a message with a tracking code is nlu.components.tracking_code's."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.status import asks_about_progress
from nlu.components.intent_override import IntentReader


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StatusRequestIntent(IntentReader):
    def intent_for(self, message: Message, text: str) -> str | None:
        return "check_status" if asks_about_progress(text) else None
