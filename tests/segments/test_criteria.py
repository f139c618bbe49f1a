"""Add Contacts, Remove Contacts – Reduce/Refine, Go Back, Save/Reuse Criteria, Reuse Logged (DOMAIN 3.4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from segments.models import SavedSegmentCriteria, SegmentCriteriaAction, SegmentHistory, SegmentLine
from segments.services import criteria, lines
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import (
    BusinessRelationFactory,
    CompanyFactory,
    IndustryGroupFactory,
    JobResponsibilityFactory,
    MailingGroupFactory,
    PersonFactory,
    link,
)
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory, LoggedSegmentFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def line_values(segment) -> list[dict]:
    """Every column of the segment's lines except the surrogate id, in line order."""
    return [{k: v for k, v in row.items() if k != "id"} for row in segment.lines.order_by("line_no").values()]


def contact_nos(segment) -> list[str]:
    return list(segment.lines.order_by("line_no").values_list("contact__no", flat=True))


def add(segment, filters, **options):
    return criteria.add_contacts(segment=segment, filters=filters, options=options)


def reduce(segment, filters, **options):
    return criteria.remove_contacts(segment=segment, action="reduce", filters=filters, options=options)


def refine(segment, filters, **options):
    return criteria.remove_contacts(segment=segment, action="refine", filters=filters, options=options)


@pytest.fixture
def world():
    """Two companies with persons, and a person without company."""
    acme = CompanyFactory(no="C1", name="Acme", country_region_code="NO", post_code="0150", city="Oslo")
    beta = CompanyFactory(no="C2", name="Beta", country_region_code="SE", post_code="11122", city="Stockholm")
    ann = PersonFactory(no="P1", name="Ann Berg", company=acme, country_region_code="NO", city="Oslo")
    bob = PersonFactory(no="P2", name="Bob Dahl", company=acme, country_region_code="NO", city="Bergen")
    cid = PersonFactory(no="P3", name="Cid Lund", company=beta, country_region_code="SE", city="Stockholm")
    eve = PersonFactory(no="P4", name="Eve Solo", company=None, country_region_code="DK", territory_code="NORTH")
    return {"acme": acme, "beta": beta, "ann": ann, "bob": bob, "cid": cid, "eve": eve}


# --- sections -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contact_filter", "expected"),
    [
        ({"no": "P1..P3"}, {"P1", "P2", "P3"}),
        ({"no": "C1|P4"}, {"C1", "P4"}),
        ({"name": "*dahl*"}, {"P2"}),
        ({"name": "Ann*"}, {"P1"}),
        ({"type": "company"}, {"C1", "C2"}),
        ({"post_code": "0150"}, {"C1"}),
        ({"city": "oslo"}, {"C1", "P1"}),
        ({"country_region_code": "se"}, {"C2", "P3"}),
        ({"territory_code": "NORTH"}, {"P4"}),
        ({"country_region_code": "NO", "type": "person"}, {"P1", "P2"}),
        ({"no": "<>P*"}, {"C1", "C2"}),
        ({"company_no": "C1"}, {"C1", "P1", "P2"}),
        ({"company_name": "beta"}, {"C2", "P3"}),
    ],
)
def test_contact_section_filters(world, contact_filter, expected):
    segment = SegmentFactory()
    add(segment, {"contact": contact_filter})
    assert set(contact_nos(segment)) == expected


def test_contact_section_filters_by_salesperson(world):
    salesperson = SalespersonFactory(code="SP1")
    world["bob"].salesperson = salesperson
    world["bob"].save()
    segment = SegmentFactory()
    add(segment, {"contact": {"salesperson": ["SP1"]}})
    assert contact_nos(segment) == ["P2"]


def test_mailing_group_and_job_responsibility_are_the_contacts_own(world):
    news = MailingGroupFactory(code="NEWS")
    buyer = JobResponsibilityFactory(code="BUYER")
    link(world["ann"], news)
    link(world["acme"], news)
    link(world["cid"], buyer)
    segment = SegmentFactory()
    add(segment, {"mailing_group": ["NEWS"]})
    assert set(contact_nos(segment)) == {"C1", "P1"}
    other = SegmentFactory()
    add(other, {"job_responsibility": ["BUYER"]})
    assert contact_nos(other) == ["P3"]


