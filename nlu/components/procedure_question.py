"""A question that names a procedure is a procedure question, whatever the classifier thought.

"Tôi năm nay tròn 40 tuổi, có phải đi đổi thẻ căn cước không" or "How much is a passport?" read
to the classifier like a petition or small talk; the lexicon found the procedure, and the words
say what is asked (the fee, the time, where, or the whole procedure). A message about how an
office treated someone ("cán bộ gây khó dễ khi tôi làm sổ đỏ") stays a petition.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from actions.reading.aspects import asked_aspect, clear_aspect, tells_of_an_officials_conduct
from actions.reading.questions import is_procedure_question, plainly_asks_a_procedure
from actions.reading.status import asks_about_nothing_sent
from nlu.components.intent_override import IntentReader, intent_of

PROCEDURE_INTENTS = frozenset({"ask_procedure", "ask_fee", "ask_processing_time", "ask_where"})
# what the classifier may mistake a procedure question for
MISTAKEN_INTENTS = frozenset(
    {"submit_petition", "give_feedback", "out_of_scope", "inform", "greet", "thank", "affirm"}
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ProcedureQuestionIntent(IntentReader):
    """Sets the aspect's intent (confidence 1) on a question naming a procedure, and on a
    procedure question whose words ask another aspect than the classifier said."""

    def intent_for(self, message: Message, text: str) -> str | None:
        intent = intent_of(message)
        if intent in PROCEDURE_INTENTS:
            if tells_of_an_officials_conduct(text):
                return "submit_petition"
            # "đăng ký thường trú làm thế nào" is not about the time, whatever the classifier
            aspect = clear_aspect(text)
            return aspect if aspect is not None and aspect != intent else None
        names_one = any(e.get("entity") == "procedure" for e in message.get(ENTITIES, []))
        if intent == "check_status":
            # "can someone else apply for my criminal record check?": a "check" that asks of a
            # procedure, with nothing already sent to check on
            asks = names_one and plainly_asks_a_procedure(text) and asks_about_nothing_sent(text)
            return asked_aspect(text) if asks else None
        if intent not in MISTAKEN_INTENTS:
            return None
        return asked_aspect(text) if names_one and is_procedure_question(text) else None
