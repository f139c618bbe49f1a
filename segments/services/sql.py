"""Set-based writes of segment lines that also report the campaigns whose targets they changed.

The statements are core.sql's; these variants read from the statement itself (RETURNING) which campaigns the
written lines belong to, for campaigns.signals.notify_targets_changed, instead of a second scan of 100,000 lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

from core.sql import delete_returning, insert_select_returning
from core.sql import update_returning as _update_returning


@dataclass
class Written:
    """What a statement wrote: the row count and the campaigns of the rows that are (or were) targets."""

    count: int
    campaign_ids: set[int]


def _written(counts: Counter[tuple]) -> Written:
    """Sum (campaign_id, is a target) → rows into the count and the campaigns of the target rows."""
    campaign_ids = {campaign_id for (campaign_id, *target), _rows in counts.items() if campaign_id and all(target)}
    return Written(count=sum(counts.values()), campaign_ids=campaign_ids)


def insert_select_campaigns(
    *, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object]
) -> Written:
    """insert_select, also returning the campaigns of the inserted Campaign Target lines."""
    counts = insert_select_returning(
        model=model, source=source, columns=columns, returning=("campaign", "campaign_target")
    )
    return _written(counts)


def delete_rows_campaigns(queryset: models.QuerySet) -> Written:
    """delete_rows, also returning the campaigns of the deleted Campaign Target lines."""
    return _written(delete_returning(queryset, returning=("campaign", "campaign_target")))


def update_rows_campaigns(queryset: models.QuerySet, **values) -> Written:
    """UPDATE the rows of `queryset` with `values` in one statement; return the campaigns of all changed rows."""
    return _written(_update_returning(queryset, values, returning=("campaign",)))
