"""Template filters of the segments app."""

from __future__ import annotations

from django import template

from segments.models import SavedSegmentCriteria, SegmentCriteriaAction
from segments.services import criteria

register = template.Library()


@register.filter
def criteria_texts(saved: SavedSegmentCriteria) -> list[tuple[str, list[str], list[str]]]:
    """(action, filters, options) of each saved criteria action, as the user reads them (actions prefetched)."""
    return [
        (
            SegmentCriteriaAction.Action(action.action).label,
            criteria.describe_filters(action.filters),
            criteria.describe_options(action.options),
        )
        for action in saved.actions.all()
    ]
