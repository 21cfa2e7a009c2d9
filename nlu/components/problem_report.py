"""A problem described in a message the classifier took for small talk is not let go.

"ngo nha e ngap r" (my alley is flooded) read as a goodbye would get "have a nice day": a
citizen reporting a problem in few, unaccented words must not be waved off. When the classifier
says greet or goodbye of a message that names a problem and says something of it (or a status
check of one that names no code and nothing already sent), the intent becomes `nlu_fallback`,
so action_handle_misunderstanding offers to file it. The area is read as the petition form
reads it (`actions.reading.categories`).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from actions.reading.categories import read_category
from actions.reading.status import asks_about_nothing_sent
from actions.reading.words import words
from nlu.components.intent_override import IntentReader, intent_of

# not "thank": "cảm ơn, đèn đã sáng rồi" speaks of a problem solved
SMALL_TALK = frozenset({"greet", "goodbye"})
# "ngõ ngập rồi" says something of the problem; "chào, đèn" does not
MIN_WORDS = 3


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ProblemReportIntent(IntentReader):
    """Sets `nlu_fallback` on small talk that describes a problem."""

    def intent_for(self, message: Message, text: str) -> str | None:
        intent = intent_of(message)
        # "e bao vu vut lon chet xuong suoi" (I report pigs dumped in the stream) heard as a
        # status question: no code, nothing said of a petition already sent
        misheard_status = intent == "check_status" and asks_about_nothing_sent(text)
        if intent not in SMALL_TALK and not misheard_status:
            return None
        if len(words(text)) >= MIN_WORDS and read_category(text) is not None:
            return "nlu_fallback"
        return None
