"""A message that asks to send a petition starts one, whatever the classifier thought of it.

"Cho tôi gửi phản ánh", "ad ơi pa chút", "e muon khieu nai", "I need to denounce an official":
a kind of petition named with a word that asks for it is `submit_petition`, even when a greeting
comes first ("ad ơi") or the classifier leaned to a status check. The reader is the one the
petition form uses (`actions.reading.kinds`), so the two never disagree about what a kind is.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from actions.reading.cues import wants_an_official, wants_to_cancel
from actions.reading.kinds import asks_for_a_petition

INTENT_NAME = "submit_petition"
# what the classifier may say of such a message that is still right
KEEP_INTENTS = frozenset({INTENT_NAME, "rate_petition"})


def starts_a_petition(text: str) -> bool:
    return asks_for_a_petition(text) and not wants_to_cancel(text) and not wants_an_official(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PetitionRequestIntent(GraphComponent):
    """Sets `submit_petition` (confidence 1) on a message that asks to send a petition."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PetitionRequestIntent:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent in KEEP_INTENTS or not starts_a_petition(message.get(TEXT) or ""):
                continue
            chosen = {INTENT_NAME_KEY: INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [chosen] + [
                {**r, PREDICTED_CONFIDENCE_KEY: 0.0}
                for r in message.get(INTENT_RANKING_KEY, [])
                if r.get(INTENT_NAME_KEY) != INTENT_NAME
            ]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
