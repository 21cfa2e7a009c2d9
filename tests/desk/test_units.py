"""The desk's pure parts: signing, the word tables, query parsing, charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk import charts, filters, i18n
from desk.security import Signer, same
from storage.errors import InvalidValue

TEMPLATES = Path(__file__).resolve().parents[2] / "desk" / "templates"
KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*"([a-z_0-9]+)"\s*[,)]""")

signer = Signer(b"s" * 32)


def test_both_languages_have_the_same_words() -> None:
    assert set(i18n.TEXTS["vi"]) == set(i18n.TEXTS["en"])
    for table in i18n.LABELS.values():
        assert all(len(pair) == 2 and all(pair) for pair in table.values())


def test_every_word_a_template_asks_for_exists() -> None:
    used = {
        key
        for path in TEMPLATES.rglob("*.html")
        for key in KEY_IN_TEMPLATE.findall(path.read_text(encoding="utf-8"))
    }
    assert used, "the pattern found nothing: templates changed?"
    assert used - set(i18n.TEXTS["vi"]) == set()


def test_a_signed_value_comes_back_only_for_its_purpose() -> None:
    signed = signer.sign("session", "abc")
    assert signer.unsign("session", signed) == "abc"
    assert signer.unsign("login", signed) is None
    assert Signer(b"t" * 32).unsign("session", signed) is None
    assert signer.unsign("session", signed[:-1] + ("x" if signed[-1] != "x" else "y")) is None


@given(st.text(max_size=200))
def test_unsign_never_raises_on_hostile_cookies(value: str) -> None:
    assert signer.unsign("session", value) in (None, value.rpartition(".")[0])


@given(st.text(max_size=50), st.one_of(st.none(), st.text(max_size=50)))
def test_same_is_equality_and_none_is_never_equal(expected: str, given_value: str | None) -> None:
    assert same(expected, given_value) == (bool(given_value) and expected == given_value)


def test_a_short_signing_key_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Signer(b"short")


def test_queue_parameters_are_checked() -> None:
    query = filters.parse_queue({"status": "resolved", "overdue": "1", "sort": "-due"})
    assert (query.status, query.overdue, query.sort, query.limit) == ("resolved", True, "-due", 50)
    for bad in ({"status": "x"}, {"limit": "201"}, {"cursor": "2026-01-01_x"}, {"kind": "a"}):
        with pytest.raises(InvalidValue):
            filters.parse_queue(bad)
    cursor = filters.decode_cursor("2026-03-06_17")
    assert cursor is not None
    assert filters.encode_cursor(cursor) == "2026-03-06_17"


def test_bars_scale_to_the_largest_value() -> None:
    chart = charts.bar_chart([("a", 10), ("b", 5), ("c", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert charts.bar_chart([]).bars == []
