"""The segment line totals (the card's Statistics) follow every way lines are written (database triggers)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum

from segments.models import SegmentHeader, SegmentLine, SegmentLineTotal
from segments.services.lines import line_totals
from tests.segments.factories import SegmentFactory, SegmentLineFactory

pytestmark = pytest.mark.django_db


def fresh(segment: SegmentHeader) -> dict:
    totals = SegmentLine.objects.filter(segment=segment).aggregate(
        no_of_lines=Count("pk"),
        no_of_targets=Count("pk", filter=Q(campaign_target=True)),
        cost=Sum("cost"),
        duration=Sum("duration"),
    )
    return {
        "no_of_lines": totals["no_of_lines"],
        "no_of_targets": totals["no_of_targets"],
        "cost": Decimal(totals["cost"] or 0),
        "duration": Decimal(totals["duration"] or 0),
    }


def test_line_totals_follow_lines_added_changed_moved_and_removed():
    segment, other = SegmentFactory(), SegmentFactory()
    lines = [SegmentLineFactory(segment=segment, cost=Decimal("2.50"), duration=5) for _ in range(4)]
    SegmentLine.objects.filter(pk__in=[lines[0].pk, lines[1].pk]).update(campaign_target=True)
    assert (
        line_totals(segment)
        == fresh(segment)
        == {
            "no_of_lines": 4,
            "no_of_targets": 2,
            "cost": Decimal("10.00"),
            "duration": Decimal(20),
        }
    )

    lines[2].cost = Decimal("7.25")
    lines[2].save()
    SegmentLine.objects.filter(pk=lines[3].pk).update(segment=other)
    SegmentLine.objects.filter(pk=lines[0].pk).delete()
    SegmentLine.objects.filter(pk=lines[1].pk).update(description="Edited")  # nothing counted moves

    assert line_totals(segment) == fresh(segment)
    assert (
        line_totals(other)
        == fresh(other)
        == {
            "no_of_lines": 1,
            "no_of_targets": 0,
            "cost": Decimal("2.50"),
            "duration": Decimal(5),
        }
    )


def test_a_segment_without_lines_has_zero_totals_and_a_rolled_back_line_leaves_them():
    segment = SegmentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        SegmentLineFactory(segment=segment)
        raise RuntimeError("Add Contacts failed later on")

    assert line_totals(segment) == {"no_of_lines": 0, "no_of_targets": 0, "cost": 0, "duration": 0}


def test_deleting_a_segment_takes_its_lines_and_their_totals_to_zero():
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, campaign_target=True)
    segment_id = segment.pk

    segment.delete()

    assert SegmentLineTotal.objects.get(segment_id=segment_id).no_of_lines == 0


def test_the_segment_list_shows_no_of_lines_from_the_totals():
    from segments.filters import segment_list_queryset

    segment, empty = SegmentFactory(), SegmentFactory()
    lines = [SegmentLineFactory(segment=segment) for _ in range(3)]
    SegmentLine.objects.filter(pk=lines[0].pk).delete()
    counted = {row.no: row.no_of_lines for row in segment_list_queryset()}
    assert counted[segment.no] == 2
    assert counted[empty.no] == 0
    assert segment_list_queryset().order_by("-no_of_lines", "no").first().no == segment.no
