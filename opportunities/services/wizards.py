"""The Update Opportunity and Close Opportunity wizards and Activate First Stage (OPPORTUNITIES.md §4.6, §6.4, §6.6).

DOMAIN A.11: the Action Taken follows from the move (Skip to the next stage is Next, Jump to the stage just
before is Previous, any other skip or jump is Jumped); the wizard's defaults are recomputed whenever the
target stage or the Date of Change changes; a Date of Change or Closing Date before the last one is refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from opportunities.models import CloseOpportunityCode, Opportunity, OpportunityEntry, SalesCycleStage
from opportunities.services import messages
from opportunities.services.estimates import estimated_close_date, update_estimates
from opportunities.services.ledger import insert_entry, lock_opportunity, new_entry
from tasks.services.common import must_fill_in  # BC's "You must fill in the … field.", one copy

Action = OpportunityEntry.ActionTaken
ZERO = Decimal(0)


class ActionType(models.TextChoices):
    """The Update wizard's choice (BC's Action Type); not stored, it decides the entry's Action Taken."""

    FIRST = "first", _("First")
    NEXT = "next", _("Next")
    PREVIOUS = "previous", _("Previous")
    SKIP = "skip", _("Skip")
    UPDATE = "update", _("Update")
    JUMP = "jump", _("Jump")


# BC's default: the first one offered, in this order.
DEFAULT_ORDER = [
    ActionType.FIRST,
    ActionType.NEXT,
    ActionType.UPDATE,
    ActionType.PREVIOUS,
    ActionType.SKIP,
    ActionType.JUMP,
]


def must_be_positive(name: str, caption: str) -> ValidationError:
    return ValidationError(
        {name: ValidationError(messages.MUST_BE_GREATER_THAN_ZERO, params={"field": caption}, code="not_positive")}
    )


def check_open(opportunity: Opportunity) -> None:
    """Update and Close refuse a closed opportunity (BC's TestField on Closed)."""
    if opportunity.closed:
        raise ValidationError(messages.CLOSED_MUST_BE_NO, params={"no": opportunity.no}, code="closed")


def default_date_of_change(active: OpportunityEntry | None, today: datetime.date) -> datetime.date:
    """max(last Date of Change, work date)."""
    return max(active.date_of_change, today) if active is not None else today


@dataclass
class StageMap:
    """The stages of the opportunity's cycle around its current stage: what each Action Type may go to."""

    stages: list[SalesCycleStage]
    current: int | None  # the active entry's stage; None when Not Started
    by_no: dict[int, SalesCycleStage] = field(init=False)

    def __post_init__(self) -> None:
        self.by_no = {stage.stage: stage for stage in self.stages}

    def _index(self) -> int:
        numbers = [stage.stage for stage in self.stages]
        return numbers.index(self.current) if self.current in numbers else -1

    def candidates(self, action_type: str) -> list[SalesCycleStage]:
        """The stages BC's CreateStageList offers for the action (empty: the action is not offered)."""
        if not self.stages:
            return []
        if self.current is None:
            return [self.stages[0]] if action_type == ActionType.FIRST else []
        index = self._index()
        after, before = self.stages[index + 1 :], self.stages[:index] if index >= 0 else []
        if action_type == ActionType.NEXT:
            return after[:1]
        if action_type == ActionType.PREVIOUS:
            return before[-1:]
        if action_type == ActionType.UPDATE:
            return [self.by_no[self.current]] if self.current in self.by_no else []
        if action_type == ActionType.SKIP:
            skip = []
            for stage in after:
                if not skip and not stage.allow_skip:
                    break
                skip.append(stage)
                if not stage.allow_skip:
                    break
            return skip if len(skip) > 1 else []
        if action_type == ActionType.JUMP:
            return list(before) if len(before) > 1 else []
        return []

    def offered(self) -> list[str]:
        return [action for action in DEFAULT_ORDER if self.candidates(action)]

    def default_stage(self, action_type: str) -> SalesCycleStage | None:
        candidates = self.candidates(action_type)
        if not candidates:
            return None
        # Jump defaults to the stage just before; every other action to its first candidate.
        return candidates[-1] if action_type == ActionType.JUMP else candidates[0]

    def action_taken(self, action_type: str, stage: SalesCycleStage) -> str:
        """DOMAIN A.11: the Action Taken the entry records for the move."""
        if action_type == ActionType.FIRST:
            return Action.BLANK
        if action_type == ActionType.UPDATE:
            return Action.UPDATED
        if action_type in (ActionType.NEXT, ActionType.SKIP):
            following = self.candidates(ActionType.NEXT)
            return Action.NEXT if following and stage == following[0] else Action.JUMPED
        previous = self.candidates(ActionType.PREVIOUS)
        return Action.PREVIOUS if previous and stage == previous[0] else Action.JUMPED


