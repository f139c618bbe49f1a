"""Campaign pages through the client: create, card, list, entries, delete; status, effect and message."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignComment, CampaignEntry
from core.models import NoSeries
from interactions.models import InteractionLogEntry
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory, CampaignStatusFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def card_data(campaign: Campaign, **changes) -> dict:
    data = {
        "description": campaign.description,
        "starting_date": campaign.starting_date.isoformat() if campaign.starting_date else "",
        "ending_date": campaign.ending_date.isoformat() if campaign.ending_date else "",
        "status": campaign.status.code if campaign.status else "",
        "salesperson": campaign.salesperson.code if campaign.salesperson else "",
        "version": campaign.version,
    }
    return {**data, **changes}


# --- create -------------------------------------------------------------------------------------


def test_create_with_ending_before_starting_shows_the_ending_date_message_and_keeps_the_input(
    client_as, marketer, series
):
    response = client_as(marketer).post(
        reverse("campaigns:create"),
        {"description": "Summer sale", "starting_date": "2026-06-30", "ending_date": "2026-06-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"ending_date": ["Ending Date must be after Starting Date."]}
    assert 'value="Summer sale"' in response.text
    assert 'value="2026-06-01"' in response.text
    assert not Campaign.objects.exists()
    assert NoSeries.objects.get(code="CAMP").last_no_used == ""


def test_create_draws_the_number_and_opens_the_card(client_as, marketer, series):
    status = CampaignStatusFactory(code="1-PLAN")
    response = client_as(marketer).post(
        reverse("campaigns:create"),
        {"description": "Summer sale", "starting_date": "2026-06-01", "ending_date": "2026-06-01", "status": "1-PLAN"},
        follow=True,
    )
    campaign = Campaign.objects.get()
    assert (campaign.no, campaign.status, campaign.last_date_modified) == ("CP0001", status, None)
    assert response.redirect_chain[-1][0] == campaign.get_absolute_url()
    assert "Campaign CP0001 has been created." in messages_of(response)


def test_create_without_series_shows_bcs_message_in_the_page(client_as, marketer):
    client = client_as(marketer)
    assert "Campaign Nos. must have a value in Marketing Setup" in client.get(reverse("campaigns:create")).text
    response = client.post(reverse("campaigns:create"), {"description": "x"})
    assert response.context["form"].non_field_errors() == ["Campaign Nos. must have a value in Marketing Setup"]
    assert not Campaign.objects.exists()


def test_create_form_defaults_the_linked_salesperson_and_hides_blocked_ones(client_as, marketer, series):
    SalespersonFactory(code="MM", user=marketer)
    SalespersonFactory(code="EN", blocked=True)
    form = client_as(marketer).get(reverse("campaigns:create")).context["form"]
    assert form["salesperson"].value() == "MM"
    assert [str(value) for value, _label in form.fields["salesperson"].choices] == ["", "MM"]


def test_create_refuses_a_blocked_salesperson(client_as, marketer, series):
    SalespersonFactory(code="EN", blocked=True)
    response = client_as(marketer).post(reverse("campaigns:create"), {"description": "x", "salesperson": "EN"})
    assert response.context["form"].errors["salesperson"] == ["Salesperson EN is blocked and cannot be chosen."]
    assert not Campaign.objects.exists()


# --- the card -----------------------------------------------------------------------------------


def test_changing_only_the_starting_date_gives_the_starting_date_message(client_as, marketer):
    campaign = CampaignFactory(starting_date=datetime.date(2026, 3, 1), ending_date=datetime.date(2026, 3, 31))
    response = client_as(marketer).post(campaign.get_absolute_url(), card_data(campaign, starting_date="2026-04-15"))
    assert response.context["form"].errors == {"starting_date": ["Starting Date must be before Ending Date."]}
    assert 'value="2026-04-15"' in response.text
    campaign.refresh_from_db()
    assert campaign.starting_date == datetime.date(2026, 3, 1)


def test_changing_the_ending_date_gives_the_ending_date_message(client_as, marketer):
    campaign = CampaignFactory(starting_date=datetime.date(2026, 3, 1), ending_date=datetime.date(2026, 3, 31))
    response = client_as(marketer).post(campaign.get_absolute_url(), card_data(campaign, ending_date="2026-02-01"))
    assert response.context["form"].errors == {"ending_date": ["Ending Date must be after Starting Date."]}


def test_saving_the_card_stamps_last_date_modified(client_as, marketer):
    campaign = CampaignFactory(description="Old")
    response = client_as(marketer).post(
        campaign.get_absolute_url(), card_data(campaign, description="New"), follow=True
    )
    assert f"Campaign {campaign.no} has been saved." in messages_of(response)
    campaign.refresh_from_db()
    assert (campaign.description, campaign.last_date_modified) == ("New", timezone.localdate())


def test_two_users_save_the_same_card_and_the_second_is_refused(client, marketer, admin):
    campaign = CampaignFactory(description="Original")
    first = card_data(campaign, description="First user's text")
    second = card_data(campaign, description="Second user's text")
    client.force_login(marketer)
    assert client.post(campaign.get_absolute_url(), first).status_code == 302
    client.force_login(admin)
    response = client.post(campaign.get_absolute_url(), second)
    assert response.status_code == 200
    assert "Another user has modified the record for this Campaign after you retrieved it" in response.text
    assert "Second user&#x27;s text" in response.text
    campaign.refresh_from_db()
    assert campaign.description == "First user's text"
    assert campaign.version == 1


def test_card_keeps_showing_an_existing_blocked_salesperson(client_as, marketer):
    blocked = SalespersonFactory(code="EN", name="Eva", blocked=True)
    campaign = CampaignFactory(salesperson=blocked)
    form = client_as(marketer).get(campaign.get_absolute_url()).context["form"]
    assert form["salesperson"].value() == "EN"
    assert "EN Eva (Blocked)" in [label for _value, label in form.fields["salesperson"].choices]
    response = client_as(marketer).post(campaign.get_absolute_url(), card_data(campaign, description="Still EN"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.salesperson == blocked


def test_card_shows_current_and_next_status_and_advances(client_as, marketer):
    CampaignStatusFactory(code="2-SCHEDULE", sort_order=20)
    CampaignStatusFactory(code="3-IN PROGRESS", sort_order=30)
    campaign = CampaignFactory(status=CampaignStatusFactory(code="2-SCHEDULE"))
    client = client_as(marketer)
    response = client.get(campaign.get_absolute_url())
    assert "Next: 3-IN PROGRESS" in response.text
    response = client.post(
        reverse("campaigns:advance_status", kwargs={"no": campaign.no}), {"version": campaign.version}, follow=True
    )
    assert f"Campaign {campaign.no} is now in status 3-IN PROGRESS" in messages_of(response)[0]
    campaign.refresh_from_db()
    assert campaign.status.code == "3-IN PROGRESS"
    assert "This is the last status." in response.text


def test_card_is_read_only_for_a_salesperson(client_as, salesperson_user):
    campaign = CampaignFactory()
    response = client_as(salesperson_user).get(campaign.get_absolute_url())
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Advance status" not in response.text
    assert client_as(salesperson_user).post(campaign.get_absolute_url(), card_data(campaign)).status_code == 403


def test_card_shows_no_statistics_placeholder_until_interactions_exist(client_as, marketer):
    campaign = CampaignFactory()
    response = client_as(marketer).get(campaign.get_absolute_url())
    assert 'data-testid="statistics"' not in response.text
    assert "No interactions have been logged for this campaign yet." in response.text
    InteractionLogEntryFactory(campaign=campaign, campaign_target=True, cost=2, duration=5)
    response = client_as(marketer).get(campaign.get_absolute_url())
    assert 'data-figure="target_contacts_contacted">1<' in response.text


def test_card_query_count_is_fixed(client_as, marketer, django_assert_max_num_queries):
    campaign = CampaignFactory()
    InteractionLogEntryFactory.create_batch(5, campaign=campaign, campaign_target=True)
    client = client_as(marketer)
    with django_assert_max_num_queries(12):
        client.get(campaign.get_absolute_url())


def test_comments_are_added_and_deleted(client_as, marketer):
    campaign = CampaignFactory()
    client = client_as(marketer)
    url = reverse("campaigns:comment_add", kwargs={"no": campaign.no})
    response = client.post(url, {"date": "2026-03-02", "comment": "Brochures ordered"}, follow=True)
    assert "The comment has been added." in messages_of(response)
    comment = CampaignComment.objects.get()
    assert (comment.date, comment.comment, comment.created_by) == (
        datetime.date(2026, 3, 2),
        "Brochures ordered",
        marketer,
    )
    assert "Brochures ordered" in response.text
    response = client.post(url, {"date": "", "comment": ""})
    assert response.status_code == 200  # the card again, with the error beside the field
    assert response.context["comment_form"].errors["comment"] == ["This field is required."]
    client.post(reverse("campaigns:comment_delete", kwargs={"no": campaign.no, "pk": comment.pk}))
    assert not CampaignComment.objects.exists()


def test_delete_campaign_asks_then_refuses_with_the_blocking_count(client_as, marketer):
    campaign = CampaignFactory(no="CP0007", description="Spring")
    CampaignEntryFactory(campaign=campaign)
    client = client_as(marketer)
    url = reverse("campaigns:delete", kwargs={"no": "CP0007"})
    # What blocks the deletion is said instead of the question (only Back), and a Yes posted anyway is refused.
    refusal = client.post(url).text
    assert "You cannot delete Campaign CP0007 because 1 campaign entry is not canceled." in refusal
    assert "Do you want to delete" not in refusal and 'value="yes"' not in refusal
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "You cannot delete Campaign CP0007 because 1 campaign entry is not canceled." in messages_of(response)
    CampaignEntry.objects.update(canceled=True)
    assert "Do you want to delete Campaign CP0007 Spring?" in client.post(url).text
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "Campaign CP0007 has been deleted." in messages_of(response)
    assert not Campaign.objects.exists()


# --- list ---------------------------------------------------------------------------------------


def test_list_filters_by_status_salesperson_period_and_text(client_as, salesperson_user):
    plan, done = CampaignStatusFactory(code="1-PLAN"), CampaignStatusFactory(code="4-DONE")
    kh = SalespersonFactory(code="KH")
    d = datetime.date
    CampaignFactory(
        no="CP0001", description="Spring fair", status=done, starting_date=d(2026, 3, 1), ending_date=d(2026, 3, 31)
    )
    CampaignFactory(
        no="CP0002",
        description="Summer chairs",
        status=plan,
        salesperson=kh,
        starting_date=d(2026, 6, 1),
        ending_date=d(2026, 7, 31),
    )
    CampaignFactory(no="CP0003", description="Open-ended", starting_date=None, ending_date=None)
    CampaignFactory(no="CP0004", description="Autumn", starting_date=d(2026, 9, 1), ending_date=None)
    client = client_as(salesperson_user)

    def nos(**query):
        return [c.no for c in client.get(reverse("campaigns:list"), query).context["page_obj"]]

    assert nos() == ["CP0001", "CP0002", "CP0003", "CP0004"]
    assert nos(status="1-PLAN") == ["CP0002"]
    assert nos(salesperson="KH") == ["CP0002"]
    assert nos(q="fair") == ["CP0001"]
    assert nos(q="cp0004") == ["CP0004"]
    assert nos(period_from="2026-03-31", period_to="2026-06-01") == ["CP0001", "CP0002", "CP0003"]
    assert nos(period_from="2026-08-01") == ["CP0003", "CP0004"]
    assert nos(period_to="2026-02-28") == ["CP0003"]
    assert nos(o="-no") == ["CP0004", "CP0003", "CP0002", "CP0001"]
    assert nos(o="status") == ["CP0003", "CP0004", "CP0002", "CP0001"]  # blank first, as BC sorts
    assert nos(o="-status") == ["CP0001", "CP0002", "CP0004", "CP0003"]
    assert nos(o="nonsense") == ["CP0001", "CP0002", "CP0003", "CP0004"]


def test_list_query_count_does_not_grow_with_the_rows(client_as, marketer):
    client = client_as(marketer)
    url = reverse("campaigns:list")

    def query_count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        CampaignFactory(status=CampaignStatusFactory(code=f"S{n}"), salesperson=SalespersonFactory(code=f"SP{n}"))
    client.get(url)  # warm the session and permission caches equally for both measurements
    five = query_count()
    for n in range(45):
        CampaignFactory(status=CampaignStatusFactory(code="S0"), salesperson=SalespersonFactory(code=f"X{n}"))
    assert Campaign.objects.count() == 50
    # A full page is counted; the five rows were all the rows and were not (core.lists.CappedPaginator.page).
    assert query_count() == five + 1


# --- entries ------------------------------------------------------------------------------------


def test_entries_page_lists_the_campaigns_entries_with_figures(client_as, sales_manager):
    entry = CampaignEntryFactory(description="Spring letter")
    InteractionLogEntryFactory.create_batch(3, campaign=entry.campaign, campaign_entry=entry, cost=2)
    CampaignEntryFactory(description="Other campaign")
    response = client_as(sales_manager).get(reverse("campaigns:entries", kwargs={"no": entry.campaign.no}))
    rows = list(response.context["page_obj"])
    assert [(r.description, r.no_of_interactions, r.cost) for r in rows] == [("Spring letter", 3, 6)]


def test_cancel_toggle_asks_bcs_questions_and_cascades(client_as, marketer):
    entry = CampaignEntryFactory()
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry)
    client = client_as(marketer)
    url = reverse("campaigns:entry_cancel", kwargs={"no": entry.campaign.no, "entry_no": entry.pk})
    assert f"Do you wish to mark Campaign Entry {entry.pk} as Canceled?" in client.post(url).text
    assert not CampaignEntry.objects.get(pk=entry.pk).canceled
    response = client.post(url, {"confirmed": "yes", "canceled": "yes"}, follow=True)
    assert f"Campaign Entry {entry.pk} is marked Canceled." in messages_of(response)
    assert InteractionLogEntry.objects.get().canceled
    question = f"Campaign Entry {entry.pk} is marked Canceled. Do you wish to remove the checkmark?"
    assert question in client.post(url).text
    client.post(url, {"confirmed": "yes", "canceled": "no"})
    assert not CampaignEntry.objects.get(pk=entry.pk).canceled
    assert not InteractionLogEntry.objects.get().canceled


def test_confirming_a_stale_question_does_not_flip_back(client_as, marketer):
    entry = CampaignEntryFactory(canceled=True)
    url = reverse("campaigns:entry_cancel", kwargs={"no": entry.campaign.no, "entry_no": entry.pk})
    client_as(marketer).post(url, {"confirmed": "yes", "canceled": "yes"})
    assert CampaignEntry.objects.get(pk=entry.pk).canceled


def test_delete_entry_refuses_a_non_canceled_entry_and_deletes_a_canceled_one(client_as, marketer):
    entry = CampaignEntryFactory()
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry)
    client = client_as(marketer)
    url = reverse("campaigns:entry_delete", kwargs={"no": entry.campaign.no, "entry_no": entry.pk})
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert f"Campaign Entry {entry.pk} is not canceled. Only canceled campaign entries can be deleted." in messages_of(
        response
    )
    assert CampaignEntry.objects.exists()
    CampaignEntry.objects.update(canceled=True)
    assert "Do you want to delete Campaign Entry" in client.post(url).text
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "1 Campaign Entry has been deleted." in messages_of(response)
    assert not CampaignEntry.objects.exists()
    assert not InteractionLogEntry.objects.exists()


def test_batch_delete_previews_and_reports_bcs_message(client_as, marketer):
    campaign = CampaignFactory()
    CampaignEntryFactory.create_batch(2, campaign=campaign, canceled=True, date=datetime.date(2026, 3, 2))
    CampaignEntryFactory(campaign=campaign, canceled=False, date=datetime.date(2026, 3, 2))
    client = client_as(marketer)
    url = reverse("campaigns:entries_delete", kwargs={"no": campaign.no})
    preview = client.get(url, {"date_from": "2026-03-01"})
    assert preview.context["matching"] == 2
    assert CampaignEntry.objects.count() == 3
    response = client.post(url, {"date_from": "2026-03-01"}, follow=True)
    assert "2 Campaign Entry has been deleted." in messages_of(response)
    assert list(CampaignEntry.objects.values_list("canceled", flat=True)) == [False]
    response = client.post(url, {}, follow=True)
    assert "0 Campaign Entry has been deleted." in messages_of(response)


def test_batch_delete_refuses_an_inverted_range(client_as, marketer):
    campaign = CampaignFactory()
    CampaignEntryFactory(campaign=campaign, canceled=True)
    response = client_as(marketer).post(
        reverse("campaigns:entries_delete", kwargs={"no": campaign.no}), {"entry_no_from": 5, "entry_no_to": 2}
    )
    assert response.context["form"].errors["entry_no_to"] == ["Entry No. to must not be below Entry No. from."]
    assert CampaignEntry.objects.count() == 1


def test_entries_filter_by_canceled_keeps_the_chosen_value(client_as, marketer):
    campaign = CampaignFactory()
    canceled = CampaignEntryFactory(campaign=campaign, canceled=True)
    CampaignEntryFactory(campaign=campaign, canceled=False)
    response = client_as(marketer).get(reverse("campaigns:entries", kwargs={"no": campaign.no}), {"canceled": "true"})
    assert [e.pk for e in response.context["page_obj"]] == [canceled.pk]
    assert '<option value="true" selected>Yes</option>' in response.text


def test_list_filter_form_keeps_the_chosen_values(client_as, marketer):
    CampaignStatusFactory(code="1-PLAN", description="Planning")
    SalespersonFactory(code="KH", name="Kari")
    response = client_as(marketer).get(
        reverse("campaigns:list"), {"status": "1-PLAN", "salesperson": "KH", "q": "fair", "period_from": "2026-03-01"}
    )
    assert '<option value="1-PLAN" selected>1-PLAN Planning</option>' in response.text
    assert '<option value="KH" selected>KH Kari</option>' in response.text
    assert 'value="fair"' in response.text
    assert 'value="2026-03-01"' in response.text
    response = client_as(marketer).get(reverse("campaigns:list"), {"period_from": "not a date"})
    assert "Enter a valid date." in response.text


def test_card_links_to_the_pages_of_other_apps_that_exist(client_as, admin):
    from django.urls import NoReverseMatch

    campaign = CampaignFactory(no="CP0042")
    text = client_as(admin).get(campaign.get_absolute_url()).text
    expected = [
        ("segments:list", {}, "?campaign=CP0042"),
        ("pricing:campaign_prices", {"no": "CP0042"}, ""),
        ("pricing:campaign_discounts", {"no": "CP0042"}, ""),
        ("pricing:activate", {"no": "CP0042"}, ""),
        ("segments:create", {}, "?campaign=CP0042"),
        ("pricing:simulator", {}, "?campaign=CP0042"),
        ("tasks:panel", {}, "?campaign=CP0042"),
        ("tasks:assign_activity", {}, "?campaign=CP0042"),
        ("interactions:log_interaction", {}, "?campaign=CP0042"),
        ("interactions:history_panel", {}, "?campaign=CP0042"),
    ]
    checked = 0
    for name, kwargs, query in expected:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue  # that app has not landed yet
        assert f"{url}{query}" in text, name
        checked += 1
    assert checked >= 2


def test_create_with_a_typed_number(client_as, marketer, series):
    client = client_as(marketer)
    response = client.post(reverse("campaigns:create"), {"no": "spring26", "description": "Spring"})
    assert "activate Manual Nos. in No. Series CAMP" in response.context["form"].errors["no"][0]
    NoSeries.objects.filter(code="CAMP").update(manual_nos=True)
    response = client.post(reverse("campaigns:create"), {"no": "spring26", "description": "Spring"}, follow=True)
    assert "Campaign SPRING26 has been created." in messages_of(response)
    response = client.post(reverse("campaigns:create"), {"no": "SPRING26", "description": "Again"})
    assert response.context["form"].errors["no"] == [
        "The Campaign already exists. Identification fields and values: No.='SPRING26'"
    ]
    assert Campaign.objects.count() == 1
