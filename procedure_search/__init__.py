"""Procedure search: which catalogue procedure a citizen's question names.

- `terms`: the folded words of a question that can name a procedure.
- `index`: the index over every procedure's names, its ranking and the accept/offer decision.
- `names`: where the names come from (catalogue entries, the training data's synonyms).
"""

from procedure_search.index import Match, ProcedureIndex, Resolution, resolve
from procedure_search.names import names_of, synonyms_from_training_data
from procedure_search.terms import content_words, terms

__all__ = [
    "Match",
    "ProcedureIndex",
    "Resolution",
    "content_words",
    "names_of",
    "resolve",
    "synonyms_from_training_data",
    "terms",
]
