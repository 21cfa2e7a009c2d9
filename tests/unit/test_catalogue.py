"""The words people read come from one catalogue per language (core/words.py): Babel's extractor
finds every key the code and the templates use, both languages translate each of them, and no
Vietnamese sentence is left in the gateway's or storage's code."""

from __future__ import annotations

import ast
import datetime as dt
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from core.dates import day_for
from core.text import has_vietnamese_diacritics
from core.words import LANGUAGES, LOCALES, MissingWord, catalogue_path, words_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = LOCALES / "messages.pot"
# Strings with Vietnamese words that are not sentences anyone is shown, and why
NOT_SENTENCES = {
    # the laws' own names, cited as the source of each legal clock (data, stored with the clock)
    "storage/legal_clocks.py",
    # what people type: the procedure matcher's question words
    "procedure_search/terms.py",
}


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=language)


def keys(catalogue: Catalog) -> dict[str, bool]:
    """Each key, and whether it is a plural entry."""
    return {_key(m): m.pluralizable for m in catalogue if m.id}


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def fields(message: Message) -> set[str]:
    """The names of the values a text takes ("{code}", "{usual:.1f}"), in any of its forms."""
    return {
        name.split(".")[0].split("[")[0]
        for form in forms(message)
        for _, name, _, _ in string.Formatter().parse(form)
        if name
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What `make words` extracts now (the same settings, from pyproject.toml)."""
    output = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "pyproject.toml"),
            "-o",
            str(output),
            str(ROOT),
        ]
    )
    return read(output)


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    language: str = request.param
    return language


def test_the_template_holds_every_key_the_code_and_the_templates_use(extracted: Catalog) -> None:
    found = keys(extracted)
    assert len(found) > 300, "the extractor found almost nothing: settings changed?"
    # `make words` brings the template and both catalogues up to date
    assert found == keys(read(TEMPLATE))


def test_each_language_translates_every_key_of_the_template(language: str) -> None:
    catalogue = read(catalogue_path(language), language)
    assert keys(catalogue) == keys(read(TEMPLATE)), "run make words, then translate new keys"
    untranslated = [_key(m) for m in catalogue if m.id and (m.fuzzy or not all(forms(m)))]
    assert untranslated == []
    plurals = {_key(m): len(forms(m)) for m in catalogue if m.id and m.pluralizable}
    assert set(plurals.values()) == {catalogue.num_plurals}


def test_both_languages_take_the_same_values_for_each_key() -> None:
    vi, en = (
        {_key(m): fields(m) for m in read(catalogue_path(language), language) if m.id}
        for language in ("vi", "en")
    )
    differ = {key: (vi[key], en[key]) for key in vi if vi[key] != en.get(key)}
    assert differ == {}


def string_literals(path: Path) -> Iterator[ast.Constant]:
    """The module's string constants (f-strings' pieces included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node


def vietnamese_sentences(folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if "migrations" in path.parts or name in NOT_SENTENCES:
            continue
        for node in string_literals(path):
            text = node.value
            if has_vietnamese_diacritics(text) and len(text.split()) >= 2:
                found.append(f"{name}:{node.lineno}: {text.strip()[:60]!r}")
    return found


@pytest.mark.parametrize("folder", ["bot", "storage"])
def test_no_vietnamese_sentence_is_left_in_the_code(folder: str) -> None:
    """Sentences people read belong in core/locales (or the Rasa domain's responses)."""
    assert vietnamese_sentences(folder) == []


def test_english_counts_take_their_plural_form() -> None:
    english = words_for("en")
    assert english.ngettext("days_left", 1) == "1 day left"
    assert english.ngettext("days_left", 3) == "3 days left"
    assert english.ngettext("ratings_count", 1) == "1 rating"
    assert english.ngettext("ratings_count", 0) == "0 ratings"
    assert words_for("vi").ngettext("ratings_count", 1) == "1 lượt đánh giá"


def test_days_are_written_as_each_language_reads_them() -> None:
    day = dt.date(2027, 1, 7)
    assert day_for("vi", day) == words_for("vi").day(day) == "07/01/2027"
    assert day_for("en", day) == words_for("en").day(day) == "2027-01-07"
    assert day_for("fr", day) == words_for("fr").day(day) == "07/01/2027"


def test_a_key_no_catalogue_has_fails_loudly() -> None:
    with pytest.raises(MissingWord):
        words_for("en").gettext("no_such_key")
    with pytest.raises(MissingWord):
        words_for("vi").ngettext("no_such_key", 2)
