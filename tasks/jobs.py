"""Background job: creating many tasks (Assign Activity or Create Task for a large segment)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from campaigns.models import Campaign
from contacts.models import Contact
from core.jobs import job_handler
from core.models import Job
from core.services import report_progress
from salespeople.models import Salesperson, Team
from segments.models import SegmentHeader
from tasks import services
from tasks.models import Activity

OPERATION = "tasks.create_tasks"
_RELATED = {
    "salesperson": Salesperson,
    "team": Team,
    "team_meeting_organizer": Salesperson,
    "contact": Contact,
    "campaign": Campaign,
    "segment": SegmentHeader,
    "activity": Activity,
}


def values_to_params(values: services.TaskValues) -> dict[str, Any]:
    """The wizard's values as JSON: related records by id, dates and times as ISO text."""
    params: dict[str, Any] = {}
    for name, value in vars(values).items():
        if name in _RELATED:
            params[name] = value.pk if value is not None else None
        elif isinstance(value, datetime.timedelta):
            params[name] = value.total_seconds()
        elif isinstance(value, datetime.date | datetime.time):
            params[name] = value.isoformat()
        else:
            params[name] = value
    return params


def values_from_params(params: dict[str, Any]) -> services.TaskValues:
    kwargs: dict[str, Any] = {}
    for name, value in params.items():
        if name in _RELATED:
            kwargs[name] = _RELATED[name].objects.get(pk=value) if value is not None else None
        elif name == "date":
            kwargs[name] = datetime.date.fromisoformat(value) if value else None
        elif name == "start_time":
            kwargs[name] = datetime.time.fromisoformat(value) if value else None
        elif name == "duration":
            kwargs[name] = datetime.timedelta(seconds=value) if value is not None else None
        else:
            kwargs[name] = value
    return services.TaskValues(**kwargs)


@job_handler(OPERATION)
def create_tasks(job: Job) -> dict[str, Any]:
    """Run the same service as the inline path; the Assignment ID makes a second run create nothing."""
    values = values_from_params(job.parameters["values"])
    assignment_id = uuid.UUID(job.parameters["assignment_id"])

    def progress(percent: int) -> None:
        report_progress(job=job, progress=percent)

    if job.parameters["kind"] == "activity":
        result = services.assign_activity(values=values, confirmed=True, assignment_id=assignment_id, progress=progress)
    else:
        result = services.create_task(
            values=values, team_task=job.parameters["team_task"], confirmed=True, assignment_id=assignment_id
        )
    return {"tasks_created": result.count, "assignment": str(assignment_id)}
