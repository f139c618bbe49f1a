"""The tasks app's rows of the role matrix. Builders create a task owned by the requesting salesperson where
the Salesperson role is expected to get in (row-level access: only own tasks)."""

from salespeople.models import Salesperson
from tests.access import ADMIN, ALL_ROLES, MANAGER, MARKETER, SELLER, Route, roles_
from tests.tasks.factories import ActivityFactory, ActivityStepFactory, TaskFactory

CHANGERS = roles_(ADMIN, MANAGER, SELLER)
PLANNERS = roles_(ADMIN, MANAGER)


def own_task(user) -> dict:
    """An open task of the user's own salesperson (created and linked on the fly)."""
    salesperson, _created = Salesperson.objects.get_or_create(
        user=user, defaults={"code": f"U{user.pk}", "name": user.get_username()}
    )
    task = TaskFactory(salesperson=salesperson)
    return {"no": task.no}


def activity(user) -> dict:
    step = ActivityStepFactory(activity=ActivityFactory(code="MATRIX"), date_formula="1W")
    return {"code": step.activity.code}


ROUTES = [
    Route("tasks:list", get=ALL_ROLES),
    Route("tasks:my_tasks", get=ALL_ROLES),
    Route("tasks:agenda", get=ALL_ROLES),
    Route("tasks:workload", get=PLANNERS),
    Route("tasks:panel", get=ALL_ROLES, query="?campaign=CP0001"),
    Route("tasks:create", get=PLANNERS, post=PLANNERS),
    Route("tasks:assign_activity", get=PLANNERS, post=PLANNERS),
    Route("tasks:activity_list", get=roles_(ADMIN, MARKETER, MANAGER)),
    Route("tasks:activity_create", get=PLANNERS, post=PLANNERS),
    Route("tasks:activity_detail", get=roles_(ADMIN, MARKETER, MANAGER), post=PLANNERS, kwargs=activity),
    Route("tasks:activity_delete", post=PLANNERS, kwargs=activity),
    Route("tasks:detail", get=ALL_ROLES, post=CHANGERS, kwargs=own_task),
    Route("tasks:close", post=CHANGERS, kwargs=own_task),
    Route("tasks:close_from_list", post=CHANGERS, kwargs=own_task),
    # Who logs interactions (Marketer) or whose task it is (everybody's own task here).
    Route("tasks:log_call_outcome", post=ALL_ROLES, kwargs=own_task),
    Route("tasks:cancel", post=CHANGERS, kwargs=own_task),
    Route("tasks:reopen", post=CHANGERS, kwargs=own_task),
    Route("tasks:set_completed_by", post=CHANGERS, kwargs=own_task),
    Route("tasks:delete", post=PLANNERS, kwargs=own_task),
]
