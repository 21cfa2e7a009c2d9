"""A tracking code in a message means the citizen asks about that petition.

Citizens are told to "send the code any time": alone, inside a sentence ("hồ sơ K7PM-3QXA sao
rồi"), lower-cased or without the hyphen. Whatever the classifier thought of such a message, its
intent is `check_status` and the code is its `tracking_code` entity, canonical ("K7PM-3QXA").
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from core.tracking_codes import find_other_reference, find_tracking_code
from nlu.components.intent_override import IntentReader, intent_of

# buttons that carry a code for another purpose (rating a resolved petition)
KEEP_INTENTS = frozenset({"rate_petition"})
# another system's reference ("HB-2026-00487") asks about a file when it comes almost alone
# ("mã HB-2026-00487 sao rồi"); inside a longer description it is an address ("căn hộ A1-2-301")
OTHER_REFERENCE_MAX_WORDS = 7


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TrackingCodeIntent(IntentReader):
    """Sets `check_status` (confidence 1) and the code entity when a message holds a code."""

    def intent_for(self, message: Message, text: str) -> str | None:
        if intent_of(message) in KEEP_INTENTS:
            return None
        found = find_tracking_code(text)
        if found is None:
            # the status action explains that such a code is not one of ours
            other = find_other_reference(text)
            short = len(text.split()) <= OTHER_REFERENCE_MAX_WORDS
            return "check_status" if other is not None and short else None
        code, start, end = found
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "tracking_code"]
        entities.append(
            {
                "entity": "tracking_code",
                "value": code,
                "start": start,
                "end": end,
                "extractor": self.__class__.__name__,
            }
        )
        message.set(ENTITIES, entities, add_to_output=True)
        return "check_status"
