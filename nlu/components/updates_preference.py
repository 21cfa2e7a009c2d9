""" "Tắt thông báo", "stop updates": `updates_off`; "bật thông báo", "resume updates":
`updates_on`. Short messages only, read with actions.reading.updates."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.updates import updates_wanted
from nlu.components.intent_override import IntentReader


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class UpdatesPreferenceIntent(IntentReader):
    def intent_for(self, message: Message, text: str) -> str | None:
        wanted = updates_wanted(text)
        if wanted is None:
            return None
        return "updates_on" if wanted else "updates_off"
