"""The opportunity arithmetic (BC's UpdateEstimates, OPPORTUNITIES.md §6.3): the one place every path uses.

Percentages keep up to 5 decimals and amounts are rounded to 0.01 (DOMAIN A.11).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.dateformula import DateFormulaError, calc_date
from core.decimals import bc_round
from opportunities.models import OpportunityEntry, SalesCycle, SalesCycleStage

HUNDRED = Decimal(100)
ZERO = Decimal(0)
PERCENT_PRECISION = "0.00001"
AMOUNT_PRECISION = "0.01"
Calculation = SalesCycle.ProbabilityCalculation
Action = OpportunityEntry.ActionTaken

# Action Types (the wizard's choice, not stored) for which the stage's chances win over the typed ones.
STAGE_CHANCES_WIN = {"skip", "jump"}


def probability(calculation: str, *, chances: Decimal, completed: Decimal) -> Decimal:
    """Probability % by the cycle's Probability Calculation."""
    if calculation == Calculation.ADD:
        value = (chances + completed) / 2
    elif calculation == Calculation.CHANCES_OF_SUCCESS:
        value = chances
    elif calculation == Calculation.COMPLETED:
        value = completed
    else:
        value = chances * completed / HUNDRED
    return bc_round(value, PERCENT_PRECISION)


def current_value(estimated_value: Decimal, probability_pct: Decimal) -> Decimal:
    """Calcd. Current Value (LCY) = Estimated Value × Probability % / 100."""
    return bc_round(estimated_value * probability_pct / HUNDRED, AMOUNT_PRECISION)


def estimated_close_date(stage: SalesCycleStage, date_of_change: datetime.date) -> datetime.date:
    """CALCDATE(stage's Date Formula, Date of Change); a blank formula gives the Date of Change."""
    try:
        return calc_date(stage.date_formula, date_of_change)
    except (DateFormulaError, OverflowError, ValueError) as exc:
        raise ValidationError({"estimated_close_date": ValidationError(str(exc), code="date_formula")}) from None


def update_estimates(
    entry: OpportunityEntry, *, stage: SalesCycleStage | None, calculation: str, action_type: str = ""
) -> None:
    """Fill the entry's Chances, Completed, Probability, Calcd. Current Value and Estimated Close Date.

    At a stage: the stage's chances replace none or (for Skip and Jump) any typed chances, when the stage
    has chances; Completed % is always the stage's; a blank closing date, or one equal to the Date of
    Change, becomes CALCDATE(stage formula, Date of Change). Won keeps the Calcd. Current Value it was
    given (the Sales (LCY)) at 100 %; Lost is worth 0 at 0 % chances. Estimated Value is never changed.
    """
    if entry.action_taken == Action.WON:
        entry.completed_pct = entry.chances_of_success_pct = entry.probability_pct = HUNDRED
        entry.calcd_current_value = bc_round(entry.calcd_current_value, AMOUNT_PRECISION)
        return
    if entry.action_taken == Action.LOST:
        entry.completed_pct, entry.chances_of_success_pct, entry.probability_pct = HUNDRED, ZERO, ZERO
        entry.calcd_current_value = ZERO
        return
    if stage is None:
        return
    chances = Decimal(entry.chances_of_success_pct or 0)
    if (chances == 0 or action_type in STAGE_CHANCES_WIN) and stage.chances_of_success_pct != 0:
        chances = stage.chances_of_success_pct
    entry.chances_of_success_pct = chances
    entry.completed_pct = stage.completed_pct
    entry.probability_pct = probability(calculation, chances=chances, completed=stage.completed_pct)
    entry.calcd_current_value = current_value(Decimal(entry.estimated_value or 0), entry.probability_pct)
    if entry.estimated_close_date is None or entry.estimated_close_date == entry.date_of_change:
        entry.estimated_close_date = estimated_close_date(stage, entry.date_of_change)
