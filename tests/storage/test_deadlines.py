"""Legal clocks on Vietnam's calendar: weekends, Tết, the 17:00 cut-off and local adjustments."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.db import Database
from storage.deadlines import VIETNAM, WorkingCalendar, load_calendar
from storage.legal_clocks import COMPLEX, NORMAL, Clocks, LegalClock, count, first_due
from storage.models import Holiday, PetitionKind

CALENDAR = WorkingCalendar()
CLOCKS = Clocks()


def due_date(
    kind: PetitionKind | str,
    at: dt.datetime,
    calendar: WorkingCalendar,
    clocks: Clocks = CLOCKS,
) -> dt.date:
    """A new petition's first due date: the answer, or for a complaint or a denunciation the
    acceptance decision."""
    return first_due(PetitionKind(kind), at, calendar, clocks)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def test_tet_2026_and_2027_are_days_off_as_the_library_knows_them() -> None:
    # Tết Bính Ngọ: 16-20 Feb 2026 (Mon-Fri); Tết Đinh Mùi: 4-10 Feb 2027 (Thu-Wed)
    tet_2026 = [d(2026, 2, day) for day in range(16, 21)]
    tet_2027 = [d(2027, 2, day) for day in range(4, 11)]
    assert not any(CALENDAR.is_working_day(day) for day in tet_2026 + tet_2027)
    assert CALENDAR.is_working_day(d(2026, 2, 13))
    assert CALENDAR.is_working_day(d(2026, 2, 23))
    assert CALENDAR.is_working_day(d(2027, 2, 3))
    assert CALENDAR.is_working_day(d(2027, 2, 11))
    # from the Friday before Tết 2026 to the Monday after it: one working day
    assert CALENDAR.working_days_between(d(2026, 2, 13), d(2026, 2, 23)) == 1
    assert CALENDAR.next_working_day(d(2027, 2, 3)) == d(2027, 2, 11)


def test_weekends_are_days_off_and_the_librarys_swapped_saturday_is_worked() -> None:
    assert not CALENDAR.is_working_day(d(2026, 3, 7))  # Saturday
    assert not CALENDAR.is_working_day(d(2026, 3, 8))  # Sunday
    assert CALENDAR.is_working_day(d(2026, 3, 9))
    # 2026: Saturday 22 August is worked in exchange for Monday 31 August
    assert CALENDAR.is_working_day(d(2026, 8, 22))
    assert not CALENDAR.is_working_day(d(2026, 8, 31))


def test_the_start_day_does_not_count_and_zero_days_is_the_start() -> None:
    assert CALENDAR.add_working_days(d(2026, 3, 9), 0) == d(2026, 3, 9)
    assert CALENDAR.add_working_days(d(2026, 3, 9), 1) == d(2026, 3, 10)
    assert CALENDAR.add_working_days(d(2026, 3, 13), 1) == d(2026, 3, 16)  # Friday → Monday
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(d(2026, 3, 9), -1)


def test_report_filed_the_morning_before_tet_2026_skips_the_tet_week() -> None:
    # received Fri 13 Feb; 10 working days after it, none during 14-22 Feb
    assert due_date(PetitionKind.REPORT, vn(2026, 2, 13, 10), CALENDAR) == d(2026, 3, 6)


def test_report_filed_after_17h_before_tet_2026_counts_from_the_monday_after_tet() -> None:
    assert due_date(PetitionKind.REPORT, vn(2026, 2, 13, 17, 30), CALENDAR) == d(2026, 3, 9)


def test_proposal_filed_during_tet_counts_from_the_first_working_day_after() -> None:
    assert due_date(PetitionKind.PROPOSAL, vn(2026, 2, 17, 9), CALENDAR) == d(2026, 3, 9)


def test_report_filed_after_17h_before_tet_2027_counts_from_11_february() -> None:
    assert due_date(PetitionKind.REPORT, vn(2027, 2, 3, 18), CALENDAR) == d(2027, 2, 25)


def test_a_complaint_filed_on_1_december_2026_is_to_be_accepted_within_10_days() -> None:
    # Luật Khiếu nại 2011, art. 27: 10 days from receipt; Fri 11 Dec 2026 is a working day
    assert due_date(PetitionKind.COMPLAINT, vn(2026, 12, 1, 10), CALENDAR) == d(2026, 12, 11)


def test_a_complaints_acceptance_clock_ending_in_tet_moves_to_the_day_after() -> None:
    # received Tue 2 Feb 2027 + 10 days = Fri 12 Feb; received Fri 29 Jan + 10 = Mon 8 Feb,
    # inside Tết Đinh Mùi (4-10 Feb), so Thu 11 Feb
    assert due_date(PetitionKind.COMPLAINT, vn(2027, 2, 2), CALENDAR) == d(2027, 2, 12)
    assert due_date(PetitionKind.COMPLAINT, vn(2027, 1, 29), CALENDAR) == d(2027, 2, 11)


def test_a_denunciation_is_accepted_within_7_working_days_which_skip_tet() -> None:
    # Luật Tố cáo 2018, art. 24: received Wed 3 Feb 2027; 11, 12, 15-19 Feb are the 7 days
    assert due_date(PetitionKind.DENUNCIATION, vn(2027, 2, 3), CALENDAR) == d(2027, 2, 19)
    assert due_date(PetitionKind.DENUNCIATION, vn(2026, 3, 2, 10), CALENDAR) == d(2026, 3, 11)


def test_a_complaints_settlement_counts_calendar_days_from_acceptance_by_tier_and_area() -> None:
    first = CLOCKS.settlement(PetitionKind.COMPLAINT, NORMAL, remote=False, second=False)
    # accepted Thu 15 Jan 2026 + 30 days = Sat 14 Feb; 14-22 Feb is weekend and Tết: Mon 23 Feb
    assert count(first, d(2026, 1, 15), CALENDAR) == d(2026, 2, 23)
    days = {
        (tier, remote, second): CLOCKS.settlement(
            PetitionKind.COMPLAINT, tier, remote=remote, second=second
        ).days
        for tier in (NORMAL, COMPLEX)
        for remote in (False, True)
        for second in (False, True)
    }
    # art. 28 (first complaint) and art. 37 (second)
    assert days[(NORMAL, False, False)] == 30 and days[(COMPLEX, False, False)] == 45
    assert days[(NORMAL, True, False)] == 45 and days[(COMPLEX, True, False)] == 60
    assert days[(NORMAL, False, True)] == 45 and days[(COMPLEX, False, True)] == 60
    assert days[(NORMAL, True, True)] == 60 and days[(COMPLEX, True, True)] == 70


def test_a_denunciations_settlement_is_30_days_from_acceptance_and_each_extension_30_more() -> None:
    settle = CLOCKS.settlement(PetitionKind.DENUNCIATION, NORMAL, remote=False, second=False)
    due = count(settle, d(2026, 3, 2), CALENDAR)
    assert due == d(2026, 4, 1)
    # extended from Wed 1 Apr 2026: + 30 days = Fri 1 May, a public holiday, then the weekend
    assert count(CLOCKS["extend.to_cao"], due, CALENDAR) == d(2026, 5, 4)


def test_every_clock_names_its_legal_source() -> None:
    for key, clock in CLOCKS.items():
        assert clock.source.startswith(("Luật", "Nghị định")), key
        assert "điều" in clock.source, key


def test_petition_filed_at_the_weekend_is_due_as_if_filed_on_monday_morning() -> None:
    saturday = due_date(PetitionKind.REPORT, vn(2026, 3, 7, 10), CALENDAR)
    sunday_night = due_date(PetitionKind.REPORT, vn(2026, 3, 8, 23, 59), CALENDAR)
    monday = due_date(PetitionKind.REPORT, vn(2026, 3, 9, 8), CALENDAR)
    assert saturday == sunday_night == monday == d(2026, 3, 23)


def test_the_17h_cut_off_is_vietnam_time_whatever_the_timestamps_zone() -> None:
    utc = dt.timezone.utc
    # Tue 10 Mar 2026: 16:59 in Hanoi is 09:59 UTC, 17:00 is 10:00 UTC
    assert due_date("phan_anh", dt.datetime(2026, 3, 10, 9, 59, tzinfo=utc), CALENDAR) == d(
        2026, 3, 24
    )
    assert due_date("phan_anh", dt.datetime(2026, 3, 10, 10, 0, tzinfo=utc), CALENDAR) == d(
        2026, 3, 25
    )
    # 18:00 UTC on Monday is 01:00 on Tuesday in Hanoi: received Tuesday
    assert due_date("phan_anh", dt.datetime(2026, 3, 9, 18, 0, tzinfo=utc), CALENDAR) == d(
        2026, 3, 24
    )


def test_a_naive_timestamp_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_date(PetitionKind.REPORT, dt.datetime(2026, 3, 10, 9), CALENDAR)


def test_a_local_clock_overrides_the_default_for_its_kind_only() -> None:
    urgent = Clocks({"answer.phan_anh": LegalClock(1, True, "Quyết định của UBND tỉnh")})
    assert due_date(PetitionKind.REPORT, vn(2026, 3, 13), CALENDAR, urgent) == d(2026, 3, 16)
    assert due_date(PetitionKind.PROPOSAL, vn(2026, 3, 13), CALENDAR, urgent) == d(2026, 3, 27)


@settings(database=None, deadline=None)
@given(
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_counting_the_working_days_back_gives_the_number_added(start: dt.date, n: int) -> None:
    end = CALENDAR.add_working_days(start, n)
    assert CALENDAR.working_days_between(start, end) == n
    assert CALENDAR.working_days_between(end, start) == -n
    if n > 0:
        assert CALENDAR.is_working_day(end)


async def test_the_holidays_table_adds_days_off_and_working_saturdays(database: Database) -> None:
    async with database.session() as session:
        session.add(Holiday(day=d(2026, 3, 10), name="Nghỉ bù", is_day_off=True))
        session.add(Holiday(day=d(2026, 4, 11), name="Làm bù", is_day_off=False))
        await session.commit()
    async with database.session() as session:
        calendar = await load_calendar(session)
    assert not calendar.is_working_day(d(2026, 3, 10))
    assert calendar.is_working_day(d(2026, 4, 11))
    assert due_date(PetitionKind.REPORT, vn(2026, 3, 9), calendar) == d(2026, 3, 24)
    assert due_date(PetitionKind.REPORT, vn(2026, 3, 9), CALENDAR) == d(2026, 3, 23)
    assert due_date(PetitionKind.REPORT, vn(2026, 4, 6), calendar) == d(2026, 4, 17)
    assert due_date(PetitionKind.REPORT, vn(2026, 4, 6), CALENDAR) == d(2026, 4, 20)