def test_industry_group_and_business_relation_are_the_contacts_companys(world):
    retail = IndustryGroupFactory(code="RETAIL")
    customer = BusinessRelationFactory(code="CUST")
    link(world["acme"], retail)
    link(world["beta"], customer)
    segment = SegmentFactory()
    add(segment, {"industry_group": ["RETAIL"]})
    assert set(contact_nos(segment)) == {"C1", "P1", "P2"}
    other = SegmentFactory()
    add(other, {"business_relation": ["CUST"]})
    assert set(contact_nos(other)) == {"C2", "P3"}


def test_a_contact_must_match_every_filled_section(world):
    retail = IndustryGroupFactory(code="RETAIL")
    link(world["acme"], retail)
    segment = SegmentFactory()
    add(segment, {"industry_group": ["RETAIL"], "contact": {"type": "person", "city": "Bergen"}})
    assert contact_nos(segment) == ["P2"]


def test_empty_sections_are_ignored_and_no_filter_selects_every_eligible_contact(world):
    segment = SegmentFactory()
    add(segment, {"contact": {}, "mailing_group": [], "interaction": {}})
    assert len(contact_nos(segment)) == 6


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"date_from": "2026-02-01", "date_to": "2026-02-28"}, {"P1"}),
        ({"segment_no": "SM0007"}, {"P2"}),
        ({"campaign": ["CPX"]}, {"P1", "P3"}),
        ({"evaluation": ["positive"]}, {"P3"}),
        ({"interaction_template": ["CALL"]}, {"P2"}),
        ({"salesperson": ["SPI"]}, {"P3"}),
        ({"campaign": ["CPX"], "evaluation": ["positive"]}, {"P3"}),
    ],
)
def test_interaction_history_section(world, section, expected):
    campaign = CampaignFactory(no="CPX")
    call = InteractionTemplateFactory(code="CALL")
    salesperson = SalespersonFactory(code="SPI")
    InteractionLogEntryFactory(contact=world["ann"], date=datetime.date(2026, 2, 10), campaign=campaign)
    InteractionLogEntryFactory(contact=world["bob"], segment_no="SM0007", interaction_template=call)
    InteractionLogEntryFactory(contact=world["cid"], campaign=campaign, evaluation="positive", salesperson=salesperson)
    segment = SegmentFactory()
    add(segment, {"interaction": section})
    assert set(contact_nos(segment)) == expected


# --- options ------------------------------------------------------------------------------------


def test_existing_contacts_are_skipped_unless_allowed(world):
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "P1"}})
    assert add(segment, {"contact": {"no": "P1|P2"}}).count == 1
    assert contact_nos(segment) == ["P1", "P2"]
    assert add(segment, {"contact": {"no": "P1"}}, allow_existing_contacts=True).count == 1
    assert contact_nos(segment) == ["P1", "P2", "P1"]


def test_expand_companies_adds_everyone_of_the_selected_contacts_companies(world):
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "C1|P3|P4"}}, expand_companies=True)
    assert set(contact_nos(segment)) == {"C1", "P1", "P2", "C2", "P3", "P4"}
    persons_only = SegmentFactory()
    add(persons_only, {"contact": {"no": "P1"}}, expand_companies=True)
    assert set(contact_nos(persons_only)) == {"C1", "P1", "P2"}


def test_allow_related_companies_adds_the_companies_of_selected_persons(world):
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "P1|P3|P4"}}, allow_related_companies=True)
    assert set(contact_nos(segment)) == {"P1", "C1", "P3", "C2", "P4"}


def test_excluded_contacts_need_ignore_exclusion(world):
    world["bob"].exclude_from_segment = True
    world["bob"].save()
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "P1|P2"}})
    assert contact_nos(segment) == ["P1"]
    add(segment, {"contact": {"no": "P1|P2"}}, ignore_exclusion=True)
    assert set(contact_nos(segment)) == {"P1", "P2"}


def test_exclusion_also_applies_to_contacts_brought_by_expand_companies(world):
    world["bob"].exclude_from_segment = True
    world["bob"].save()
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "C1"}}, expand_companies=True)
    assert set(contact_nos(segment)) == {"C1", "P1"}


def test_privacy_blocked_contacts_are_never_added(world):
    world["ann"].privacy_blocked = True
    world["ann"].save()
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "C1"}}, expand_companies=True, ignore_exclusion=True)
    add(segment, {"contact": {"no": "P1"}}, ignore_exclusion=True, allow_existing_contacts=True)
    assert set(contact_nos(segment)) == {"C1", "P2"}


