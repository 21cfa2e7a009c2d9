"""The desk's pure parts: signing, the word tables, query parsing, charts."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.words import LANGUAGES, words_for
from desk import charts, filters, i18n, operations
from desk.security import Signer, same
from storage import media
from storage.errors import InvalidValue
from storage.models import HandoffStatus
from storage.services import desk_admin

signer = Signer(b"s" * 32)


def test_every_label_has_both_languages() -> None:
    for table in i18n.LABELS.values():
        assert all(len(pair) == 2 and all(pair) for pair in table.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_a_template_builds_has_words(language: str) -> None:
    """The keys templates build from a value ("done_" + the action) are not found by the
    extractor, so each value the desk may pass is tried here."""
    built = [
        *(f"done_{action}" for action in operations.ACTIONS),
        *(f"reception_done_{done}" for done in ("closed", "outcome")),
        *(f"error_{error}" for error in ("invalid", "forbidden", "conflict", "not_found")),
        *(f"handoff_{status.value}" for status in HandoffStatus),
        *(f"attachment_{status}" for status in ("refused", "failed")),
        *(f"refusal_{reason}" for reason in (*get_args(media.Refusal), "failed")),
        *(f"satisfaction_{target}" for target in ("assistant", "service")),
        *desk_admin.EDITABLE_PROCEDURE_FIELDS,
    ]
    words = words_for(language)
    assert {key: words.gettext(key) for key in built}
    assert set(built) <= set(i18n.BUILT_KEYS)


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
