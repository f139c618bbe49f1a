"""Activities: saving the card with its steps, and the date a step gives from a start date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from core.dateformula import DateFormulaError, calc_date
from tasks.models import Activity, ActivityStep


@transaction.atomic
def save_activity(*, form: Any, formset: Any) -> Activity:
    """Save the activity header and its steps (added, changed, deleted) together."""
    activity = form.save()
    formset.instance = activity
    formset.save()
    return activity


def step_date(step: ActivityStep, start: datetime.date) -> datetime.date | None:
    """The date the step's task gets when the activity is assigned from `start` (None if out of the calendar)."""
    try:
        return calc_date(step.date_formula, start)
    except DateFormulaError:
        return None
