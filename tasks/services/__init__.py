"""Task services: creation (Create Task, Assign Activity), the card's rules, activities."""

from tasks.services.activities import save_activity, step_date
from tasks.services.card import (
    TaskChangeResult,
    cancel_task,
    check_can_close,
    close_task,
    delete_task,
    reopen_task,
    set_completed_by,
    update_task,
)
from tasks.services.common import ConfirmationRequired
from tasks.services.creation import (
    CreationResult,
    StepPlan,
    TaskPlan,
    TaskValues,
    assign_activity,
    create_task,
    plan_activity,
    plan_task,
    runs_as_job,
    segment_question,
)
from tasks.services.outcome import CallOutcome, log_call_outcome

__all__ = [
    "CallOutcome",
    "ConfirmationRequired",
    "CreationResult",
    "StepPlan",
    "TaskChangeResult",
    "TaskPlan",
    "TaskValues",
    "assign_activity",
    "cancel_task",
    "check_can_close",
    "close_task",
    "create_task",
    "delete_task",
    "log_call_outcome",
    "plan_activity",
    "plan_task",
    "reopen_task",
    "runs_as_job",
    "save_activity",
    "segment_question",
    "set_completed_by",
    "step_date",
    "update_task",
]