def test_lines_are_numbered_in_bcs_contact_order_company_name_company_type_name(world):
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "C1|C2|P1|P2|P3"}})
    assert list(segment.lines.order_by("line_no").values_list("line_no", "contact__no")) == [
        (10000, "C1"),
        (20000, "P1"),
        (30000, "P2"),
        (40000, "C2"),
        (50000, "P3"),
    ]


# --- removal ------------------------------------------------------------------------------------


@pytest.fixture
def full_segment(world):
    segment = SegmentFactory()
    add(segment, {})
    return segment


def test_reduce_removes_the_matching_contacts(full_segment):
    result = reduce(full_segment, {"contact": {"city": "Oslo"}})
    assert result.count == 2
    assert set(contact_nos(full_segment)) == {"P2", "C2", "P3", "P4"}


def test_refine_keeps_only_the_matching_contacts(full_segment):
    result = refine(full_segment, {"contact": {"city": "Oslo"}})
    assert result.count == 4
    assert set(contact_nos(full_segment)) == {"C1", "P1"}


def test_reduce_with_entire_companies_removes_whole_companies(full_segment):
    reduce(full_segment, {"contact": {"name": "Bob*"}}, entire_companies=True)
    assert set(contact_nos(full_segment)) == {"C2", "P3", "P4"}


def test_refine_with_entire_companies_keeps_whole_companies(full_segment):
    refine(full_segment, {"contact": {"name": "Bob*|Eve*"}}, entire_companies=True)
    assert set(contact_nos(full_segment)) == {"C1", "P1", "P2", "P4"}


def test_removals_ignore_privacy_and_exclusion(full_segment, world):
    world["ann"].privacy_blocked = True
    world["ann"].save()
    reduce(full_segment, {"contact": {"no": "P1"}})
    assert "P1" not in contact_nos(full_segment)


def test_each_action_is_recorded_with_filters_options_and_count(full_segment):
    reduce(full_segment, {"contact": {"city": "Oslo"}}, entire_companies=True)
    recorded = list(
        full_segment.criteria_actions.order_by("action_no").values(
            "action_no", "action", "filters", "options", "no_of_contacts"
        )
    )
    assert recorded[0] == {
        "action_no": 1,
        "action": "add",
        "filters": {},
        "options": {
            "allow_existing_contacts": False,
            "expand_companies": False,
            "allow_related_companies": False,
            "ignore_exclusion": False,
        },
        "no_of_contacts": 6,
    }
    assert recorded[1] == {
        "action_no": 2,
        "action": "reduce",
        "filters": {"contact": {"city": "Oslo"}},
        "options": {"entire_companies": True},
        "no_of_contacts": 3,
    }
    assert SegmentHistory.objects.filter(segment=full_segment, action_no=2).count() == 3


def test_removing_target_lines_notifies_their_campaign(world, targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=campaign, campaign_target=True)
    add(segment, {})
    assert targets_changed == [{campaign.pk}]
    reduce(segment, {"contact": {"no": "P1"}})
    assert targets_changed == [{campaign.pk}, {campaign.pk}]


# --- Go Back ------------------------------------------------------------------------------------


def test_go_back_undoes_actions_one_by_one_down_to_an_empty_segment(world, targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=campaign, campaign_target=True)
    add(segment, {"contact": {"country_region_code": "NO"}})
    snapshot_1 = line_values(segment)
    # A user clears Campaign Target on one line; Go Back must bring that line back exactly so.
    lines.set_line_campaign_target(line=segment.lines.get(contact__no="P2"), campaign_target=False)
    snapshot_1b = line_values(segment)
    add(segment, {"contact": {"country_region_code": "SE"}})
    reduce(segment, {"contact": {"type": "company"}})
    refine(segment, {"contact": {"city": "Oslo|Bergen"}})
    assert contact_nos(segment) == ["P1", "P2"]

    result = criteria.go_back(segment=segment)
    assert (result.action_no, result.action, result.removed, result.restored) == (4, "refine", 0, 1)
    assert set(contact_nos(segment)) == {"P1", "P2", "P3"}
    criteria.go_back(segment=segment)
    assert set(contact_nos(segment)) == {"C1", "P1", "P2", "C2", "P3"}
    result = criteria.go_back(segment=segment)
    assert (result.removed, result.restored) == (2, 0)
    assert line_values(segment) == snapshot_1b
    assert snapshot_1b != snapshot_1
    criteria.go_back(segment=segment)
    assert not segment.lines.exists()
    assert not SegmentHistory.objects.filter(segment=segment).exists()
    assert not segment.criteria_actions.exists()
    with pytest.raises(ValidationError) as excinfo:
        criteria.go_back(segment=segment)
    assert excinfo.value.messages == [f"Segment {segment.no} has no criteria actions to go back on."]
    assert all(call == {campaign.pk} for call in targets_changed)


