"""Opportunity rules and pages that answered 500 on extreme or hostile input (issue 10)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.opportunities.factories import OpportunityEntryFactory, SalesCycleStageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("completed_pct", "Completed % must be between 0 and 100."),
        ("chances_of_success_pct", "Chances of Success % must be between 0 and 100."),
    ],
)
def test_a_stage_percent_out_of_range_is_told_with_its_caption(field, message):
    stage = SalesCycleStageFactory.build(**{field: Decimal(150)})
    with pytest.raises(ValidationError) as error:
        stage.validate_constraints()
    assert error.value.messages == [message]


def test_an_entry_probability_out_of_range_is_told_with_its_caption():
    entry = OpportunityEntryFactory.build(probability_pct=Decimal(-1))
    with pytest.raises(ValidationError) as error:
        entry.validate_constraints(exclude={"opportunity"})
    assert error.value.messages == ["Probability % must be between 0 and 100."]
