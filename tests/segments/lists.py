"""The segment lists for the shared list tests (tests/test_lists.py)."""

import datetime

from segments.models import SavedSegmentCriteria, SavedSegmentCriteriaAction, SegmentCriteriaAction, SegmentHeader
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def make_segments(count: int) -> None:
    salesperson = SalespersonFactory()
    start = SegmentHeader.objects.count()
    SegmentHeader.objects.bulk_create(
        SegmentHeader(
            no=f"LS{start + n:05d}",
            description=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + n) % 300),
            salesperson=salesperson,
            campaign_target=bool(n % 3 == 0),
        )
        for n in range(count)
    )


def make_saved_criteria(count: int) -> None:
    start = SavedSegmentCriteria.objects.count()
    saved = SavedSegmentCriteria.objects.bulk_create(
        SavedSegmentCriteria(code=f"LC{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}")
        for n in range(count)
    )
    SavedSegmentCriteriaAction.objects.bulk_create(
        SavedSegmentCriteriaAction(
            saved_criteria=criteria,
            sequence=1,
            action=SegmentCriteriaAction.Action.ADD,
            filters={"contact": {"city": "Oslo"}},
            options={},
        )
        for criteria in saved
    )


LIST_CASES = [
    ListCase("segments.segments", "segments:list", make_segments, filter="?q=lamp"),
    ListCase("segments.saved_criteria", "segments:saved_criteria_list", make_saved_criteria, filter="?q=lamp"),
]
