"""The segment lists for the shared list tests (tests/test_lists.py)."""

import datetime

from contacts.models import Contact
from segments.models import (
    LINE_NO_STEP,
    SavedSegmentCriteria,
    SavedSegmentCriteriaAction,
    SegmentCriteriaAction,
    SegmentHeader,
    SegmentLine,
)
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


LINES_SEGMENT_NO = "LSLINES"


def make_segment_lines(count: int) -> None:
    """`count` more lines on one segment (the same segment every call), each with a contact of its own."""
    segment, _created = SegmentHeader.objects.get_or_create(
        no=LINES_SEGMENT_NO, defaults={"description": "Lines", "date": datetime.date(2026, 1, 1)}
    )
    salesperson = SalespersonFactory()
    start = segment.lines.count()
    contacts = Contact.objects.bulk_create(
        Contact(
            no=f"LSC{start + n:06d}",
            name=f"{'Lamp' if n % 2 else 'Chair'} {start + n}",
            type=Contact.Type.PERSON if n % 4 else Contact.Type.COMPANY,
            company_name=f"Company {(start + n) % 7}",
        )
        for n in range(count)
    )
    SegmentLine.objects.bulk_create(
        SegmentLine(
            segment=segment,
            line_no=(start + n + 1) * LINE_NO_STEP,
            contact=contact,
            salesperson=salesperson if n % 3 else None,
            campaign_target=n % 2 == 0,
            cost=n % 5,
            description=f"Line {start + n}",
        )
        for n, contact in enumerate(contacts)
    )


LIST_CASES = [
    ListCase("segments.segments", "segments:list", make_segments, filter="?q=lamp"),
    ListCase("segments.saved_criteria", "segments:saved_criteria_list", make_saved_criteria, filter="?q=lamp"),
    ListCase(
        "segments.lines",
        "segments:detail",
        make_segment_lines,
        filter="?q=lamp",
        kwargs=lambda: {"no": LINES_SEGMENT_NO},
    ),
]
