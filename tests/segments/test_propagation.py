"""Header → line propagation with BC's questions (DOMAIN 3.2)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from segments.models import SegmentHeader
from segments.services import lines, propagation
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter():
    return InteractionTemplateFactory(code="LETTER", unit_cost=Decimal("2.00"), unit_duration=5)


@pytest.fixture
def segment(letter):
    return SegmentFactory(interaction_template=letter, description="Spring")


def edit(segment: SegmentHeader, **values) -> tuple[SegmentHeader, list[str]]:
    """The header as the card form would have it after the user changed `values`."""
    header = SegmentHeader.objects.select_related("interaction_template").get(pk=segment.pk)
    for name, value in values.items():
        setattr(header, name, value)
    changed = propagation.prepare_header(header=header, changed=list(values))
    return header, changed


def save(header, changed, answers):
    return propagation.save_with_propagation(
        header=header, expected_version=header.version, changed=changed, answers=answers
    )


def test_changing_a_field_asks_about_the_lines_with_the_headers_template(segment, letter):
    SegmentLineFactory(segment=segment, interaction_template=letter)
    header, changed = edit(segment, description="Summer")
    assert [q.text for q in propagation.questions(header=header, changed=changed)] == [
        "You have modified Description. Do you want to update the segment lines where the Interaction Template "
        "Code is LETTER?"
    ]


def test_no_question_when_no_line_carries_the_headers_template(segment):
    SegmentLineFactory(segment=segment, interaction_template=InteractionTemplateFactory(code="CALL"))
    header, changed = edit(segment, description="Summer")
    assert propagation.questions(header=header, changed=changed) == []


def test_changing_the_template_asks_about_all_lines(segment):
    SegmentLineFactory(segment=segment, interaction_template=None)
    header, changed = edit(segment, interaction_template=InteractionTemplateFactory(code="CALL"))
    texts = [q.text for q in propagation.questions(header=header, changed=changed)]
    assert texts[0] == (
        "You have modified Interaction Template Code. Do you want to apply the Interaction Template Code CALL "
        "to all segment lines?"
    )


def test_a_blank_correspondence_type_is_not_propagated(segment, letter):
    SegmentLineFactory(segment=segment, interaction_template=letter, correspondence_type="email")
    header, changed = edit(SegmentHeader.objects.get(pk=segment.pk), correspondence_type="")
    assert propagation.questions(header=header, changed=changed) == []


def test_yes_updates_the_lines_with_the_headers_template_only_with_one_update(segment, letter):
    same = [SegmentLineFactory(segment=segment, interaction_template=letter) for _ in range(3)]
    other = SegmentLineFactory(segment=segment, interaction_template=InteractionTemplateFactory(code="CALL"))
    header, changed = edit(segment, description="Summer", unit_cost=Decimal("4.00"))
    with CaptureQueriesContext(connection) as queries:
        result = save(header, changed, {"description": True, "unit_cost": True})
    line_updates = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "segments_segmentline"')]
    assert len(line_updates) == 1
    assert result.lines_updated == 3
    for line in same:
        line.refresh_from_db()
        assert (line.description, line.cost) == ("Summer", Decimal("4.00"))
    other.refresh_from_db()
    assert other.description != "Summer" and other.cost == 0


def test_no_changes_only_the_header(segment, letter):
    line = SegmentLineFactory(segment=segment, interaction_template=letter, description="Spring")
    header, changed = edit(segment, description="Summer")
    result = save(header, changed, {"description": False})
    line.refresh_from_db()
    segment.refresh_from_db()
    assert result.lines_updated == 0
    assert (segment.description, line.description) == ("Summer", "Spring")


def test_answers_apply_per_field(segment, letter):
    line = SegmentLineFactory(segment=segment, interaction_template=letter, description="Spring")
    header, changed = edit(segment, description="Summer", unit_duration=9)
    save(header, changed, {"description": False, "unit_duration": True})
    line.refresh_from_db()
    assert (line.description, line.duration) == ("Spring", 9)


def test_applying_a_new_template_to_all_lines_copies_its_values(segment, letter):
    campaign = CampaignFactory()
    call = InteractionTemplateFactory(
        code="CALL",
        unit_cost=Decimal("6.00"),
        unit_duration=12,
        campaign_target=True,
        correspondence_type="hard_copy",
        campaign=campaign,
    )
    a = SegmentLineFactory(segment=segment, interaction_template=letter, description="")
    b = SegmentLineFactory(segment=segment, interaction_template=None, description="Own text")
    header, changed = edit(segment, interaction_template=call)
    assert header.unit_cost == Decimal("6.00") and header.campaign == campaign
    save(header, changed, {"interaction_template": True})
    for line in (a, b):
        line.refresh_from_db()
        assert line.interaction_template == call
        assert line.interaction_group == call.interaction_group
        assert (line.cost, line.duration, line.campaign_target) == (Decimal("6.00"), 12, True)
        assert line.correspondence_type == "hard_copy"
        assert line.campaign == campaign
    assert (a.description, b.description) == (call.description, "Own text")


def test_template_answered_no_leaves_the_lines(segment, letter):
    line = SegmentLineFactory(segment=segment, interaction_template=letter)
    header, changed = edit(segment, interaction_template=InteractionTemplateFactory(code="CALL"))
    save(header, changed, {"interaction_template": False})
    line.refresh_from_db()
    segment.refresh_from_db()
    assert line.interaction_template == letter
    assert segment.interaction_template.code == "CALL"


def test_propagating_campaign_target_notifies_the_campaigns(segment, letter, targets_changed):
    campaign = CampaignFactory()
    SegmentLineFactory(segment=segment, interaction_template=letter, campaign=campaign)
    header, changed = edit(segment, campaign_target=True)
    save(header, changed, {"campaign_target": True})
    assert targets_changed == [{campaign.pk}]
    assert segment.lines.get().campaign_target


def test_propagating_a_new_campaign_notifies_old_and_new(segment, letter, targets_changed):
    old, new = CampaignFactory(), CampaignFactory()
    SegmentLineFactory(segment=segment, interaction_template=letter, campaign=old, campaign_target=True)
    header, changed = edit(segment, campaign=new)
    save(header, changed, {"campaign": True})
    assert targets_changed == [{old.pk, new.pk}]
    assert segment.lines.get().campaign == new


def test_a_stale_version_is_refused_and_nothing_changes(segment, letter):
    line = SegmentLineFactory(segment=segment, interaction_template=letter)
    header, changed = edit(segment, description="Mine")
    SegmentHeader.objects.filter(pk=segment.pk).update(version=5)
    with pytest.raises(ValidationError) as excinfo:
        propagation.save_with_propagation(
            header=header, expected_version=0, changed=changed, answers={"description": True}
        )
    assert "Another user has modified the record" in excinfo.value.messages[0]
    line.refresh_from_db()
    assert line.description != "Mine"


def test_propagation_query_count_does_not_grow_with_lines(segment, letter, django_assert_max_num_queries):
    def run(count):
        target = SegmentFactory(interaction_template=letter)
        for _ in range(count):
            SegmentLineFactory(segment=target, interaction_template=letter)
        header, changed = edit(target, campaign_target=True, description="x")
        with CaptureQueriesContext(connection) as queries:
            save(header, changed, {"campaign_target": True, "description": True})
        return len(queries.captured_queries)

    assert run(3) == run(40)


def test_header_fields_saved_without_lines_need_no_question(segment):
    header, changed = edit(segment, unit_cost=Decimal("1.00"))
    assert propagation.questions(header=header, changed=changed) == []
    save(header, changed, {})
    segment.refresh_from_db()
    assert segment.unit_cost == Decimal("1.00")
    assert lines.line_totals(segment)["no_of_lines"] == 0
