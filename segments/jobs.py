"""Background job handlers of the segments app: the same services the inline path calls."""

from __future__ import annotations

from typing import Any

from core.jobs import job_handler
from core.models import Job
from core.services import report_progress
from segments.filters import filtered_lines
from segments.models import SavedSegmentCriteria, SegmentHeader
from segments.services import criteria, lines, propagation

CRITERIA_ACTION = "segments.criteria_action"
GO_BACK = "segments.go_back"
SET_CAMPAIGN_TARGET = "segments.set_campaign_target"
PROPAGATE = "segments.propagate"


def _segment(job: Job) -> SegmentHeader:
    return SegmentHeader.objects.get(no=job.target_key)


@job_handler(CRITERIA_ACTION)
def criteria_action(job: Job) -> dict[str, Any]:
    """Add Contacts, Remove Contacts – Reduce/Refine, Reuse Logged Segment or Reuse Criteria."""
    segment = _segment(job)
    params = job.parameters
    report_progress(job=job, progress=5)
    if params.get("saved_criteria"):
        saved = SavedSegmentCriteria.objects.get(code=params["saved_criteria"])
        results = criteria.reuse_criteria(segment=segment, saved=saved)
        return {"actions": len(results), "contacts": sum(r.count for r in results)}
    result = criteria.apply_action(
        segment=segment,
        action=params["action"],
        filters=params.get("filters", {}),
        options=params.get("options", {}),
        apply_token=params.get("apply_token", ""),
    )
    return {"action_no": result.action_no, "contacts": result.count}


@job_handler(GO_BACK)
def go_back(job: Job) -> dict[str, Any]:
    report_progress(job=job, progress=5)
    result = criteria.go_back(segment=_segment(job), action_no=job.parameters.get("action_no"))
    return {
        "action_no": result.action_no,
        "removed": result.removed,
        "restored": result.restored,
        "skipped_privacy_blocked": result.skipped_privacy_blocked,
    }


@job_handler(SET_CAMPAIGN_TARGET)
def set_campaign_target(job: Job) -> dict[str, Any]:
    segment = _segment(job)
    report_progress(job=job, progress=5)
    changed = lines.set_campaign_target(
        segment=segment,
        lines=filtered_lines(segment, job.parameters.get("filter", {})),
        campaign_target=bool(job.parameters["campaign_target"]),
    )
    return {"lines": changed}


@job_handler(PROPAGATE)
def propagate(job: Job) -> dict[str, Any]:
    """Save the header values given and update the lines as answered (the propagation of a large segment)."""
    segment = _segment(job)
    params = job.parameters
    for attname, value in params["values"].items():
        setattr(segment, attname, value)
    segment.full_clean(exclude=["no_series"], validate_unique=False, validate_constraints=True)
    report_progress(job=job, progress=5)
    result = propagation.save_with_propagation(
        header=segment,
        expected_version=params["expected_version"],
        changed=params["changed"],
        answers=params["answers"],
    )
    return {"lines": result.lines_updated}
