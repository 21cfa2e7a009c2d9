"""Answering a procedure question whatever the classifier made of it: the aspect asked (fee,
time, place, or the whole procedure) read from the words, the procedure from the catalogue."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import procedure_catalogue as catalogue
from actions.answer_procedure_detail import answer_detail
from actions.lookup_procedure import ActionLookupProcedure
from actions.reading.aspects import asked_aspect

# a message the classifier could not place must name a procedure clearly (more than one folded
# word such as "doi", which is "đổi" but also "đội") before it is answered as a question about it
CLEAR_MATCH_SCORE = 4.0


async def names_a_procedure(text: str, clearly: bool = False) -> bool:
    """Whether the catalogue finds a procedure (or a close choice of them) in the text."""
    if clearly:
        matches = (await catalogue.search_index()).search(text)
        if not matches or matches[0].score < CLEAR_MATCH_SCORE:
            return False
    found = await catalogue.resolve_text(text)
    return found.code is not None or bool(found.choices)


async def answer_from_catalogue(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """Answers the latest message as a procedure question, in the aspect its words ask for."""
    aspect = asked_aspect(str(tracker.latest_message.get("text") or ""))
    if aspect == "ask_procedure":
        return list(await ActionLookupProcedure().run(dispatcher, tracker, domain))
    return await answer_detail(dispatcher, tracker, aspect)