def test_go_back_does_not_bring_back_a_contact_marked_privacy_blocked_since(world):
    from contacts.models import Contact

    segment = SegmentFactory()
    add(segment, {"contact": {"no": "P1|P2"}})
    reduce(segment, {"contact": {"no": "P1|P2"}})
    Contact.objects.filter(no="P1").update(privacy_blocked=True)
    result = criteria.go_back(segment=segment)
    assert (result.restored, result.skipped_privacy_blocked) == (1, 1)
    assert contact_nos(segment) == ["P2"]
    assert not SegmentHistory.objects.filter(segment=segment).exists()


def test_go_back_keeps_lines_added_by_hand(world):
    segment = SegmentFactory()
    lines.add_contact(segment=segment, contact_no="P4")
    add(segment, {"contact": {"no": "P1"}})
    criteria.go_back(segment=segment)
    assert contact_nos(segment) == ["P4"]


def test_restored_line_numbers_never_collide_with_lines_added_after_the_removal(world):
    segment = SegmentFactory()
    add(segment, {"contact": {"no": "P1|P2"}})
    reduce(segment, {"contact": {"no": "P2"}})
    manual = lines.add_contact(segment=segment, contact_no="P3")
    assert manual.line_no == 30000
    criteria.go_back(segment=segment)
    assert list(segment.lines.order_by("line_no").values_list("line_no", "contact__no")) == [
        (10000, "P1"),
        (20000, "P2"),
        (30000, "P3"),
    ]


def test_history_copies_every_column_of_a_line():
    line_fields = {f.name for f in SegmentLine._meta.concrete_fields} - {"id", "segment"}
    from segments.models import HISTORY_LINE_COLUMNS

    assert set(HISTORY_LINE_COLUMNS.values()) == line_fields


# --- saved criteria and reuse -------------------------------------------------------------------


def test_save_and_reuse_criteria_builds_the_same_audience_on_another_segment(world):
    retail = IndustryGroupFactory(code="RETAIL")
    link(world["acme"], retail)
    source = SegmentFactory()
    add(source, {"industry_group": ["RETAIL"]}, expand_companies=True)
    add(source, {"contact": {"no": "P4"}})
    reduce(source, {"contact": {"type": "company"}})
    saved = criteria.save_criteria(segment=source, code="retail", description="Retail persons")
    assert saved.code == "RETAIL"
    assert list(saved.actions.values_list("sequence", "action")) == [(1, "add"), (2, "add"), (3, "reduce")]
    target = SegmentFactory()
    results = criteria.reuse_criteria(segment=target, saved=saved)
    assert [r.action for r in results] == ["add", "add", "reduce"]
    assert set(contact_nos(target)) == set(contact_nos(source)) == {"P1", "P2", "P4"}
    assert target.criteria_actions.count() == 3


def test_save_criteria_needs_criteria_actions_and_a_new_code(world):
    segment = SegmentFactory(no="SM0042")
    with pytest.raises(ValidationError) as excinfo:
        criteria.save_criteria(segment=segment, code="X", description="")
    assert excinfo.value.messages == [
        "No. of Criteria Actions must have a value in Segment Header: No.=SM0042. It cannot be zero or empty."
    ]
    add(segment, {"contact": {"no": "P1"}})
    criteria.save_criteria(segment=segment, code="X", description="")
    with pytest.raises(ValidationError) as excinfo:
        criteria.save_criteria(segment=segment, code="x", description="")
    assert excinfo.value.messages == [
        "The Saved Segment Criteria already exists. Identification fields and values: Code='X'"
    ]
    assert SavedSegmentCriteria.objects.count() == 1


def test_reuse_asks_first_when_the_segment_has_criteria_actions(world):
    segment = SegmentFactory(no="S01")
    assert criteria.reuse_question(segment=segment) is None
    add(segment, {"contact": {"no": "P1"}})
    add(segment, {"contact": {"no": "P2"}})
    assert criteria.reuse_question(segment=segment) == (
        "Segment S01 already contains 2 No. of Criteria Actions. "
        "Are you sure you want to reuse a Saved Segment Criteria?"
    )
    assert criteria.reuse_question(segment=segment, logged=True) == (
        "Segment S01 already contains 2 No. of Criteria Actions. Are you sure you want to reuse a Logged Segment?"
    )


