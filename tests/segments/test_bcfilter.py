"""BC filter expressions typed in the criteria pages."""

import pytest

from contacts.models import Contact
from segments.bcfilter import FilterSyntaxError, filter_q, validate
from tests.contacts.factories import CompanyFactory


@pytest.fixture
def contacts(db):
    for no, name, city in [
        ("CT0001", "Alpha Bikes", "Oslo"),
        ("CT0002", "Beta Bikes", "oslo"),
        ("CT0003", "Gamma Cars", "Bergen"),
        ("CT0010", "Delta", ""),
    ]:
        CompanyFactory(no=no, name=name, city=city)


def matches(field, expression, *, code=False) -> list[str]:
    return sorted(Contact.objects.filter(filter_q(field, expression, code=code)).values_list("no", flat=True))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("CT0001..CT0003", ["CT0001", "CT0002", "CT0003"]),
        ("..CT0002", ["CT0001", "CT0002"]),
        ("CT0003..", ["CT0003", "CT0010"]),
        ("CT0001|CT0010", ["CT0001", "CT0010"]),
        ("<>CT0001", ["CT0002", "CT0003", "CT0010"]),
        (">CT0003", ["CT0010"]),
        (">=CT0003", ["CT0003", "CT0010"]),
        ("<CT0002", ["CT0001"]),
        ("<=CT0002", ["CT0001", "CT0002"]),
        ("ct0001", ["CT0001"]),
        ("CT000?", ["CT0001", "CT0002", "CT0003"]),
        ("CT*1*", ["CT0001", "CT0010"]),
        ("", ["CT0001", "CT0002", "CT0003", "CT0010"]),
    ],
)
def test_code_filters(contacts, expression, expected):
    assert matches("no", expression, code=True) == expected


@pytest.mark.parametrize(
    ("field", "expression", "expected"),
    [
        ("name", "*bikes*", ["CT0001", "CT0002"]),
        ("name", "Gamma*", ["CT0003"]),
        ("name", "*ta", ["CT0010"]),
        ("name", "A*s", ["CT0001"]),
        ("city", "OSLO", ["CT0001", "CT0002"]),
        ("city", "''", ["CT0010"]),
        ("city", "<>''", ["CT0001", "CT0002", "CT0003"]),
        ("name", "<>*bikes*", ["CT0003", "CT0010"]),
    ],
)
def test_text_filters_ignore_case(contacts, field, expression, expected):
    assert matches(field, expression) == expected


@pytest.mark.parametrize("expression", ["A||B", "..", "a..b..c", "@"])
def test_malformed_filters_are_rejected(expression):
    with pytest.raises(FilterSyntaxError):
        validate(expression)
