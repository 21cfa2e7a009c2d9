"""Setting a message's intent from a reading the classifier cannot beat (a tracking code, a
request for a petition, a question naming a procedure), keeping the ranking consistent."""

from __future__ import annotations

from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
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
