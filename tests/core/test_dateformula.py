"""BC date formulas (DOMAIN 10): the documented examples, a table of cases, invalid input and properties."""

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.dateformula import DateFormulaError, calc_date, describe, normalize, parse, validate_field_formula


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# --- DOMAIN examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("CQ+1M-10D", "1996-07-20"), ("-WD2", "1996-05-14"), ("CM+30D", "1996-06-30")],
)
def test_bc_documentation_examples_from_tuesday_1996_05_21(formula, expected):
    assert calc_date(formula, d("1996-05-21")) == d(expected)


def test_worked_activity_example_from_monday_2024_03_04():
    start = d("2024-03-04")
    dates = [calc_date(f, start) for f in ["", "WD5", "1W", "2W+1D", "CM"]]
    assert dates == [d("2024-03-04"), d("2024-03-08"), d("2024-03-11"), d("2024-03-19"), d("2024-03-31")]


def test_preview_text_names_formula_base_and_result_with_weekdays():
    assert describe("2w+1d", d("2026-11-30")) == "2W+1D from Mon 2026-11-30 → Tue 2026-12-15"


# --- the table: every unit, sign, clamping, year and leap-day boundaries ------------------------

CASES = [
    # days
    ("2024-03-04", "1D", "2024-03-05"),
    ("2024-03-04", "-1D", "2024-03-03"),
    ("2024-02-28", "1D", "2024-02-29"),
    ("2023-02-28", "1D", "2023-03-01"),
    ("2024-12-31", "1D", "2025-01-01"),
    ("2025-01-01", "-1D", "2024-12-31"),
    ("2024-03-04", "0D", "2024-03-04"),
    ("2024-03-04", "30D", "2024-04-03"),
    ("2024-03-01", "-1D", "2024-02-29"),
    ("2024-01-01", "366D", "2025-01-01"),
    ("2000-01-01", "9999D", "2027-05-18"),
    ("2024-03-04", "+1D", "2024-03-05"),
    # weeks
    ("2024-03-04", "1W", "2024-03-11"),
    ("2024-03-04", "-1W", "2024-02-26"),
    ("2024-12-30", "1W", "2025-01-06"),
    ("2024-02-26", "1W", "2024-03-04"),
    ("2024-03-04", "52W", "2025-03-03"),
    ("2024-03-04", "1W-1D", "2024-03-10"),
    # months, clamped to the month end
    ("2024-01-31", "1M", "2024-02-29"),
    ("2023-01-31", "1M", "2023-02-28"),
    ("2024-06-30", "1M", "2024-07-30"),
    ("2024-03-31", "-1M", "2024-02-29"),
    ("2024-05-31", "1M", "2024-06-30"),
    ("2024-12-15", "1M", "2025-01-15"),
    ("2025-01-15", "-1M", "2024-12-15"),
    ("2024-01-31", "1M+1M", "2024-03-29"),
    ("2024-01-31", "2M", "2024-03-31"),
    ("2024-08-31", "-6M", "2024-02-29"),
    ("2024-03-04", "12M", "2025-03-04"),
    ("2024-03-04", "0M", "2024-03-04"),
    # quarters
    ("2024-01-31", "1Q", "2024-04-30"),
    ("2024-11-30", "1Q", "2025-02-28"),
    ("2024-05-31", "-1Q", "2024-02-29"),
    ("2024-03-04", "4Q", "2025-03-04"),
    # years and leap days
    ("2024-02-29", "1Y", "2025-02-28"),
    ("2024-02-29", "-1Y", "2023-02-28"),
    ("2024-02-29", "4Y", "2028-02-29"),
    ("2023-03-01", "1Y", "2024-03-01"),
    ("2024-12-31", "-1Y", "2023-12-31"),
    ("2000-02-29", "100Y", "2100-02-28"),
    # current period: end with +, start with -
    ("2024-03-04", "CD", "2024-03-04"),
    ("2024-03-04", "-CD", "2024-03-04"),
    ("2024-03-04", "CW", "2024-03-10"),
    ("2024-03-10", "CW", "2024-03-10"),
    ("2024-03-10", "-CW", "2024-03-04"),
    ("2024-03-04", "-CW", "2024-03-04"),
    ("2024-12-31", "CW", "2025-01-05"),
    ("2025-01-01", "-CW", "2024-12-30"),
    ("2024-02-10", "CM", "2024-02-29"),
    ("2023-02-10", "CM", "2023-02-28"),
    ("2024-02-10", "-CM", "2024-02-01"),
    ("2024-03-31", "CM", "2024-03-31"),
    ("2024-05-21", "+CM", "2024-05-31"),
    ("2024-05-21", "CQ", "2024-06-30"),
    ("2024-05-21", "-CQ", "2024-04-01"),
    ("2024-01-01", "-CQ", "2024-01-01"),
    ("2024-11-15", "CQ", "2024-12-31"),
    ("2024-05-21", "CY", "2024-12-31"),
    ("2024-05-21", "-CY", "2024-01-01"),
    # weekday n: strictly after / before
    ("2024-03-04", "WD1", "2024-03-11"),
    ("2024-03-04", "WD5", "2024-03-08"),
    ("2024-03-04", "WD7", "2024-03-10"),
    ("2024-03-04", "-WD1", "2024-02-26"),
    ("2024-03-04", "-WD7", "2024-03-03"),
    ("1996-05-21", "WD2", "1996-05-28"),
    ("2024-12-31", "WD3", "2025-01-01"),
    ("2025-01-01", "-WD5", "2024-12-27"),
    # day n of a month: strictly after / before, months without that day are skipped
    ("2024-03-04", "D10", "2024-03-10"),
    ("2024-03-10", "D10", "2024-04-10"),
    ("2024-03-15", "D10", "2024-04-10"),
    ("2024-03-15", "-D10", "2024-03-10"),
    ("2024-03-10", "-D10", "2024-02-10"),
    ("2024-03-04", "-D10", "2024-02-10"),
    ("2024-12-15", "D1", "2025-01-01"),
    ("2025-01-15", "-D31", "2024-12-31"),
    ("2023-02-10", "D29", "2023-03-29"),
    ("2024-02-10", "D29", "2024-02-29"),
    ("2024-04-10", "D31", "2024-05-31"),
    ("2024-03-15", "-D30", "2024-01-30"),
    ("2024-01-31", "D31", "2024-03-31"),
    # chains, case, brackets, spaces
    ("2024-02-10", "-CM+CM", "2024-02-29"),
    ("2024-02-10", "CM+1D", "2024-03-01"),
    ("2024-05-21", "-CY+D10", "2024-01-10"),
    ("2024-03-04", "CM+WD1", "2024-04-01"),
    ("2024-05-21", "-1Y+CY", "2023-12-31"),
    ("2024-01-31", "1M-CM", "2024-02-01"),
    ("2024-03-06", "-CW-1D", "2024-03-03"),
    ("2024-01-15", "<1M+CM>", "2024-02-29"),
    ("2024-03-04", "1w+1d", "2024-03-12"),
    ("2024-03-04", " 1 W + 1 D ", "2024-03-12"),
    ("2024-03-04", "", "2024-03-04"),
    ("2024-03-04", "<>", "2024-03-04"),
]


