"""A whitespace tokenizer whose tokens carry the folded form of each word.

Featurizers read `token.text`; giving them the diacritic-free, shorthand-expanded form makes
"thủ tục làm căn cước", "thu tuc lam can cuoc" and "thu tuc lam cccd" look alike to the
classifier. Offsets still point into the original text, so entity spans stay right.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from core.text import expand_shorthand, fold, nfc


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokens, folded (no diacritics, lower case) with chat shorthand expanded."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if attribute != TEXT:
            return tokens
        for token in tokens:
            folded = expand_shorthand(fold(nfc(token.text)))
            # featurizers read `lemma` by default (use_lemma), so both must carry the folded form
            token.text = folded
            token.lemma = folded
        return tokens
