"""The words people read, from one gettext catalogue per language.

Every sentence the gateway, the storage services' messages, the officials' notifications and
the desk show comes from core/locales/<language>/LC_MESSAGES/messages.po (`make words`
extracts the keys into messages.pot and merges them into both). The msgids are message keys
("citizen_reply", "days_left"), not English sentences: Vietnamese is the default and English its
peer, so each catalogue translates every key (tests/unit/test_catalogue.py checks it), and a
reworded sentence keeps its key. Texts take named values, str.format style ("{code}"); a plural
entry has one key for all its forms, `ngettext("days_left", n)`, and its count is `{n}`.

The .po files are compiled in memory on first use, so a fresh clone needs no compile step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Union

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from core.dates import day_for

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
# Beside the module that reads them rather than in one package: the gateway, storage, the desk
# and the actions all speak from the same catalogue.
LOCALES = Path(__file__).with_name("locales")
DOMAIN = "messages"


class MissingWord(KeyError):
    """A key the catalogue does not translate: a bug, so it fails loudly (and in the tests)
    rather than showing a citizen the key."""


class _Missing(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        raise MissingWord(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise MissingWord(msgid1)


def catalogue_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: str) -> gettext.GNUTranslations:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    compiled = io.BytesIO()
    # leaves out fuzzy and empty entries, which then raise MissingWord
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    translations.add_fallback(_Missing())
    return translations


def N_(key: str) -> str:
    """Marks a key for the extractor (by gettext's own name for it) where the text is looked up
    by a name built at run time ("done_" + the action)."""
    return key


@dataclass(frozen=True)
class Names:
    """Something named in each language, such as a unit: each reader gets their language's."""

    vi: str
    en: str


Fact = Union[str, int, float, dt.date, Names]


@dataclass(frozen=True)
class Notice:
    """A message as facts: its catalogue key and values, worded for each reader in turn."""

    key: str
    values: Mapping[str, Fact] = field(default_factory=dict)
    # a plural entry's n
    count: int | None = None


def notice(key: str, /, **values: Fact) -> Notice:
    return Notice(key, values)


def plural_notice(key: str, n: int, /, **values: Fact) -> Notice:
    return Notice(key, values, count=n)


@dataclass(frozen=True)
class Words:
    """One language's words: texts from its catalogue, days in its format."""

    language: str

    def gettext(self, key: str, /, **values: object) -> str:
        text = _translations(self.language).gettext(key)
        return text.format(**values) if values else text

    def ngettext(self, key: str, n: int, /, **values: object) -> str:
        return _translations(self.language).ngettext(key, key, n).format(n=n, **values)

    def day(self, day: dt.date) -> str:
        return day_for(self.language, day)

    def say(self, notice: Notice) -> str:
        values = {name: self._worded(value) for name, value in notice.values.items()}
        if notice.count is None:
            return self.gettext(notice.key, **values)
        return self.ngettext(notice.key, notice.count, **values)

    def _worded(self, value: Fact) -> object:
        if isinstance(value, Names):
            return value.en if self.language == "en" else value.vi
        if isinstance(value, dt.date):
            return self.day(value)
        return value


@cache
def words_for(language: str | None) -> Words:
    """A language's words; a language without a catalogue gets Vietnamese."""
    return Words(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def in_both_languages(key: str, /, **values: object) -> str:
    """Vietnamese, then English: for a reader whose language is not known yet."""
    return " / ".join(words_for(language).gettext(key, **values) for language in LANGUAGES)