def test_reuse_logged_segment_adds_one_line_per_interaction_with_its_campaign(world, targets_changed):
    old_campaign, header_campaign = CampaignFactory(), CampaignFactory()
    logged = LoggedSegmentFactory()
    for contact in (world["ann"], world["bob"], world["ann"], world["eve"]):
        InteractionLogEntryFactory(contact=contact, logged_segment=logged, campaign=old_campaign)
    world["eve"].privacy_blocked = True
    world["eve"].save()
    InteractionLogEntryFactory(contact=world["cid"])  # another logged segment's entry
    segment = SegmentFactory(campaign=header_campaign, campaign_target=True, description="Follow-up")
    result = criteria.reuse_logged(segment=segment, logged_segment=logged)
    assert result.count == 3
    assert contact_nos(segment) == ["P1", "P2", "P1"]
    assert set(segment.lines.values_list("campaign", flat=True)) == {old_campaign.pk}
    assert set(segment.lines.values_list("description", flat=True)) == {"Follow-up"}
    action = segment.criteria_actions.get()
    assert (action.action, action.filters, action.no_of_contacts) == ("reuse_logged", {"logged_segment": logged.pk}, 3)
    assert targets_changed == [{old_campaign.pk}]
    criteria.go_back(segment=segment)
    assert not segment.lines.exists()


def test_reuse_logged_segment_is_replayed_by_saved_criteria(world):
    logged = LoggedSegmentFactory()
    InteractionLogEntryFactory(contact=world["cid"], logged_segment=logged)
    source = SegmentFactory()
    criteria.reuse_logged(segment=source, logged_segment=logged)
    saved = criteria.save_criteria(segment=source, code="LOGGED", description="")
    target = SegmentFactory()
    criteria.reuse_criteria(segment=target, saved=saved)
    assert contact_nos(target) == ["P3"]


# --- preview ------------------------------------------------------------------------------------


def test_preview_counts_and_samples_without_changing_anything(world):
    segment = SegmentFactory()
    for i in range(25):
        PersonFactory(no=f"PX{i:02d}", company=world["beta"], country_region_code="FI")
    preview = criteria.preview(
        segment=segment, action="add", filters={"contact": {"country_region_code": "FI"}}, options={}
    )
    assert preview.count == 25
    assert len(preview.sample) == 20
    assert not segment.lines.exists() and not segment.criteria_actions.exists()
    add(segment, {"contact": {"country_region_code": "FI"}})
    removal = criteria.preview(segment=segment, action="refine", filters={"contact": {"no": "PX0*"}}, options={})
    assert removal.count == 15
    assert {c.no for c in removal.sample} == {f"PX{i}" for i in range(10, 25)}
    assert segment.lines.count() == 25


def test_criteria_actions_describe_themselves():
    assert criteria.describe_filters(
        {
            "contact": {"type": "person", "no": "P1..P9"},
            "industry_group": ["RETAIL", "WHOLESALE"],
            "interaction": {"campaign": ["CP1"]},
        }
    ) == [
        "Contact: Type=person, No.=P1..P9",
        "Industry Group: RETAIL|WHOLESALE",
        "Interaction Log Entry: Campaign No.=CP1",
    ]
    assert criteria.describe_options({"expand_companies": True, "ignore_exclusion": False}) == ["Expand Companies"]
    assert SegmentCriteriaAction.Action("reduce").label == "Remove Contacts - Reduce"


def test_go_back_notifies_campaigns_lines_were_moved_to_since_the_action(world, targets_changed):
    header_campaign, other = CampaignFactory(), CampaignFactory()
    segment = SegmentFactory(campaign=header_campaign, campaign_target=True)
    add(segment, {"contact": {"no": "P1|P2"}})
    line = segment.lines.get(contact__no="P2")
    original = SegmentLine.objects.get(pk=line.pk)
    line.campaign = other
    lines.update_line(line=line, original=original, changed=["campaign"])
    targets_changed.clear()
    criteria.go_back(segment=segment)
    assert targets_changed == [{header_campaign.pk, other.pk}]


def test_go_back_of_lines_without_campaign_notifies_the_campaigns_they_were_given(world, targets_changed):
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=None, campaign_target=True)
    add(segment, {"contact": {"no": "P1"}})
    SegmentLine.objects.filter(segment=segment).update(campaign=campaign)
    targets_changed.clear()
    criteria.go_back(segment=segment)
    assert targets_changed == [{campaign.pk}]