def test_the_table_has_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize(("base", "formula", "expected"), CASES, ids=[f"{b} {f!r}" for b, f, _ in CASES])
def test_calc_date_table(base, formula, expected):
    assert calc_date(formula, d(base)) == d(expected)


# --- normal form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("1w+1d", "1W+1D"),
        ("<1W+1D>", "1W+1D"),
        (" 1 w + 1 d ", "1W+1D"),
        ("+cm", "CM"),
        ("-cm", "-CM"),
        ("01D", "1D"),
        ("wd2", "WD2"),
        ("-d10", "-D10"),
        ("", ""),
        ("<>", ""),
        ("cq+1m-10d", "CQ+1M-10D"),
    ],
)
def test_normalize_gives_upper_case_without_brackets_spaces_or_leading_plus(typed, normal):
    assert normalize(typed) == normal


# --- invalid formulas: rejected with a message that names the bad part --------------------------

INVALID = [
    ("1M1D", '"1D"', "needs a + or - sign"),
    ("1X", '"X"', "is not a unit"),
    ("1S+1J", '"S"', "is not a unit"),
    ("M2", '"M2"', "Only D and WD take a number after the unit"),
    ("Q1", '"Q1"', "Only D and WD take a number after the unit"),
    ("Y1", '"Y1"', "Only D and WD take a number after the unit"),
    ("W2", '"W2"', "Only D and WD take a number after the unit"),
    ("5WD", '"5WD"', "WD takes the weekday after it"),
    ("WD0", '"WD0"', "the weekday must be 1 (Monday) to 7 (Sunday)"),
    ("WD8", '"WD8"', "the weekday must be 1 (Monday) to 7 (Sunday)"),
    ("D0", '"D0"', "the day must be 1 to 31"),
    ("D32", '"D32"', "the day must be 1 to 31"),
    ("D", '"D"', "needs a number"),
    ("WD", '"WD"', "needs a number"),
    ("C", '"C"', "C must be followed by a unit"),
    ("CWD", '"CWD"', "not supported"),
    ("C1M", '"C1"', "C must be followed by a unit"),
    ("CM5", '"CM5"', "takes no number"),
    ("1D+", '"1D+"', "ends with"),
    ("-", '"-"', "ends with"),
    ("++1D", '"++1D"', "two signs in a row"),
    ("1D5", '"1D5"', "number on both sides"),
    ("12345D", '"12345D"', "at most 9999"),
    ("00001D", '"00001D"', "more than 4 digits"),
    ("1 0D", '"1 0"', "a space inside the number"),
    ("<1D", '"<1D"', 'does not end with ">"'),
    ("1D>", '"1D>"', 'does not start with "<"'),
    ("<1D>+<1D>", '"<1D>+<1D>"', "only around the whole formula"),
    ("1D*2", '"*"', "not allowed"),
    ("1é", '"é"', "not allowed"),
    ("10", '"10"', "has no unit"),
]


