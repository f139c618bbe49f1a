"""Segment header and lines: numbering, defaults, InitLine, single add, removal, Campaign Target (DOMAIN 3.1, 3.3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact
from core.models import MarketingSetup
from segments.models import SegmentCriteriaAction, SegmentHeader, SegmentHistory, SegmentLine
from segments.services import criteria, lines
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.core.factories import UserFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.segments.helpers import make_task

pytestmark = pytest.mark.django_db


def line_of(segment, contact) -> SegmentLine:
    return SegmentLine.objects.get(segment=segment, contact=contact)


# --- header -------------------------------------------------------------------------------------


def test_create_segment_takes_the_next_number_and_today_as_date(series):
    first = lines.create_segment(header=SegmentHeader(description="Spring"), user=None)
    second = lines.create_segment(header=SegmentHeader(description="Autumn"), user=None)
    assert (first.no, second.no) == ("SM0001", "SM0002")
    assert first.no_series.code == "SEGM"
    assert first.date == timezone.localdate()


def test_create_segment_without_segment_nos_fails_with_bcs_message(db):
    MarketingSetup.get()
    with pytest.raises(ValidationError) as excinfo:
        lines.create_segment(header=SegmentHeader(description="x"), user=None)
    assert excinfo.value.messages == ["Segment Nos. must have a value in Marketing Setup"]
    assert not SegmentHeader.objects.exists()


def test_create_segment_defaults_the_salesperson_from_the_users_linked_salesperson(series):
    user = UserFactory()
    salesperson = SalespersonFactory(code="LL", user=user)
    segment = lines.create_segment(header=SegmentHeader(description="x"), user=user)
    assert segment.salesperson == salesperson
    chosen = SalespersonFactory(code="OTHER")
    kept = lines.create_segment(header=SegmentHeader(description="y", salesperson=chosen), user=user)
    assert kept.salesperson == chosen


def test_blocked_linked_salesperson_is_not_a_default(series):
    user = UserFactory()
    SalespersonFactory(code="BL", user=user, blocked=True)
    assert lines.create_segment(header=SegmentHeader(description="x"), user=user).salesperson is None


def test_template_copies_its_defaults_into_the_header_except_fields_the_user_changed():
    campaign = CampaignFactory()
    template = InteractionTemplateFactory(
        unit_cost=Decimal("3.50"),
        unit_duration=7,
        information_flow="outbound",
        initiated_by="us",
        campaign_target=True,
        campaign_response=True,
        correspondence_type="hard_copy",
        ignore_contact_corres_type=True,
        campaign=campaign,
    )
    header = SegmentHeader(interaction_template=template, unit_cost=Decimal("9"))
    lines.apply_template_defaults(header, keep={"unit_cost"})
    assert header.unit_cost == Decimal("9")
    assert header.unit_duration == 7
    assert header.interaction_group_id == template.interaction_group_id
    assert (header.information_flow, header.initiated_by) == ("outbound", "us")
    assert header.campaign_target and header.campaign_response
    assert header.correspondence_type == "hard_copy"
    assert header.ignore_contact_corres_type
    assert header.campaign == campaign


def test_clearing_the_template_clears_its_defaults_but_keeps_the_campaign():
    campaign = CampaignFactory()
    header = SegmentHeader(campaign=campaign, unit_cost=5, campaign_target=True, correspondence_type="email")
    lines.apply_template_defaults(header)
    assert (header.unit_cost, header.campaign_target, header.correspondence_type) == (0, False, "")
    assert header.campaign == campaign


# --- InitLine -----------------------------------------------------------------------------------


def test_init_line_copies_the_header_and_sets_contact_company_no():
    campaign = CampaignFactory()
    template = InteractionTemplateFactory()
    segment = SegmentFactory(
        description="Spring mailing",
        campaign=campaign,
        interaction_template=template,
        interaction_group=template.interaction_group,
        unit_cost=Decimal("2.50"),
        unit_duration=4,
        date=datetime.date(2026, 4, 1),
        campaign_target=True,
        campaign_response=True,
        information_flow="outbound",
        initiated_by="us",
    )
    person = PersonFactory()
    lone = PersonFactory(company=None)
    lines.add_contact(segment=segment, contact_no=person.no)
    lines.add_contact(segment=segment, contact_no=person.company.no)
    lines.add_contact(segment=segment, contact_no=lone.no)
    line = line_of(segment, person)
    assert line.description == "Spring mailing"
    assert line.campaign == campaign
    assert line.interaction_template == template
    assert line.interaction_group == template.interaction_group
    assert (line.cost, line.duration) == (Decimal("2.50"), 4)
    assert line.date == datetime.date(2026, 4, 1)
    assert line.campaign_target and line.campaign_response
    assert (line.information_flow, line.initiated_by, line.evaluation) == ("outbound", "us", "")
    assert line.contact_company == person.company
    assert line_of(segment, person.company).contact_company == person.company
    assert line_of(segment, lone).contact_company is None
    assert line.action_no is None


def test_init_line_salesperson_is_the_headers_else_the_contacts():
    contact_salesperson, header_salesperson = SalespersonFactory(code="C"), SalespersonFactory(code="H")
    person = PersonFactory(salesperson=contact_salesperson)
    without = SegmentFactory()
    with_salesperson = SegmentFactory(salesperson=header_salesperson)
    assert lines.add_contact(segment=without, contact_no=person.no).salesperson == contact_salesperson
    assert lines.add_contact(segment=with_salesperson, contact_no=person.no).salesperson == header_salesperson


@pytest.mark.parametrize(
    ("header_default", "header_ignores", "template", "contact_type", "expected"),
    [
        # (a) the header's default when the header ignores the contact's type
        ("email", True, {"correspondence_type": "hard_copy"}, "hard_copy", "email"),
        # (a) does not apply to a blank header default: falls through to (b)/(c)
        ("", True, {"correspondence_type": "email"}, "hard_copy", "hard_copy"),
        # (b) the template's default when the template ignores the contact's type
        ("", False, {"correspondence_type": "email", "ignore_contact_corres_type": True}, "hard_copy", "email"),
        # (b) the template's default when the contact has no type
        ("hard_copy", False, {"correspondence_type": "email"}, "", "email"),
        # (c) the contact's type otherwise
        ("email", False, {"correspondence_type": "email"}, "hard_copy", "hard_copy"),
        # (c) without a template, the contact's type (even blank)
        ("email", False, None, "", ""),
        ("", False, None, "hard_copy", "hard_copy"),
    ],
)
def test_init_line_correspondence_type_choice(header_default, header_ignores, template, contact_type, expected):
    segment = SegmentFactory(
        correspondence_type=header_default,
        ignore_contact_corres_type=header_ignores,
        interaction_template=InteractionTemplateFactory(**template) if template is not None else None,
    )
    person = PersonFactory(correspondence_type=contact_type)
    assert lines.add_contact(segment=segment, contact_no=person.no).correspondence_type == expected
    # The set-based path (Add Contacts) chooses exactly the same.
    other = SegmentFactory(
        correspondence_type=header_default,
        ignore_contact_corres_type=header_ignores,
        interaction_template=segment.interaction_template,
    )
    criteria.add_contacts(segment=other, filters={"contact": {"no": person.no}}, options={})
    assert line_of(other, person).correspondence_type == expected


def test_line_numbers_step_10000_after_the_last_line():
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, line_no=30000)
    first = lines.add_contact(segment=segment, contact_no=PersonFactory().no)
    second = lines.add_contact(segment=segment, contact_no=PersonFactory().no)
    assert (first.line_no, second.line_no) == (40000, 50000)


# --- single add ---------------------------------------------------------------------------------


def test_add_contact_refuses_a_privacy_blocked_contact():
    segment = SegmentFactory()
    blocked = PersonFactory(privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        lines.add_contact(segment=segment, contact_no=blocked.no)
    assert excinfo.value.messages == [
        f"You cannot use contact {blocked.no} because they are marked as blocked due to privacy."
    ]
    assert not segment.lines.exists()


def test_add_contact_names_a_missing_contact():
    with pytest.raises(ValidationError) as excinfo:
        lines.add_contact(segment=SegmentFactory(), contact_no="CT9999")
    assert excinfo.value.messages == ["The Contact does not exist. Identification fields and values: No.='CT9999'"]


def test_add_contact_by_hand_may_add_a_contact_excluded_from_segments():
    excluded = PersonFactory(exclude_from_segment=True)
    line = lines.add_contact(segment=SegmentFactory(), contact_no=excluded.no)
    assert line.contact == excluded


def test_add_contact_notifies_the_campaign_when_the_line_is_a_target(targets_changed):
    campaign = CampaignFactory()
    lines.add_contact(segment=SegmentFactory(campaign=campaign, campaign_target=True), contact_no=PersonFactory().no)
    lines.add_contact(segment=SegmentFactory(campaign=campaign), contact_no=PersonFactory().no)
    assert targets_changed == [{campaign.pk}]


# --- removal ------------------------------------------------------------------------------------


def test_remove_lines_deletes_them_notifies_and_unlinks_tasks_of_contacts_that_left(targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=campaign, campaign_target=True)
    stays, leaves = PersonFactory(), PersonFactory()
    for contact in (stays, leaves, stays):
        lines.add_contact(segment=segment, contact_no=contact.no)
    targets_changed.clear()
    leaving_task, staying_task = make_task(segment=segment, contact=leaves), make_task(segment=segment, contact=stays)
    removed = [segment.lines.get(contact=leaves).line_no, segment.lines.filter(contact=stays).first().line_no]
    result = lines.remove_lines(segment=segment, line_nos=removed)
    assert result.removed == 2 and not result.segment_empty
    assert list(segment.lines.values_list("contact", flat=True)) == [stays.pk]
    leaving_task.refresh_from_db()
    staying_task.refresh_from_db()
    assert leaving_task.segment is None
    assert staying_task.segment == segment
    assert targets_changed == [{campaign.pk}]


def test_removal_that_empties_the_segment_asks_to_reset_only_with_more_than_one_criteria_action():
    segment = SegmentFactory()
    person = PersonFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": person.no}}, options={})
    line_nos = list(segment.lines.values_list("line_no", flat=True))
    assert not lines.removal_empties_segment(segment=segment, line_nos=line_nos)
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "NOBODY"}}, options={})
    assert lines.removal_empties_segment(segment=segment, line_nos=line_nos)
    assert not lines.removal_empties_segment(segment=segment, line_nos=[])


def test_reset_after_emptying_removes_criteria_actions_and_history():
    segment = SegmentFactory()
    a, b = PersonFactory(), PersonFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": f"{a.no}|{b.no}"}}, options={})
    criteria.remove_contacts(segment=segment, action="reduce", filters={"contact": {"no": a.no}}, options={})
    assert SegmentHistory.objects.filter(segment=segment).count() == 1
    result = lines.remove_lines(segment=segment, line_nos=[segment.lines.get().line_no], reset_criteria=True)
    assert result.segment_empty and result.criteria_reset
    assert not SegmentCriteriaAction.objects.filter(segment=segment).exists()
    assert not SegmentHistory.objects.filter(segment=segment).exists()


def test_answering_no_keeps_the_criteria_actions():
    segment = SegmentFactory()
    a = PersonFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": a.no}}, options={})
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "NONE"}}, options={})
    result = lines.remove_lines(segment=segment, line_nos=[segment.lines.get().line_no], reset_criteria=False)
    assert result.segment_empty and not result.criteria_reset
    assert segment.criteria_actions.count() == 2


def test_remove_lines_needs_a_selection():
    with pytest.raises(ValidationError) as excinfo:
        lines.remove_lines(segment=SegmentFactory(), line_nos=[])
    assert excinfo.value.messages == ["Select the segment lines you want to remove."]


# --- Campaign Target ----------------------------------------------------------------------------


def test_set_line_campaign_target_notifies_only_a_real_change(targets_changed):
    campaign = CampaignFactory()
    line = SegmentLineFactory(campaign=campaign, campaign_target=True)
    lines.set_line_campaign_target(line=line, campaign_target=True)
    assert targets_changed == []
    lines.set_line_campaign_target(line=line, campaign_target=False)
    line.refresh_from_db()
    assert not line.campaign_target
    assert targets_changed == [{campaign.pk}]


def test_set_campaign_target_on_filtered_lines_is_one_update(targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory()
    persons = [SegmentLineFactory(segment=segment, campaign=campaign) for _ in range(5)]
    company = SegmentLineFactory(segment=segment, campaign=campaign, contact=CompanyFactory())
    selected = segment.lines.filter(contact__type=Contact.Type.PERSON)
    with CaptureQueriesContext(connection) as queries:
        changed = lines.set_campaign_target(segment=segment, lines=selected, campaign_target=True)
    assert changed == 5
    writes = [q["sql"] for q in queries.captured_queries if 'UPDATE "segments_segmentline"' in q["sql"]]
    assert len(writes) == 1
    assert set(segment.lines.filter(campaign_target=True).values_list("pk", flat=True)) == {p.pk for p in persons}
    company.refresh_from_db()
    assert not company.campaign_target
    assert targets_changed == [{campaign.pk}]


def test_set_campaign_target_ignores_lines_of_other_segments():
    segment, other = SegmentFactory(), SegmentFactory()
    foreign = SegmentLineFactory(segment=other)
    changed = lines.set_campaign_target(segment=segment, lines=SegmentLine.objects.all(), campaign_target=True)
    foreign.refresh_from_db()
    assert changed == 0 and not foreign.campaign_target


# --- editing a line -----------------------------------------------------------------------------


def test_changing_a_lines_campaign_notifies_old_and_new_campaign(targets_changed):
    old, new = CampaignFactory(), CampaignFactory()
    line = SegmentLineFactory(campaign=old, campaign_target=True)
    original = SegmentLine.objects.get(pk=line.pk)
    line.campaign = new
    lines.update_line(line=line, original=original, changed=["campaign"])
    assert targets_changed == [{old.pk, new.pk}]


def test_changing_a_lines_contact_initialises_it_again():
    header_salesperson = SalespersonFactory(code="HS")
    segment = SegmentFactory(description="Header text", salesperson=header_salesperson)
    line = lines.add_contact(segment=segment, contact_no=PersonFactory().no)
    line.description = "Changed by hand"
    line.save()
    original = SegmentLine.objects.get(pk=line.pk)
    newcomer = PersonFactory(correspondence_type="hard_copy")
    line.contact = newcomer
    lines.update_line(line=line, original=original, changed=["contact"])
    line.refresh_from_db()
    assert line.contact == newcomer
    assert line.contact_company == newcomer.company
    assert line.description == "Header text"
    assert line.correspondence_type == "hard_copy"
    assert line.salesperson == header_salesperson


def test_changing_a_lines_template_copies_the_templates_values():
    campaign = CampaignFactory()
    template = InteractionTemplateFactory(
        unit_cost=Decimal("8.00"), unit_duration=15, campaign_target=True, campaign=campaign, description="Call"
    )
    segment = SegmentFactory()
    line = lines.add_contact(segment=segment, contact_no=PersonFactory().no)
    line.description = ""
    line.save()
    original = SegmentLine.objects.get(pk=line.pk)
    line.interaction_template = template
    lines.update_line(line=line, original=original, changed=["interaction_template"])
    line.refresh_from_db()
    assert (line.cost, line.duration, line.campaign_target) == (Decimal("8.00"), 15, True)
    assert line.interaction_group == template.interaction_group
    assert line.description == "Call"
    assert line.campaign == campaign


def test_a_new_template_replaces_the_lines_description_unless_the_user_typed_one_in_the_same_edit():
    call, visit = InteractionTemplateFactory(description="Call"), InteractionTemplateFactory(description="Visit")
    line = lines.add_contact(segment=SegmentFactory(description="Header text"), contact_no=PersonFactory().no)
    assert line.description == "Header text"
    original = SegmentLine.objects.get(pk=line.pk)
    line.interaction_template = call
    lines.update_line(line=line, original=original, changed=["interaction_template"])
    line.refresh_from_db()
    assert line.description == "Call"
    original = SegmentLine.objects.get(pk=line.pk)
    line.interaction_template, line.description = visit, "Visit at the fair"
    lines.update_line(line=line, original=original, changed=["interaction_template", "description"])
    line.refresh_from_db()
    assert line.description == "Visit at the fair"


def test_changing_a_lines_contact_to_a_privacy_blocked_one_is_refused():
    line = lines.add_contact(segment=SegmentFactory(), contact_no=PersonFactory().no)
    original = SegmentLine.objects.get(pk=line.pk)
    line.contact = PersonFactory(privacy_blocked=True)
    with pytest.raises(ValidationError):
        lines.update_line(line=line, original=original, changed=["contact"])


# --- delete -------------------------------------------------------------------------------------


def test_delete_segment_removes_lines_criteria_history_and_notifies(targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=campaign, campaign_target=True)
    a, b = PersonFactory(), PersonFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": f"{a.no}|{b.no}"}}, options={})
    criteria.remove_contacts(segment=segment, action="reduce", filters={"contact": {"no": a.no}}, options={})
    task = make_task(segment=segment, contact=b)
    targets_changed.clear()
    lines.delete_segment(segment=segment)
    assert not SegmentHeader.objects.filter(no=segment.no).exists()
    assert not SegmentLine.objects.exists() and not SegmentHistory.objects.exists()
    assert not SegmentCriteriaAction.objects.exists()
    task.refresh_from_db()
    assert task.segment is None
    assert targets_changed == [{campaign.pk}]


def test_line_totals_count_lines_targets_cost_and_duration_in_one_query(django_assert_num_queries):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, cost=Decimal("2.50"), duration=3, campaign_target=True)
    SegmentLineFactory(segment=segment, cost=Decimal("1.25"), duration=4)
    with django_assert_num_queries(1):
        totals = lines.line_totals(segment)
    assert totals == {"no_of_lines": 2, "no_of_targets": 1, "cost": Decimal("3.75"), "duration": Decimal("7")}
