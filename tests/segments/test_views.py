"""The segment pages through the client: status, effect on the database, and the message the user sees."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from segments.models import SavedSegmentCriteria, SegmentHeader, SegmentLine
from segments.services import criteria
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, PersonFactory, link
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory, LoggedSegmentFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.segments.helpers import apply_criteria

pytestmark = pytest.mark.django_db


def shown(response) -> list[str]:
    """The messages the user sees after this response (earlier, undisplayed ones are dropped)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


@pytest.fixture
def as_marketer(client_as, marketer):
    return client_as(marketer)


@pytest.fixture
def retail_world():
    retail = IndustryGroupFactory(code="RETAIL", description="Retail")
    acme = CompanyFactory(no="C1", name="Acme")
    link(acme, retail)
    persons = [PersonFactory(no=f"P{i}", company=acme) for i in range(1, 4)]
    CompanyFactory(no="C9", name="Other")
    return acme, persons


# --- list and create ----------------------------------------------------------------------------


def test_segment_list_filters_by_campaign_and_lines(as_marketer):
    campaign = CampaignFactory(no="CP0001")
    with_lines = SegmentFactory(no="SM0001", campaign=campaign, description="Spring")
    SegmentLineFactory(segment=with_lines)
    SegmentFactory(no="SM0002", campaign=campaign, description="Empty")
    SegmentFactory(no="SM0003", description="Other campaign")
    response = as_marketer.get(reverse("segments:list") + "?campaign=CP0001")
    assert response.status_code == 200
    assert [s.no for s in response.context["page_obj"]] == ["SM0002", "SM0001"]
    response = as_marketer.get(reverse("segments:list") + "?campaign=CP0001&has_lines=true")
    assert [s.no for s in response.context["page_obj"]] == ["SM0001"]
    assert response.context["page_obj"][0].no_of_lines == 1


