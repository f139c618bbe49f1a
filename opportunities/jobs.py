"""Background job handlers of the opportunities app: the same services the inline path calls."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone

from campaigns.models import Campaign
from core.jobs import job_handler
from core.models import Job
from core.services import report_progress
from opportunities.models import SalesCycle
from opportunities.services.creation import FirstStage, OpportunityValues, create_for_segment
from salespeople.models import Salesperson
from segments.models import SegmentHeader

CREATE_FOR_SEGMENT = "opportunities.create_for_segment"


def values_to_params(values: OpportunityValues) -> dict[str, Any]:
    """The wizard's values as JSON: related records by id, dates as ISO text."""
    return {
        "description": values.description,
        "creation_date": values.creation_date.isoformat() if values.creation_date else None,
        "priority": values.priority,
        "salesperson": values.salesperson.pk if values.salesperson else None,
        "sales_cycle": values.sales_cycle.pk if values.sales_cycle else None,
        "campaign": values.campaign.pk if values.campaign else None,
        "segment": values.segment.pk if values.segment else None,
    }


def values_from_params(params: dict[str, Any]) -> OpportunityValues:
    def get(model: type, pk: int | None) -> Any:
        return model.objects.get(pk=pk) if pk is not None else None

    return OpportunityValues(
        description=params["description"],
        creation_date=datetime.date.fromisoformat(params["creation_date"]) if params["creation_date"] else None,
        priority=params["priority"],
        salesperson=get(Salesperson, params["salesperson"]),
        sales_cycle=get(SalesCycle, params["sales_cycle"]),
        campaign=get(Campaign, params["campaign"]),
        segment=get(SegmentHeader, params["segment"]),
    )


def first_to_params(first: FirstStage | None) -> dict[str, Any] | None:
    if first is None:
        return None
    return {
        "estimated_value": str(first.estimated_value) if first.estimated_value is not None else None,
        "chances_of_success_pct": str(first.chances_of_success_pct)
        if first.chances_of_success_pct is not None
        else None,
        "estimated_close_date": first.estimated_close_date.isoformat() if first.estimated_close_date else None,
    }


def first_from_params(params: dict[str, Any] | None) -> FirstStage | None:
    if params is None:
        return None
    return FirstStage(
        estimated_value=Decimal(params["estimated_value"]) if params["estimated_value"] is not None else None,
        chances_of_success_pct=(
            Decimal(params["chances_of_success_pct"]) if params["chances_of_success_pct"] is not None else None
        ),
        estimated_close_date=(
            datetime.date.fromisoformat(params["estimated_close_date"]) if params["estimated_close_date"] else None
        ),
    )


@job_handler(CREATE_FOR_SEGMENT)
def create_opportunities_for_segment(job: Job) -> dict[str, Any]:
    """The Create Opportunity wizard on a large segment; the Creation ID makes a second run create nothing."""
    params = job.parameters

    def progress(percent: int) -> None:
        report_progress(job=job, progress=percent)

    progress(5)
    result = create_for_segment(
        values=values_from_params(params["values"]),
        first=first_from_params(params["first"]),
        today=timezone.localdate(),
        creation_id=uuid.UUID(params["creation_id"]),
        progress=progress,
    )
    return {
        "count": result.count,
        "first_no": result.first_no,
        "last_no": result.last_no,
        "entries": result.entries,
        "tasks": result.tasks,
        "skipped_privacy_blocked": result.skipped_privacy_blocked,
        "already_done": result.already_done,
    }
