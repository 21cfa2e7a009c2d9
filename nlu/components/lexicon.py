"""Finds entities by the names people use for them, whether typed with diacritics or not.

Rasa's RegexEntityExtractor matches lookup tables as written, so "so do" misses "sổ đỏ", and
its EntitySynonymMapper is just as strict. This extractor folds the lookup tables, synonyms and
annotated examples at training time, matches on the folded message (folding keeps every
character's position) and returns the canonical value ("cap_so_do") with the original span.
Regexes (tracking codes, phone numbers) run on the message as typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from core.text import fold, nfc

LEXICON_FILE = "lexicon.json"


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def _folded(text: str) -> str:
    return " ".join(fold(nfc(text)).split())


def _catalogue_names(folder: str | None) -> List[Tuple[str, List[str]]]:
    """(code, names and aliases) of every entry of the catalogue folder, relative to the project."""
    if not folder:
        return []
    root = Path(__file__).resolve().parents[2] / folder
    entries = []
    for path in sorted(root.glob("*.yml")):
        entry = rasa.shared.utils.io.read_yaml_file(path)
        names = [entry.get("name_vi"), entry.get("name_en"), *(entry.get("aliases") or [])]
        entries.append((str(entry["code"]), [str(n) for n in names if n]))
    return entries


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LexiconEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Lookup-table, synonym and regex entities, insensitive to diacritics and case."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # entities matched by name (lookup tables, synonyms, annotated examples)
            "lexicon_entities": [],
            # entities matched by the training data's regexes
            "regex_entities": [],
            # the procedure catalogue's folder: each entry's names and aliases of two words or
            # more name its procedure, so the catalogue and the lexicon never disagree
            "catalogue": None,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        terms: Dict[str, Tuple[str, str]] | None = None,
        regexes: List[Dict[str, str]] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.terms: Dict[str, Tuple[str, str]] = terms or {}
        self.regexes = regexes or []
        self._compile()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LexiconEntityExtractor:
        return cls(config, model_storage, resource)

    def _compile(self) -> None:
        # longest names first, so "so do" does not win over "sang ten so do"
        names = sorted(self.terms, key=len, reverse=True)
        self._term_pattern = (
            re.compile(
                r"(?<!\w)(?:{})(?!\w)".format(
                    "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
                )
            )
            if names
            else None
        )
        self._regex_patterns = [
            (item["name"], re.compile(item["pattern"], re.IGNORECASE)) for item in self.regexes
        ]

    def train(self, training_data: TrainingData) -> Resource:
        wanted = set(self._config["lexicon_entities"])
        synonyms = {_folded(k): v for k, v in training_data.entity_synonyms.items()}
        terms: Dict[str, Tuple[str, str]] = {}
        type_of_value: Dict[str, str] = {}

        def add(surface: str, entity: str, value: str) -> None:
            folded = _folded(surface)
            if folded and len(folded) > 1:
                terms.setdefault(folded, (entity, value))

        for example in training_data.entity_examples:
            for entity in example.get(ENTITIES, []):
                if entity["entity"] not in wanted:
                    continue
                surface = example.get(TEXT)[entity["start"] : entity["end"]]
                value = synonyms.get(_folded(str(entity["value"])), str(entity["value"]))
                value = synonyms.get(_folded(surface), value)
                type_of_value[value] = entity["entity"]
                add(surface, entity["entity"], value)
        for surface, value in synonyms.items():
            if value in type_of_value:
                add(surface, type_of_value[value], value)
            add_entity = type_of_value.get(value)
            if add_entity:
                add(value.replace("_", " "), add_entity, value)
        for code, surfaces in _catalogue_names(self._config.get("catalogue")):
            for surface in surfaces:
                # one word ("chết", "passport") is too loose to name a procedure on its own
                if len(_folded(surface).split()) >= 2:
                    add(surface, "procedure", code)
        for table in training_data.lookup_tables:
            if table["name"] not in wanted:
                continue
            for element in table["elements"]:
                add(element, table["name"], synonyms.get(_folded(element), element))

        self.terms = terms
        self.regexes = [
            {"name": r["name"], "pattern": r["pattern"]}
            for r in training_data.regex_features
            if r["name"] in set(self._config["regex_entities"])
        ]
        self._compile()
        with self._model_storage.write_to(self._resource) as path:
            rasa.shared.utils.io.dump_obj_as_json_to_file(
                path / LEXICON_FILE, {"terms": self.terms, "regexes": self.regexes}
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LexiconEntityExtractor:
        try:
            with model_storage.read_from(resource) as path:
                stored = rasa.shared.utils.io.read_json_file(path / LEXICON_FILE)
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        terms = {k: (v[0], v[1]) for k, v in stored["terms"].items()}
        return cls(config, model_storage, resource, terms, stored["regexes"])

    def extract(self, text: str) -> List[Dict[str, Any]]:
        text = nfc(text)
        found: List[Dict[str, Any]] = []
        if self._term_pattern is not None:
            # "toddler's card" reads as "toddler card"; spaces keep the offsets
            folded = _POSSESSIVE.sub("  ", fold(text))
            for match in self._term_pattern.finditer(folded):
                entity, value = self.terms[" ".join(match.group(0).split())]
                found.append(
                    {
                        "entity": entity,
                        "start": match.start(),
                        "end": match.end(),
                        "value": value,
                    }
                )
        for name, pattern in self._regex_patterns:
            for match in pattern.finditer(text):
                found.append(
                    {
                        "entity": name,
                        "start": match.start(),
                        "end": match.end(),
                        "value": match.group(0),
                    }
                )
        return found

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            entities = self.add_extractor_name(self.extract(text))
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