def test_segment_list_query_count_does_not_grow(as_marketer, django_assert_max_num_queries):
    for _ in range(3):
        SegmentLineFactory(segment=SegmentFactory(campaign=CampaignFactory(), salesperson=SalespersonFactory()))
    with django_assert_max_num_queries(12) as few:
        as_marketer.get(reverse("segments:list"))
    for _ in range(20):
        SegmentLineFactory(segment=SegmentFactory(campaign=CampaignFactory(), salesperson=SalespersonFactory()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_marketer.get(reverse("segments:list"))


def test_create_prefills_the_campaign_and_creates_with_the_next_number(as_marketer, marketer, series):
    campaign = CampaignFactory(no="CP0007")
    salesperson = SalespersonFactory(code="MIA", user=marketer)
    response = as_marketer.get(reverse("segments:create") + "?campaign=CP0007")
    assert response.status_code == 200
    assert response.context["form"].initial["campaign"] == campaign
    response = as_marketer.post(
        reverse("segments:create") + "?campaign=CP0007",
        {
            "description": "Spring mailing",
            "campaign": campaign.no,
            "salesperson": salesperson.pk,
            "date": "2026-03-02",
            "campaign_target": "on",
            "unit_cost": "0",
            "unit_duration": "0",
        },
    )
    segment = SegmentHeader.objects.get()
    assert response.status_code == 302 and response["Location"] == segment.get_absolute_url()
    assert (segment.no, segment.campaign, segment.campaign_target) == ("SM0001", campaign, True)
    assert shown(response) == ["Segment SM0001 has been created."]


def test_create_with_a_template_takes_its_defaults(as_marketer, series):
    template = InteractionTemplateFactory(code="LETTER", unit_cost=Decimal("2.50"), campaign_target=True)
    as_marketer.post(
        reverse("segments:create"),
        {
            "description": "x",
            "interaction_template": template.pk,
            "unit_cost": "0",
            "unit_duration": "0",
            "date": "2026-03-02",
        },
    )
    segment = SegmentHeader.objects.get()
    assert (segment.unit_cost, segment.campaign_target) == (Decimal("2.50"), True)
    assert segment.interaction_group == template.interaction_group


def test_create_shows_bad_input_next_to_the_field(as_marketer, series):
    response = as_marketer.post(
        reverse("segments:create"), {"description": "Kept", "unit_cost": "-1", "unit_duration": "0"}
    )
    assert response.status_code == 200
    assert not SegmentHeader.objects.exists()
    assert "unit_cost" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert 'value="Kept"' in response.content.decode()


def test_create_without_a_series_says_so(as_marketer):
    response = as_marketer.post(
        reverse("segments:create"), {"description": "x", "unit_cost": "0", "unit_duration": "0"}
    )
    assert response.status_code == 200
    assert "Segment Nos. must have a value in Marketing Setup" in response.content.decode()


# --- card ---------------------------------------------------------------------------------------


def test_card_shows_header_totals_and_lines(as_marketer):
    segment = SegmentFactory(no="SM0001", description="Spring")
    SegmentLineFactory(segment=segment, cost=Decimal("2.00"), campaign_target=True)
    SegmentLineFactory(segment=segment, cost=Decimal("3.00"))
    response = as_marketer.get(segment.get_absolute_url())
    assert response.status_code == 200
    assert response.context["totals"]["no_of_lines"] == 2
    assert response.context["totals"]["cost"] == Decimal("5.00")
    assert len(response.context["page_obj"]) == 2
    html = response.content.decode()
    assert "Remove Contacts - Reduce" in html and "Add Contacts" in html


def test_card_filters_and_sorts_lines_and_htmx_gets_only_the_lines(as_marketer):
    segment = SegmentFactory()
    company = CompanyFactory(name="Zeta")
    SegmentLineFactory(segment=segment, contact=company, campaign_target=True)
    person = SegmentLineFactory(segment=segment, contact=PersonFactory(name="Ada Person"))
    response = as_marketer.get(segment.get_absolute_url() + "?campaign_target=false")
    assert [line.pk for line in response.context["page_obj"]] == [person.pk]
    response = as_marketer.get(segment.get_absolute_url() + "?o=-target")
    assert response.context["page_obj"][0].contact == company
    response = as_marketer.get(segment.get_absolute_url() + "?q=ada", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="lines"')
    assert "Ada Person" in html and "Zeta" not in html


def test_card_exports_the_filtered_lines_in_the_shown_columns(as_marketer):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, contact=CompanyFactory(no="CZ1", name="Zeta"), campaign_target=True)
    SegmentLineFactory(segment=segment, contact=PersonFactory(no="PA1", name="Ada Person", company_name="Acme"))
    response = as_marketer.get(segment.get_absolute_url() + "?q=ada&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Line No.", "Contact No.", "Name", "Company Name", "Salesperson Code", "Campaign Target"]
    assert [row[1:4] + row[5:] for row in rows[1:]] == [["PA1", "Ada Person", "Acme", "No"]]


def test_card_sorts_by_the_old_keys_and_pages_swap_only_the_lines(as_marketer):
    segment = SegmentFactory()
    for name in ["Bea", "Ada", "Cid"]:
        SegmentLineFactory(segment=segment, contact=PersonFactory(name=name))
    response = as_marketer.get(segment.get_absolute_url() + "?o=-name")
    assert [line.contact.name for line in response.context["page_obj"]] == ["Cid", "Bea", "Ada"]
    html = response.content.decode()
    assert '<thead hx-boost="true" hx-target="#lines" hx-select="#lines" hx-swap="outerHTML">' in html
    assert 'aria-sort="descending" data-column="name"' in html
    other_list = as_marketer.get(reverse("segments:list")).content.decode()
    assert "<thead><tr>" in other_list and 'hx-target="#lines"' not in other_list  # other lists unchanged


def test_card_of_a_segment_without_lines_says_how_to_add_them(as_marketer):
    segment = SegmentFactory()
    html = as_marketer.get(segment.get_absolute_url()).content.decode()
    assert "The segment has no lines yet: use Add Contacts or add a single contact." in html
    SegmentLineFactory(segment=segment, contact=PersonFactory(name="Ada"))
    html = as_marketer.get(segment.get_absolute_url() + "?q=nobody").content.decode()
    assert "No lines match the filters." in html and "The segment has no lines yet" not in html


def test_card_query_count_is_the_same_for_10_and_1000_lines(as_marketer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def render_with(count):
        segment = SegmentFactory()
        campaign, salesperson, template = CampaignFactory(), SalespersonFactory(), InteractionTemplateFactory()
        contacts = [PersonFactory() for _ in range(min(count, 60))]
        SegmentLine.objects.bulk_create(
            SegmentLine(
                segment=segment,
                line_no=(i + 1) * 10000,
                contact=contacts[i % len(contacts)],
                campaign=campaign,
                salesperson=salesperson,
                interaction_template=template,
            )
            for i in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = as_marketer.get(segment.get_absolute_url())
        assert response.status_code == 200
        return len(queries.captured_queries)

    assert render_with(10) == render_with(1000)


def test_header_save_without_lines_saves_at_once(as_marketer):
    segment = SegmentFactory(description="Old")
    response = as_marketer.post(
        reverse("segments:update", args=[segment.no]),
        {"description": "New", "unit_cost": "0", "unit_duration": "0", "date": "2026-03-02", "version": "0"},
    )
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.description == "New"
    assert shown(response) == [f"Segment {segment.no} has been saved."]


def header_post(segment, **changes):
    data = {
        "description": segment.description,
        "unit_cost": str(segment.unit_cost),
        "unit_duration": str(segment.unit_duration),
        "date": segment.date.isoformat(),
        "version": str(segment.version),
    }
    if segment.interaction_template_id:
        data["interaction_template"] = str(segment.interaction_template_id)
    if segment.campaign_id:
        data["campaign"] = str(segment.campaign_id)
    if segment.campaign_target:
        data["campaign_target"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_header_change_asks_to_update_lines_then_yes_updates_them(as_marketer):
    template = InteractionTemplateFactory(code="LETTER")
    segment = SegmentFactory(description="Old", interaction_template=template)
    line = SegmentLineFactory(segment=segment, interaction_template=template, campaign_target=False)
    url = reverse("segments:update", args=[segment.no])
    response = as_marketer.post(url, header_post(segment, campaign_target="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "You have modified Campaign Target. Do you want to update the segment lines where the Interaction "
        "Template Code is LETTER?" in html
    )
    segment.refresh_from_db()
    assert not segment.campaign_target  # nothing saved before the answer
    response = as_marketer.post(url, header_post(segment, campaign_target="on", confirmed="yes"))
    assert response.status_code == 302
    line.refresh_from_db()
    segment.refresh_from_db()
    assert segment.campaign_target and line.campaign_target
    assert shown(response) == [f"Segment {segment.no} has been saved. 1 segment lines were updated."]


def test_header_change_answered_no_leaves_the_lines(as_marketer):
    template = InteractionTemplateFactory(code="LETTER")
    segment = SegmentFactory(description="Old", interaction_template=template)
    line = SegmentLineFactory(segment=segment, interaction_template=template, description="Old")
    as_marketer.post(
        reverse("segments:update", args=[segment.no]), header_post(segment, description="New", confirmed="no")
    )
    line.refresh_from_db()
    segment.refresh_from_db()
    assert (segment.description, line.description) == ("New", "Old")


def test_several_changed_fields_are_asked_one_by_one(as_marketer):
    template = InteractionTemplateFactory(code="LETTER")
    segment = SegmentFactory(description="Old", interaction_template=template)
    line = SegmentLineFactory(segment=segment, interaction_template=template, description="Old")
    url = reverse("segments:update", args=[segment.no])
    response = as_marketer.post(url, header_post(segment, description="New", unit_cost="4"))
    assert response.status_code == 200
    assert [q.field for q in response.context["questions"]] == ["description", "unit_cost"]
    as_marketer.post(
        url,
        header_post(
            segment, description="New", unit_cost="4", confirmed="yes", update_description="no", update_unit_cost="yes"
        ),
    )
    line.refresh_from_db()
    assert (line.description, line.cost) == ("Old", Decimal("4.00"))


def test_the_template_question_comes_first_and_decides_whether_the_others_are_asked(as_marketer):
    letter, call = InteractionTemplateFactory(code="LETTER"), InteractionTemplateFactory(code="CALL")
    segment = SegmentFactory(description="Old", interaction_template=letter)
    line = SegmentLineFactory(segment=segment, interaction_template=letter, description="Old")
    url = reverse("segments:update", args=[segment.no])
    changes = {"interaction_template": str(call.pk), "description": "New"}
    first = as_marketer.post(url, header_post(segment, **changes))
    assert first.context["question"].startswith("You have modified Interaction Template Code.")
    # No: no line carries CALL, so there is nothing more to ask; the header is saved, the line untouched.
    done = as_marketer.post(url, header_post(segment, **changes, confirmed="no"))
    assert done.status_code == 302
    line.refresh_from_db()
    segment.refresh_from_db()
    assert (segment.interaction_template, line.interaction_template, line.description) == (call, letter, "Old")

    segment = SegmentFactory(description="Old", interaction_template=letter)
    line = SegmentLineFactory(segment=segment, interaction_template=letter, description="Old")
    url = reverse("segments:update", args=[segment.no])
    # Yes: the template goes to all lines, and then the Description question concerns them.
    second = as_marketer.post(url, header_post(segment, **changes, confirmed="yes"))
    assert second.context["question"].startswith("You have modified Description.")
    assert second.context["hidden"]["update_interaction_template"] == "yes"
    as_marketer.post(url, {**second.context["hidden"], "confirmed": "yes"})
    line.refresh_from_db()
    assert (line.interaction_template, line.description) == (call, "New")


def test_header_save_of_a_stale_card_is_refused(as_marketer):
    segment = SegmentFactory(description="Old")
    SegmentHeader.objects.filter(pk=segment.pk).update(version=3)
    response = as_marketer.post(reverse("segments:update", args=[segment.no]), header_post(segment, description="Mine"))
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.description == "Old"
    assert shown(response)[0].startswith("Another user has modified the record for this Segment")


def test_delete_asks_then_deletes(as_marketer):
    segment = SegmentFactory(no="SM0009")
    SegmentLineFactory(segment=segment)
    url = reverse("segments:delete", args=["SM0009"])
    response = as_marketer.post(url)
    assert response.status_code == 200
    assert "Do you want to delete segment SM0009" in response.content.decode()
    assert SegmentHeader.objects.filter(no="SM0009").exists()
    response = as_marketer.post(url, {"confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("segments:list")
    assert not SegmentHeader.objects.filter(no="SM0009").exists()
    assert shown(response) == ["Segment SM0009 has been deleted."]


# --- lines --------------------------------------------------------------------------------------


def test_add_single_contact(as_marketer):
    segment = SegmentFactory()
    person = PersonFactory(no="CT0100")
    response = as_marketer.post(reverse("segments:line_add", args=[segment.no]), {"contact_no": "ct0100"})
    assert response.status_code == 302
    assert segment.lines.get().contact == person
    assert shown(response) == ["Contact CT0100 was added as line 10000."]


def test_add_single_contact_error_is_shown_next_to_the_field(as_marketer):
    segment = SegmentFactory()
    PersonFactory(no="CT0200", privacy_blocked=True)
    response = as_marketer.post(reverse("segments:line_add", args=[segment.no]), {"contact_no": "CT0200"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot use contact CT0200 because they are marked as blocked due to privacy." in html
    assert 'value="CT0200"' in html
    assert not segment.lines.exists()


def test_toggle_campaign_target_in_place_with_htmx(as_marketer):
    line = SegmentLineFactory(campaign_target=True)
    url = reverse("segments:line_target", args=[line.segment.no, line.line_no])
    response = as_marketer.post(url, {}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/segments/x/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="line-target"' in html and "checked" not in html  # only the cell's form, now cleared
    line.refresh_from_db()
    assert not line.campaign_target
    response = as_marketer.post(url, {"campaign_target": "1"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.campaign_target
    assert shown(response) == [f"Campaign Target set on line {line.line_no}."]


def test_toggling_campaign_target_with_htmx_updates_the_statistics_and_says_so(as_marketer, django_assert_num_queries):
    segment = SegmentFactory()
    line = SegmentLineFactory(segment=segment, campaign_target=False)
    SegmentLineFactory(segment=segment, campaign_target=True)
    url = reverse("segments:line_target", args=[segment.no, line.line_no])
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{segment.get_absolute_url()}"}
    # The figures cost two reads more than the cell alone (the totals aggregate, the criteria actions' count),
    # whatever the number of lines.
    with django_assert_num_queries(11):
        response = as_marketer.post(url, {"campaign_target": "1"}, **headers)
    html = response.content.decode()
    totals = html[html.index('id="segment-totals"') :]
    assert 'hx-swap-oob="true"' in totals[: totals.index(">")]
    assert re.search(r'data-testid="no-of-lines">2<', totals)
    assert re.search(r'data-testid="no-of-targets">2<', totals)
    messages_box = html[html.index('<div id="messages" hx-swap-oob="true">') :]
    assert f"Campaign Target set on line {line.line_no}." in messages_box
    # The message was shown here: the next page does not show it again.
    assert f"Campaign Target set on line {line.line_no}." not in as_marketer.get(segment.get_absolute_url()).text
    for _n in range(20):
        SegmentLineFactory(segment=segment)
    with django_assert_num_queries(11):
        as_marketer.post(url, {}, **headers)


def test_bulk_target_applies_to_the_filtered_lines(as_marketer):
    segment = SegmentFactory()
    persons = [SegmentLineFactory(segment=segment) for _ in range(3)]
    company = SegmentLineFactory(segment=segment, contact=CompanyFactory())
    response = as_marketer.post(
        reverse("segments:lines_target", args=[segment.no]), {"set_to": "1", "contact_type": "person"}
    )
    assert response.status_code == 302
    assert set(segment.lines.filter(campaign_target=True).values_list("pk", flat=True)) == {p.pk for p in persons}
    company.refresh_from_db()
    assert not company.campaign_target
    assert shown(response) == ["Campaign Target was set on 3 lines."]


def test_remove_selected_lines(as_marketer):
    segment = SegmentFactory()
    a, b = SegmentLineFactory(segment=segment), SegmentLineFactory(segment=segment)
    response = as_marketer.post(reverse("segments:lines_remove", args=[segment.no]), {"line": [a.line_no]})
    assert response.status_code == 302
    assert list(segment.lines.values_list("pk", flat=True)) == [b.pk]
    assert shown(response) == ["1 lines were removed."]


def test_emptying_a_segment_with_criteria_actions_asks_to_reset(as_marketer):
    segment = SegmentFactory()
    person = PersonFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": person.no}}, options={})
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "NONE"}}, options={})
    url = reverse("segments:lines_remove", args=[segment.no])
    line_no = segment.lines.get().line_no
    response = as_marketer.post(url, {"line": [line_no]})
    assert response.status_code == 200
    assert "Your Segment is now empty. Do you want to reset number of criteria actions?" in response.content.decode()
    assert segment.lines.exists()
    response = as_marketer.post(url, {"line_nos": str(line_no), "confirmed": "yes"})
    assert not segment.lines.exists() and not segment.criteria_actions.exists()
    assert shown(response) == ["1 lines were removed. The criteria actions were reset."]


def test_edit_a_line(as_marketer):
    campaign = CampaignFactory()
    line = SegmentLineFactory()
    url = reverse("segments:line_update", args=[line.segment.no, line.line_no])
    assert as_marketer.get(url).status_code == 200
    response = as_marketer.post(
        url,
        {
            "contact": line.contact.no,
            "description": "Edited",
            "campaign": campaign.no,
            "cost": "1.50",
            "duration": "3",
            "date": "2026-03-02",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.description, line.campaign, line.cost) == ("Edited", campaign, Decimal("1.50"))
    assert shown(response) == [f"Line {line.line_no} has been saved."]


def test_contact_options_lists_matching_contacts_but_not_privacy_blocked(as_marketer):
    PersonFactory(no="CT0300", name="Visible")
    PersonFactory(no="CT0301", name="Hidden", privacy_blocked=True)
    html = as_marketer.get(reverse("contacts:options") + "?contact_no=CT03").content.decode()
    assert 'value="CT0300"' in html and "CT0301" not in html


# --- criteria -----------------------------------------------------------------------------------


def test_add_contacts_previews_then_applies(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    url = reverse("segments:criteria", args=[segment.no, "add"])
    assert as_marketer.get(url).status_code == 200
    response = as_marketer.post(url, {"industry_group": ["RETAIL"], "preview": "1"})
    assert response.status_code == 200
    assert response.context["preview"].count == 4
    assert "4 contacts will be added" in response.content.decode()
    assert not segment.lines.exists()
    response = as_marketer.post(url, {"industry_group": ["RETAIL"], "apply": response.context["fingerprint"]})
    assert response.status_code == 302
    assert segment.lines.count() == 4
    assert shown(response) == ["4 contacts were added to segment SM0001."]


def test_criteria_changed_after_the_preview_are_previewed_again_not_applied(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    url = reverse("segments:criteria", args=[segment.no, "add"])
    previewed = as_marketer.post(url, {"industry_group": ["RETAIL"], "preview": "1"})
    # The user widens the filter after the preview and clicks "Add 4 contacts".
    response = as_marketer.post(url, {"apply": previewed.context["fingerprint"]})
    assert response.status_code == 200
    assert not segment.lines.exists()
    assert response.context["preview"].count > 4
    assert "The criteria changed after the preview. Check the new preview." in response.content.decode()


def test_the_matching_count_follows_the_criteria_as_they_change(as_marketer, retail_world, django_assert_num_queries):
    segment = SegmentFactory(no="SM0001")
    page = as_marketer.get(reverse("segments:criteria", args=[segment.no, "add"])).content.decode()
    count_url = reverse("segments:criteria_count", args=[segment.no, "add"])
    # The form asks for the count on load and as the criteria change (debounced), without the CSRF token.
    assert f'hx-get="{count_url}"' in page
    assert 'hx-trigger="load, input changed delay:500ms, change"' in page
    assert 'hx-params="not csrfmiddlewaretoken,apply_token"' in page
    assert 'id="matching"' in page and "js/segments.js" in page
    # Session, user, two permission reads, the segment, the chosen industry group, and the one COUNT.
    with django_assert_num_queries(7):
        response = as_marketer.get(count_url, {"industry_group": ["RETAIL"]}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<p id="matching"') and "<html" not in html
    assert "4 contacts match these criteria and would be added." in html
    assert not segment.lines.exists()
    html = as_marketer.get(count_url, {"no": "A||B"}).content.decode()
    assert "Correct the filters to see how many contacts match." in html
    assert as_marketer.get(reverse("segments:criteria_count", args=[segment.no, "nonsense"])).status_code == 404


def test_the_matching_count_of_reduce_counts_the_lines_that_would_go(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    criteria.add_contacts(segment=segment, filters={}, options={})
    url = reverse("segments:criteria_count", args=[segment.no, "reduce"])
    html = as_marketer.get(url, {"type": "company"}).content.decode()
    assert "2 contacts on the segment would be removed." in html


def test_the_preview_heading_can_take_the_focus_when_it_appears(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    url = reverse("segments:criteria", args=[segment.no, "add"])
    html = as_marketer.post(url, {"industry_group": ["RETAIL"], "preview": "1"}).content.decode()
    assert '<h2 class="h5" id="preview-heading" tabindex="-1" data-focus-on-show>4 contacts will be added</h2>' in html


def test_criteria_page_rejects_a_bad_filter_and_keeps_the_input(as_marketer):
    segment = SegmentFactory()
    response = as_marketer.post(
        reverse("segments:criteria", args=[segment.no, "add"]), {"no": "A||B", "city": "Oslo", "preview": "1"}
    )
    assert response.status_code == 200
    assert "The filter A||B is not valid." in response.content.decode()
    assert 'value="Oslo"' in response.content.decode()


def test_reduce_and_refine_pages(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    criteria.add_contacts(segment=segment, filters={}, options={})
    response = apply_criteria(
        as_marketer, reverse("segments:criteria", args=[segment.no, "reduce"]), {"type": "company"}
    )
    assert shown(response) == ["2 contacts were removed from segment SM0001."]
    response = apply_criteria(
        as_marketer, reverse("segments:criteria", args=[segment.no, "refine"]), {"no": "P1", "entire_companies": "on"}
    )
    assert shown(response) == ["0 contacts were removed from segment SM0001."]
    assert as_marketer.get(reverse("segments:criteria", args=[segment.no, "nonsense"])).status_code == 404


def test_go_back_page(as_marketer, retail_world):
    segment = SegmentFactory(no="SM0001")
    criteria.add_contacts(segment=segment, filters={"industry_group": ["RETAIL"]}, options={})
    response = as_marketer.post(reverse("segments:go_back", args=[segment.no]))
    assert response.status_code == 302
    assert not segment.lines.exists()
    assert shown(response) == ["Criteria action 1 (Add Contacts) was undone: 4 lines removed, 0 restored."]
    response = as_marketer.post(reverse("segments:go_back", args=[segment.no]))
    assert shown(response) == ["Segment SM0001 has no criteria actions to go back on."]


def test_save_and_reuse_criteria_pages(as_marketer, retail_world):
    source = SegmentFactory(no="SM0001")
    criteria.add_contacts(segment=source, filters={"industry_group": ["RETAIL"]}, options={})
    response = as_marketer.post(
        reverse("segments:save_criteria", args=[source.no]), {"code": "RETAIL", "description": "Retail"}
    )
    assert shown(response) == ["Saved Segment Criteria RETAIL has been saved."]
    response = as_marketer.post(reverse("segments:save_criteria", args=[source.no]), {"code": "RETAIL"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    target = SegmentFactory(no="SM0002")
    criteria.add_contacts(segment=target, filters={"contact": {"no": "C9"}}, options={})
    url = reverse("segments:reuse_criteria", args=[target.no])
    response = as_marketer.post(url, {"saved_criteria": "RETAIL"})
    assert response.status_code == 200
    assert (
        "Segment SM0002 already contains 1 No. of Criteria Actions. "
        "Are you sure you want to reuse a Saved Segment Criteria?" in response.content.decode()
    )
    assert target.lines.count() == 1
    response = as_marketer.post(url, {"saved_criteria": "RETAIL", "confirmed": "yes"})
    assert target.lines.count() == 5
    assert shown(response) == ["Saved Segment Criteria RETAIL was applied: 1 criteria actions."]


def test_reuse_logged_segment_page(as_marketer):
    logged = LoggedSegmentFactory(segment_no="SM0100")
    InteractionLogEntryFactory(logged_segment=logged)
    InteractionLogEntryFactory(logged_segment=logged)
    segment = SegmentFactory(no="SM0001")
    response = as_marketer.post(reverse("segments:reuse_logged", args=[segment.no]), {"logged_segment": logged.pk})
    assert response.status_code == 302
    assert segment.lines.count() == 2
    assert shown(response) == ["2 contacts were added to segment SM0001."]


def test_saved_criteria_list_and_delete(as_marketer):
    SavedSegmentCriteria.objects.create(code="OLD", description="Old")
    assert "OLD" in as_marketer.get(reverse("segments:saved_criteria_list")).content.decode()
    url = reverse("segments:saved_criteria_delete", args=["OLD"])
    assert as_marketer.post(url).status_code == 200
    response = as_marketer.post(url, {"confirmed": "yes"})
    assert not SavedSegmentCriteria.objects.exists()
    assert shown(response) == ["Saved Segment Criteria OLD has been deleted."]


def test_sales_manager_sees_the_card_read_only(client_as, sales_manager):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment)
    html = client_as(sales_manager).get(segment.get_absolute_url()).content.decode()
    assert 'data-testid="header-form"' not in html
    assert "Add Contacts" not in html


def test_the_card_takes_the_number_of_lines_from_the_line_totals_unless_filtered(as_marketer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.segments.test_speed import make_contacts

    make_contacts(70, "TT")
    segment = SegmentFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "TT*"}}, options={})
    url = reverse("segments:detail", kwargs={"no": segment.no})
    cases = [
        ("", "1–50 of 70", False),
        ("?page=2", "51–70 of 70", False),
        ("?q=Person", "1–50 of 63", True),
        ("?contact_type=person", "1–50 of 63", True),
    ]
    for query, shown, counted in cases:
        with CaptureQueriesContext(connection) as queries:
            response = as_marketer.get(url + query)
        assert shown in response.content.decode(), query
        counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert bool(counts) == counted, (query, counts)