@pytest.mark.parametrize(("formula", "part", "reason"), INVALID, ids=[f for f, _, _ in INVALID])
def test_invalid_formula_raises_date_formula_error_naming_the_bad_part(formula, part, reason):
    with pytest.raises(DateFormulaError) as excinfo:
        calc_date(formula, d("2024-03-04"))
    message = str(excinfo.value)
    assert part in message
    assert reason in message
    assert isinstance(excinfo.value, ValueError)


def test_result_outside_the_calendar_is_an_error_not_a_crash():
    with pytest.raises(DateFormulaError, match="outside the calendar"):
        calc_date("9999Y", d("2024-03-04"))
    with pytest.raises(DateFormulaError, match="outside the calendar"):
        calc_date("-1D", datetime.date.min)
    with pytest.raises(DateFormulaError, match="outside the calendar"):
        calc_date("CW", d("9999-12-28"))  # the week ends on a Sunday after 9999-12-31


def test_field_formulas_are_limited_to_twenty_characters():
    assert validate_field_formula("1D+1D+1D+1D+1D+1D+1D") == "1D+1D+1D+1D+1D+1D+1D"  # 20
    with pytest.raises(DateFormulaError, match="at most 20 characters"):
        validate_field_formula("1D+1D+1D+1D+1D+1D+10D")
    # Brackets and spaces do not count: the normal form is what is stored.
    assert validate_field_formula("< 1D + 1D + 1D + 1D + 1D + 1D + 1D >") == "1D+1D+1D+1D+1D+1D+1D"


