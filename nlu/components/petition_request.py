"""A message that asks to send a petition starts one, whatever the classifier thought of it.

"Cho tôi gửi phản ánh", "ad ơi pa chút", "e muon khieu nai", "I need to denounce an official":
a kind of petition named with a word that asks for it is `submit_petition`, even when a greeting
comes first ("ad ơi") or the classifier leaned to a status check. The reader is the one the
petition form uses (`actions.reading.kinds`), so the two never disagree about what a kind is.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.cues import wants_an_official, wants_to_cancel
from actions.reading.kinds import asks_for_a_petition
from actions.reading.words import words
from nlu.components.intent_override import IntentReader, intent_of

INTENT_NAME = "submit_petition"
# what the classifier may say of such a message that still leads to the form ("phản ánh" typed
# alone is `inform`, which action_handle_misunderstanding reads as the kind and starts the form)
KEEP_INTENTS = frozenset({INTENT_NAME, "rate_petition", "inform"})
# a kind typed alone is a few words; a longer message taken for `inform` is a request
MAX_KIND_ALONE_WORDS = 3


def starts_a_petition(text: str) -> bool:
    return asks_for_a_petition(text) and not wants_to_cancel(text) and not wants_an_official(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PetitionRequestIntent(IntentReader):
    """Sets `submit_petition` (confidence 1) on a message that asks to send a petition."""

    def intent_for(self, message: Message, text: str) -> str | None:
        intent = intent_of(message)
        kept = intent in KEEP_INTENTS and (
            intent != "inform" or len(words(text)) <= MAX_KIND_ALONE_WORDS
        )
        if kept or not starts_a_petition(text):
            return None
        return INTENT_NAME
