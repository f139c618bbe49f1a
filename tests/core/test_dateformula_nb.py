"""Date formulas in Norwegian: BC's Norwegian letters mean what the English ones mean (DOMAIN 10 and issue 14).

The Norwegian twin of each formula is written here by a plain letter substitution, independent of the code under
test: C → L (løpende), WD → UD (ukedag), W → U (uke), Q → K (kvartal), Y → Å (år); D and M stay.
"""

import re

import pytest
from django.utils import translation

from core.dateformula import DateFormulaError, calc_date, describe, display, normalize, parse
from tests.core.test_dateformula import CASES, d

NORWEGIAN = {"C": "L", "WD": "UD", "W": "U", "Q": "K", "Y": "Å"}


def norwegian(formula: str) -> str:
    def letters(match: re.Match) -> str:
        run = match.group(0).upper()
        current = run.startswith("C") and len(run) > 1
        unit = run[1:] if current else run
        return ("L" if current else "") + NORWEGIAN.get(unit, unit)

    return re.sub(r"[A-Za-z]+", letters, formula)


DOCUMENTED = [("CQ+1M-10D", "1996-05-21", "1996-07-20"), ("-WD2", "1996-05-21", "1996-05-14")]
DOCUMENTED += [("CM+30D", "1996-05-21", "1996-06-30")]
WORKED = [
    ("", "2024-03-04"),
    ("WD5", "2024-03-08"),
    ("1W", "2024-03-11"),
    ("2W+1D", "2024-03-19"),
    ("CM", "2024-03-31"),
]


def test_the_substitution_writes_bcs_own_norwegian_examples():
    # BC's Norwegian documentation ("Bruke datoformler"): LU, LM, 2U, UD4, LM+10D, -1Å.
    assert [norwegian(f) for f in ["CW", "CM", "2W", "WD4", "CM+10D", "-1Y"]] == [
        "LU",
        "LM",
        "2U",
        "UD4",
        "LM+10D",
        "-1Å",
    ]


@pytest.mark.parametrize(("formula", "base", "expected"), DOCUMENTED)
def test_bc_documentation_examples_in_norwegian(formula, base, expected):
    with translation.override("nb"):
        assert calc_date(norwegian(formula), d(base)) == d(expected)


def test_worked_activity_example_in_norwegian_from_monday_2024_03_04():
    with translation.override("nb"):
        assert [calc_date(norwegian(f), d("2024-03-04")) for f, _ in WORKED] == [d(day) for _, day in WORKED]


@pytest.mark.parametrize(("base", "formula", "expected"), CASES, ids=[f"{b} {f!r}" for b, f, _ in CASES])
def test_every_vector_gives_the_same_date_in_norwegian(base, formula, expected):
    twin = norwegian(formula)
    with translation.override("nb"):
        assert calc_date(twin, d(base)) == d(expected)
        assert normalize(twin) == normalize(formula)  # stored alike: the neutral (English) form
        assert calc_date(formula, d(base)) == d(expected)  # English letters still work for a Norwegian user


@pytest.mark.parametrize(("base", "formula", "expected"), CASES, ids=[f"{b} {f!r}" for b, f, _ in CASES])
def test_display_gives_the_norwegian_normal_form_and_back(base, formula, expected):
    normal = normalize(formula, "en")
    shown = display(normal, "nb")
    assert shown == norwegian(normal)
    assert normalize(shown, "nb") == normal
    assert display(normal, "en") == normal


def test_n_for_current_is_understood_but_shown_as_bcs_l():
    assert normalize("nm+10d", "nb") == "CM+10D"
    assert display("CM+10D", "nb") == "LM+10D"


@pytest.mark.parametrize("formula", ["1U", "LM", "1Å", "UD2", "NM", "1K"])
def test_norwegian_letters_are_refused_in_english(formula):
    with pytest.raises(DateFormulaError):
        parse(formula, "en")


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("LUD", '"LUD" i datoformelen "LUD" støttes ikke; bruk LU for uken.'),
        ("L", '"L" i datoformelen "L": L må følges av en enhet (LD, LU, LM, LK eller LÅ).'),
        ("U2", "Bare D og UD tar et tall etter enheten (D10, UD2)."),
        ("5UD", "UD tar ukedagen etter seg (UD1 = mandag … UD7 = søndag)."),
        ("1M1D", '"1D" i datoformelen "1M1D" må ha + eller - foran seg.'),
    ],
)
def test_errors_speak_norwegian_with_norwegian_letters(formula, message):
    with translation.override("nb"), pytest.raises(DateFormulaError) as excinfo:
        parse(formula)
    assert message in str(excinfo.value)


def test_the_preview_reads_in_norwegian():
    with translation.override("nb"):
        assert describe("2u+1d", d("2026-11-30")) == "2U+1D fra man 30.11.2026 → tir 15.12.2026"
        assert describe("", d("2026-11-30")) == "(tom) fra man 30.11.2026 → man 30.11.2026"
    with translation.override("en"):
        assert describe("2w+1d", d("2026-11-30")) == "2W+1D from Mon 2026-11-30 → Tue 2026-12-15"
