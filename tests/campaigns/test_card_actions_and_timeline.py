"""The campaign card's one action bar, the list's status badge, Response Rate % and Activated columns, and the
timeline view of the same filtered page (issue 13)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from campaigns.models import STATUS_COLOURS, Campaign
from campaigns.statistics import response_rates
from campaigns.timeline import campaign_timeline
from tests.campaigns.factories import CampaignFactory, CampaignStatusFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("campaigns:list")


def url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None  # that app is not installed


def activate(campaign: Campaign) -> None:
    from pricing.models import CampaignActivation

    CampaignActivation.objects.create(campaign=campaign)


def log(campaign: Campaign, *, target: bool, response: bool, **fields) -> None:
    InteractionLogEntryFactory(campaign=campaign, campaign_target=target, campaign_response=response, **fields)


# --- the card's action bar -----------------------------------------------------------------------


def test_card_offers_each_action_and_related_link_once(client_as, admin):
    campaign = CampaignFactory(no="CP0042")
    activate(campaign)
    text = client_as(admin).get(campaign.get_absolute_url()).text
    q = "?campaign=CP0042"
    hrefs = [
        url_or_none("pricing:activate", no="CP0042"),
        url_or_none("pricing:deactivate", no="CP0042"),
        reverse("campaigns:delete", kwargs={"no": "CP0042"}),
        reverse("campaigns:entries", kwargs={"no": "CP0042"}),
        reverse("campaigns:statistics", kwargs={"no": "CP0042"}),
        *(
            f"{url}{q}"
            for name in [
                "segments:create",
                "segments:list",
                "interactions:log_interaction",
                "tasks:assign_activity",
                "interactions:entry_list",
                "opportunities:create",
                "pricing:simulator",
                "opportunities:list",
            ]
            if (url := url_or_none(name))
        ),
        url_or_none("pricing:campaign_prices", no="CP0042"),
        url_or_none("pricing:campaign_discounts", no="CP0042"),
    ]
    hrefs = [href for href in hrefs if href]
    assert len(hrefs) >= 8
    for href in hrefs:
        assert len(re.findall(f'(?:href|action)="{re.escape(href)}"', text)) == 1, href
    for caption in ["Log Interaction", "Assign Activity", "New segment for this campaign", "Advance status"]:
        assert text.count(f">{caption}<") <= 1, caption
    assert text.count(">Activate Sales Prices/Line Discounts…<") == 1
    assert text.count(">Deactivate Sales Prices/Line Discounts<") == 1


def test_deactivate_is_offered_only_while_the_campaign_is_activated(client_as, marketer):
    campaign = CampaignFactory(no="CP0043")
    client = client_as(marketer)
    deactivate = reverse("pricing:deactivate", kwargs={"no": "CP0043"})
    text = client.get(campaign.get_absolute_url()).text
    assert deactivate not in text
    assert "Deactivate Sales Prices/Line Discounts" not in text
    assert reverse("pricing:activate", kwargs={"no": "CP0043"}) in text
    activate(campaign)
    text = client.get(campaign.get_absolute_url()).text
    assert f'action="{deactivate}"' in text
    assert Campaign.objects.activated().get() == campaign


def test_new_segment_action_opens_segment_create_with_the_campaign_preselected(client_as, marketer):
    campaign = CampaignFactory(no="CP0044", description="Lamp fair")
    client = client_as(marketer)
    text = client.get(campaign.get_absolute_url()).text
    link = f"{reverse('segments:create')}?campaign=CP0044"
    assert f'href="{link}"' in text
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["form"]["campaign"].value() in (campaign, campaign.pk, "CP0044")
    assert 'value="CP0044"' in response.text


def test_a_reader_without_edit_rights_gets_no_unsaved_warning_and_no_delete(client_as, salesperson_user):
    campaign = CampaignFactory()
    text = client_as(salesperson_user).get(campaign.get_absolute_url()).text
    assert "data-unsaved-warning" not in text
    assert reverse("campaigns:delete", kwargs={"no": campaign.no}) not in text


def test_the_editable_card_form_warns_before_leaving_with_unsaved_edits(client_as, marketer):
    campaign = CampaignFactory()
    text = client_as(marketer).get(campaign.get_absolute_url()).text
    assert re.search(r'<form method="post" action="[^"]+" novalidate data-unsaved-warning', text)
    assert re.search(r'<script src="/static/js/unsaved\.js" nonce="[^"]+" defer>', text)


def test_card_status_badge_is_coloured_by_the_status_place_in_sort_order(client_as, marketer):
    CampaignStatusFactory(code="1-PLAN", sort_order=10)
    CampaignStatusFactory(code="2-SCHEDULE", sort_order=20)
    running = CampaignStatusFactory(code="3-IN PROGRESS", sort_order=30)
    campaign = CampaignFactory(status=running)
    text = client_as(marketer).get(campaign.get_absolute_url()).text
    assert f'badge text-bg-{STATUS_COLOURS[2]} align-middle" data-testid="status-badge">3-IN PROGRESS<' in text


def test_card_query_count_does_not_change_with_the_action_bar(client_as, marketer, django_assert_max_num_queries):
    campaign = CampaignFactory()
    activate(campaign)
    client = client_as(marketer)
    client.get(campaign.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(campaign.get_absolute_url())


# --- the list ------------------------------------------------------------------------------------


@pytest.fixture
def three_campaigns():
    """CP0001: 4 target contacts contacted, 3 responses -> 75.0; CP0002: 3 and 1 -> 33.3; CP0003: none -> 0."""
    plan = CampaignStatusFactory(code="1-PLAN", description="Planning", sort_order=10)
    done = CampaignStatusFactory(code="4-DONE", description="Done", sort_order=40)
    first = CampaignFactory(no="CP0001", description="Lamps", status=plan)
    second = CampaignFactory(no="CP0002", description="Chairs", status=done)
    third = CampaignFactory(no="CP0003", description="Tables")
    for target, response in [(True, True), (True, True), (True, False), (True, False), (False, True)]:
        log(first, target=target, response=response)
    log(first, target=True, response=True, canceled=True)  # canceled and postponed never count
    log(first, target=True, response=True, postponed=True)
    for target, response in [(True, True), (True, False), (True, False)]:
        log(second, target=target, response=response)
    activate(second)
    return first, second, third


def cells(response, key: str) -> dict[str, object]:
    listing = response.context["listing"]
    index = [column.key for column in listing.columns].index(key)
    return {row.object.no: row.cells[index] for row in listing.rows}


def test_list_shows_response_rate_and_activated_for_hand_counted_campaigns(client_as, marketer, three_campaigns):
    response = client_as(marketer).get(LIST)
    rates = {no: str(cell.value) for no, cell in cells(response, "response_rate").items()}
    assert rates == {"CP0001": "75.0", "CP0002": "33.3", "CP0003": "0"}
    activated = {no: cell.value for no, cell in cells(response, "activated").items()}
    assert activated == {"CP0001": "No", "CP0002": "Yes", "CP0003": "No"}
    assert response_rates([c.pk for c in three_campaigns]) == {
        three_campaigns[0].pk: Decimal("75.0"),
        three_campaigns[1].pk: Decimal("33.3"),
    }


def test_list_status_is_a_coloured_badge_with_its_description(client_as, marketer, three_campaigns):
    response = client_as(marketer).get(LIST)
    status = cells(response, "status")
    assert status["CP0001"].html == (
        f'<span class="badge text-bg-{STATUS_COLOURS[0]}" data-testid="status-badge">1-PLAN</span> '
        '<span class="small">Planning</span>'
    )
    assert f"text-bg-{STATUS_COLOURS[1]}" in status["CP0002"].html  # second in Sort Order
    assert status["CP0003"].html == ""


def test_list_sorts_by_activated(client_as, marketer, three_campaigns):
    response = client_as(marketer).get(LIST, {"o": "-activated"})
    assert response.context["listing"].rows[0].object.no == "CP0002"


def test_list_export_leaves_out_the_response_rate_and_keeps_activated(client_as, marketer, three_campaigns):
    response = client_as(marketer).get(LIST, {"export": "csv"})
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert "Activated" in header
    assert "Response Rate %" not in header


def make_campaigns(count: int) -> None:
    statuses = [CampaignStatusFactory(code=f"{n}-S", sort_order=n) for n in range(3)]
    salesperson = SalespersonFactory()
    start = Campaign.objects.count()
    for n in range(count):
        campaign = CampaignFactory(
            no=f"QC{start + n:04d}",
            status=statuses[n % 3],
            salesperson=salesperson,
            starting_date=datetime.date(2026, 1 + n % 12, 1),
            ending_date=datetime.date(2026, 12, 31),
        )
        log(campaign, target=True, response=bool(n % 2))
        if n % 4 == 0:
            activate(campaign)


@pytest.mark.parametrize("view", ["", "timeline"])
def test_list_and_timeline_query_counts_are_the_same_for_3_and_30_campaigns(client_as, marketer, view):
    client = client_as(marketer)

    def query_count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"view": view} if view else {}).status_code == 200
        return len(ctx.captured_queries)

    make_campaigns(3)
    client.get(LIST)  # warm the session and permission caches equally for both measurements
    three = query_count()
    make_campaigns(27)
    assert Campaign.objects.count() == 30
    assert query_count() == three


# --- the timeline --------------------------------------------------------------------------------


def test_timeline_draws_bars_for_the_filtered_campaigns_only(client_as, marketer):
    day = datetime.date
    CampaignFactory(no="CP0001", description="Lamp spring", starting_date=day(2026, 3, 1), ending_date=day(2026, 3, 31))
    CampaignFactory(no="CP0002", description="Lamp summer", starting_date=day(2026, 6, 1), ending_date=day(2026, 8, 31))
    CampaignFactory(no="CP0003", description="Chair autumn")
    response = client_as(marketer).get(LIST, {"view": "timeline", "q": "lamp"})
    assert response.status_code == 200
    text = response.text
    assert re.findall(r'data-testid="timeline-row" data-campaign="([^"]+)"', text) == ["CP0001", "CP0002"]
    assert text.count('data-testid="timeline-bar"') == 2
    assert "CP0003" not in text
    assert 'data-testid="campaigns-campaigns-list"' not in text  # the timeline instead of the table
    assert '<input type="hidden" name="view" value="timeline">' in text  # filtering again stays on the timeline
    timeline = response.context["timeline"]
    assert (timeline.start, timeline.end) == (datetime.date(2026, 3, 1), datetime.date(2026, 8, 31))
    spring, summer = (row.bar for row in timeline.rows)
    assert spring.left == 0 and summer.left + summer.width == pytest.approx(100)


def test_timeline_is_bounded_to_the_page_of_campaigns(client_as, marketer):
    Campaign.objects.bulk_create(Campaign(no=f"CP{n:04d}", starting_date=datetime.date(2026, 1, 1)) for n in range(60))
    response = client_as(marketer).get(LIST, {"view": "timeline"})
    assert len(response.context["timeline"].rows) == 50
    assert 'rel="next"' in response.text and "view=timeline" in response.text


def test_timeline_layout_clips_to_the_filter_period_and_marks_open_ends():
    campaigns = [
        Campaign(no="A", starting_date=datetime.date(2026, 1, 1), ending_date=datetime.date(2026, 1, 31)),
        Campaign(no="B", starting_date=datetime.date(2025, 12, 1), ending_date=None),
        Campaign(no="C"),
    ]
    timeline = campaign_timeline(
        campaigns,
        today=datetime.date(2026, 1, 16),
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 1, 31),
    )
    a, b, c = (row.bar for row in timeline.rows)
    assert (a.left, a.width, a.open_start, a.open_end) == (0, 100, False, False)
    assert (b.left, b.width, b.open_start, b.open_end) == (0, 100, True, True)
    assert c is None
    assert timeline.today == pytest.approx(15 * 100 / 31, abs=0.001)
    assert [tick.label for tick in timeline.ticks] == ["2026-01"]


def test_timeline_ticks_stay_few_over_long_periods():
    campaigns = [Campaign(no="A", starting_date=datetime.date(2020, 1, 1), ending_date=datetime.date(9999, 12, 31))]
    timeline = campaign_timeline(campaigns, today=datetime.date(2026, 1, 1))
    assert 1 <= len(timeline.ticks) <= 6
    assert campaign_timeline([Campaign(no="X")], today=datetime.date(2026, 1, 1)).start is None