def stage_map(opportunity: Opportunity) -> tuple[StageMap, OpportunityEntry | None]:
    active = opportunity.entries.filter(active=True).first()
    stages = list(
        SalesCycleStage.objects.filter(sales_cycle_id=opportunity.sales_cycle_id)
        .select_related("activity")
        .order_by("stage")
    )
    return StageMap(stages=stages, current=active.sales_cycle_stage if active else None), active


@dataclass(frozen=True)
class UpdateDefaults:
    """What the Update wizard shows for an action, a stage and a Date of Change (recomputed as they change)."""

    action_type: str
    stage: int | None
    date_of_change: datetime.date
    estimated_value: Decimal
    chances_of_success_pct: Decimal
    estimated_close_date: datetime.date | None
    offered: list[str]
    stages: list[SalesCycleStage]


def update_defaults(
    opportunity: Opportunity,
    *,
    today: datetime.date,
    action_type: str = "",
    stage: int | None = None,
    date_of_change: datetime.date | None = None,
) -> UpdateDefaults:
    """The wizard's defaults: Date of Change max(last, work date); the active entry's value; the target
    stage's chances (the active entry's when the stage has none) and CALCDATE(stage formula, Date of Change)."""
    check_open(opportunity)
    stages, active = stage_map(opportunity)
    offered = stages.offered()
    if not offered:
        raise ValidationError(
            messages.NO_STAGES,
            params={"code": opportunity.sales_cycle_id and opportunity.sales_cycle.code},
            code="no_stages",
        )
    if action_type not in offered:
        action_type = offered[0]
    candidates = stages.candidates(action_type)
    target = next((s for s in candidates if s.stage == stage), None) or stages.default_stage(action_type)
    date_of_change = date_of_change or default_date_of_change(active, today)
    chances = (
        target.chances_of_success_pct
        if target.chances_of_success_pct
        else (active.chances_of_success_pct if active else ZERO)
    )
    try:
        close_date = estimated_close_date(target, date_of_change)
    except ValidationError:
        close_date = None
    return UpdateDefaults(
        action_type=action_type,
        stage=target.stage,
        date_of_change=date_of_change,
        estimated_value=active.estimated_value if active else ZERO,
        chances_of_success_pct=chances,
        estimated_close_date=close_date,
        offered=offered,
        stages=candidates,
    )


