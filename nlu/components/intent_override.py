"""Setting a message's intent from a reading the classifier cannot beat (a tracking code, a
request for a petition, a question naming a procedure), keeping the ranking consistent.

`IntentReader` is the shape the three share: stateless, never trained, it skips button payloads
and sets the intent its `intent_for` returns."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
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


def set_intent(message: Message, name: str) -> None:
    """Makes `name` the message's intent with confidence 1 and every other one 0."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [chosen] + [
        {**r, PREDICTED_CONFIDENCE_KEY: 0.0}
        for r in message.get(INTENT_RANKING_KEY, [])
        if r.get(INTENT_NAME_KEY) != name
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def intent_of(message: Message) -> str | None:
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    return str(name) if name else None


class IntentReader(GraphComponent):
    """An intent classifier that reads words after the trained one; subclasses say which intent
    a typed message has, or None to leave the classifier's."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentReader:
        return cls()

    def intent_for(self, message: Message, text: str) -> str | None:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # a button's payload ("/ask_fee{...}") says exactly what was meant
            if text.startswith("/"):
                continue
            intent = self.intent_for(message, text)
            if intent is not None:
                set_intent(message, intent)
        return messages