# --- properties --------------------------------------------------------------------------------

dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2999, 12, 31))
numbers = st.integers(min_value=0, max_value=9999)
small = st.integers(min_value=0, max_value=400)


def last_day_of_month(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


@given(dates)
def test_minus_cm_then_cm_lands_on_the_month_end(base):
    assert calc_date("-CM+CM", base) == last_day_of_month(base)
    assert calc_date("-CM", base) == base.replace(day=1)


@given(dates, numbers)
def test_n_days_then_minus_n_days_is_the_identity(base, n):
    assert calc_date(f"{n}D-{n}D", base) == base
    assert calc_date(f"{n}D", base) == base + datetime.timedelta(days=n)


@given(dates, st.integers(min_value=1, max_value=7))
def test_wdn_lands_on_weekday_n_within_seven_days(base, n):
    after = calc_date(f"WD{n}", base)
    before = calc_date(f"-WD{n}", base)
    assert after.isoweekday() == n and 1 <= (after - base).days <= 7
    assert before.isoweekday() == n and 1 <= (base - before).days <= 7


@given(dates, st.integers(min_value=1, max_value=31))
def test_dn_is_the_nearest_day_n_strictly_after_or_before(base, n):
    after = calc_date(f"D{n}", base)
    before = calc_date(f"-D{n}", base)
    assert after.day == n and after > base
    assert before.day == n and before < base
    # No date in between has day n.
    assert all((base + datetime.timedelta(days=k)).day != n for k in range(1, (after - base).days))
    assert all((base - datetime.timedelta(days=k)).day != n for k in range(1, (base - before).days))


@given(dates, small)
def test_months_keep_the_day_clamped_to_the_target_month_end(base, n):
    result = calc_date(f"{n}M", base)
    months = (result.year - base.year) * 12 + result.month - base.month
    assert months == n
    assert result.day == min(base.day, last_day_of_month(result).day)
    assert calc_date(f"{n}Q", base) == calc_date(f"{3 * n}M", base)
    assert calc_date(f"{n // 12}Y", base) == calc_date(f"{12 * (n // 12)}M", base)


@given(dates)
def test_current_week_runs_monday_to_sunday_around_the_date(base):
    start, end = calc_date("-CW", base), calc_date("CW", base)
    assert start.isoweekday() == 1 and end.isoweekday() == 7
    assert start <= base <= end and (end - start).days == 6


@given(dates)
def test_current_quarter_and_year_contain_the_date(base):
    start, end = calc_date("-CQ", base), calc_date("CQ", base)
    assert start.day == 1 and start.month in {1, 4, 7, 10}
    assert end == last_day_of_month(end) and end.month == start.month + 2
    assert start <= base <= end
    assert calc_date("-CY", base) == datetime.date(base.year, 1, 1)
    assert calc_date("CY", base) == datetime.date(base.year, 12, 31)


@given(
    dates,
    st.sampled_from(["3D", "-CM", "1Q", "WD7", "D1", "-1W"]),
    st.sampled_from(["1D", "-2W", "CM", "-CQ", "WD3", "-D15", "1M", "-1Y", "CW"]),
)
def test_a_chain_is_the_terms_applied_left_to_right(base, first, second):
    chained = f"{first}{second if second.startswith('-') else '+' + second}"
    assert calc_date(chained, base) == calc_date(second, calc_date(first, base))


@given(st.sampled_from(["1w+1d", "<CM+30D>", " -wd2 ", "cq+1m-10d", "+d10", "<-cy>"]))
def test_normal_form_is_stable_and_means_the_same(formula):
    normal = normalize(formula)
    assert normalize(normal) == normal
    assert parse(normal) == parse(formula)
    base = datetime.date(2024, 3, 4)
    assert calc_date(normal, base) == calc_date(formula, base)