@transaction.atomic
def update_opportunity(
    *,
    opportunity: Opportunity,
    action_type: str,
    stage: int | None,
    date_of_change: datetime.date | None,
    estimated_value: Decimal | None,
    chances_of_success_pct: Decimal | None,
    estimated_close_date: datetime.date | None,
    cancel_old_tasks: bool = False,
    expected_version: int | None = None,
    today: datetime.date,
) -> OpportunityEntry:
    """Finish the Update Opportunity wizard (BC CheckStatus2 and FinishWizard2), checks in BC's order."""
    opportunity = lock_opportunity(opportunity, expected_version=expected_version)
    check_open(opportunity)
    stages, active = stage_map(opportunity)
    offered = stages.offered()
    if not offered:
        code = opportunity.sales_cycle.code if opportunity.sales_cycle_id else ""
        raise ValidationError(messages.NO_STAGES, params={"code": code}, code="no_stages")
    if action_type not in offered:
        label = ActionType(action_type).label if action_type in ActionType.values else action_type
        raise ValidationError(
            {"action_type": ValidationError(messages.NOT_A_VALID_SELECTION, params={"action": label}, code="action")}
        )
    if active is not None and date_of_change is not None and date_of_change < active.date_of_change:
        raise ValidationError(
            {"date_of_change": ValidationError(messages.DATE_OF_CHANGE_BEFORE_LAST, code="date_order")}
        )
    if date_of_change is None:
        raise must_fill_in("date_of_change", _("Date of Change"))
    target = next((s for s in stages.candidates(action_type) if s.stage == stage), None)
    if target is None:
        raise ValidationError(
            {
                "stage": ValidationError(
                    messages.STAGE_NOT_VALID_FOR_ACTION,
                    params={"stage": stage, "action": ActionType(action_type).label},
                    code="stage",
                )
            }
        )
    if action_type in (ActionType.NEXT, ActionType.SKIP) and target.quote_required and not opportunity.sales_quote_no:
        raise ValidationError({"stage": ValidationError(messages.QUOTE_REQUIRED, code="quote_required")})
    if estimated_value is None or estimated_value <= 0:
        raise must_be_positive("estimated_value", "Estimated Value (LCY)")
    if chances_of_success_pct is None or chances_of_success_pct <= 0:
        raise must_be_positive("chances_of_success_pct", "Chances of Success %")
    if estimated_close_date is None:
        raise must_fill_in("estimated_close_date", _("Estimated Close Date"))
    if estimated_close_date < date_of_change:
        raise ValidationError(
            {"estimated_close_date": ValidationError(messages.CLOSE_DATE_BEFORE_CHANGE, code="close_date")}
        )
    entry = new_entry(opportunity, date_of_change=date_of_change, previous=active)
    entry.sales_cycle_stage = target.stage
    entry.action_taken = stages.action_taken(action_type, target)
    entry.estimated_value = estimated_value
    entry.chances_of_success_pct = chances_of_success_pct
    entry.estimated_close_date = estimated_close_date
    update_estimates(
        entry, stage=target, calculation=opportunity.sales_cycle.probability_calculation, action_type=action_type
    )
    return insert_entry(
        opportunity=opportunity,
        entry=entry,
        stage=target,
        cancel_old_tasks=cancel_old_tasks,
        create_new_tasks=entry.action_taken != Action.UPDATED,
        today=today,
    )


def first_stage(opportunity: Opportunity) -> SalesCycleStage:
    stage = (
        SalesCycleStage.objects.filter(sales_cycle_id=opportunity.sales_cycle_id)
        .select_related("activity")
        .order_by("stage")
        .first()
    )
    if stage is None:
        raise ValidationError(messages.STAGE_NOT_FOUND, code="no_stage")
    return stage


def check_can_activate_first_stage(opportunity: Opportunity) -> None:
    if opportunity.sales_cycle_id is None:
        raise ValidationError(messages.SALES_CYCLE_MUST_HAVE_VALUE, params={"no": opportunity.no}, code="no_cycle")
    if opportunity.status != Opportunity.Status.NOT_STARTED:
        raise ValidationError(
            messages.STATUS_MUST_BE_NOT_STARTED,
            params={"no": opportunity.no, "status": opportunity.get_status_display()},
            code="started",
        )


def first_stage_entry(
    opportunity: Opportunity,
    stage: SalesCycleStage,
    *,
    today: datetime.date,
    estimated_value: Decimal = ZERO,
    chances_of_success_pct: Decimal = ZERO,
    estimated_close_date: datetime.date | None = None,
) -> OpportunityEntry:
    """The first stage's entry (Action Taken blank, Date of Change = work date) with its estimates computed."""
    entry = new_entry(opportunity, date_of_change=today, previous=None)
    entry.sales_cycle_stage = stage.stage
    entry.action_taken = Action.BLANK
    entry.estimated_value = estimated_value
    entry.chances_of_success_pct = chances_of_success_pct
    entry.estimated_close_date = estimated_close_date
    update_estimates(entry, stage=stage, calculation=opportunity.sales_cycle.probability_calculation)
    return entry


@transaction.atomic
def activate_first_stage(
    *,
    opportunity: Opportunity,
    today: datetime.date,
    estimated_value: Decimal = ZERO,
    chances_of_success_pct: Decimal = ZERO,
    estimated_close_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> OpportunityEntry:
    """Activate First Stage (§4.6): entry 1 at the cycle's lowest stage, its activity's tasks, status In Progress."""
    opportunity = lock_opportunity(opportunity, expected_version=expected_version)
    check_can_activate_first_stage(opportunity)
    stage = first_stage(opportunity)
    entry = first_stage_entry(
        opportunity,
        stage,
        today=today,
        estimated_value=estimated_value,
        chances_of_success_pct=chances_of_success_pct,
        estimated_close_date=estimated_close_date,
    )
    return insert_entry(
        opportunity=opportunity, entry=entry, stage=stage, cancel_old_tasks=False, create_new_tasks=True, today=today
    )


# --- Close Opportunity --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseDefaults:
    action: str
    close_opportunity_code: CloseOpportunityCode | None
    closing_date: datetime.date
    sales: Decimal
    cancel_old_tasks: bool = True


def close_defaults(opportunity: Opportunity, *, action: str = "", today: datetime.date) -> CloseDefaults:
    """The Close wizard's defaults: the code when exactly one of the type exists, Sales = Calcd. Current Value."""
    check_open(opportunity)
    active = opportunity.entries.filter(active=True).first()
    code = None
    if action in (Action.WON, Action.LOST):
        codes = list(CloseOpportunityCode.objects.filter(type=action)[:2])
        code = codes[0] if len(codes) == 1 else None
    return CloseDefaults(
        action=action,
        close_opportunity_code=code,
        closing_date=default_date_of_change(active, today),
        sales=active.calcd_current_value if active else ZERO,
    )


@transaction.atomic
def close_opportunity(
    *,
    opportunity: Opportunity,
    action: str,
    close_opportunity_code: CloseOpportunityCode | None,
    closing_date: datetime.date | None,
    sales: Decimal | None = None,
    cancel_old_tasks: bool = True,
    expected_version: int | None = None,
    today: datetime.date,
) -> OpportunityEntry:
    """Finish the Close Opportunity wizard (BC CheckStatus and FinishWizard): a final Won or Lost entry, Active."""
    opportunity = lock_opportunity(opportunity, expected_version=expected_version)
    check_open(opportunity)
    if action not in (Action.WON, Action.LOST):
        raise ValidationError({"action": ValidationError(messages.SELECT_WON_OR_LOST, code="won_or_lost")})
    if close_opportunity_code is None:
        raise must_fill_in("close_opportunity_code", _("Close Opportunity Code"))
    if close_opportunity_code.type != action:
        raise ValidationError(
            {
                "close_opportunity_code": ValidationError(
                    messages.CLOSE_CODE_WRONG_TYPE,
                    params={
                        "code": close_opportunity_code.code,
                        "code_type": close_opportunity_code.get_type_display(),
                        "action": Action(action).label,
                    },
                    code="code_type",
                )
            }
        )
    if closing_date is None:
        raise must_fill_in("closing_date", _("Date of Change"))
    active = opportunity.entries.filter(active=True).first()
    if active is not None and closing_date < active.date_of_change:
        raise ValidationError({"closing_date": ValidationError(messages.CLOSING_DATE_BEFORE_LAST, code="date_order")})
    if action == Action.WON and (sales is None or sales <= 0):
        raise must_be_positive("sales", "Sales (LCY)")
    entry = new_entry(opportunity, date_of_change=closing_date, previous=active)
    entry.action_taken = action
    entry.sales_cycle_stage = 0
    entry.close_opportunity_code = close_opportunity_code
    entry.calcd_current_value = sales if action == Action.WON else ZERO
    update_estimates(entry, stage=None, calculation="")
    return insert_entry(
        opportunity=opportunity,
        entry=entry,
        stage=None,
        cancel_old_tasks=cancel_old_tasks,
        create_new_tasks=False,
        today=today,
    )
