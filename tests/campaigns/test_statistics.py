"""Campaign statistics (DOMAIN 2.1/2.2): figures, rounding, division by zero, exclusions, date filter, chart."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.charts import PLOT_HEIGHT, weekly_chart
from campaigns.statistics import CampaignStatistics, WeekFigures, campaign_statistics
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory
from tests.interactions.factories import InteractionLogEntryFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)  # ISO week 2026-W10


def log(campaign, *, target=False, response=False, cost="0", duration=0, date=MONDAY, **extra):
    return InteractionLogEntryFactory(
        campaign=campaign,
        campaign_target=target,
        campaign_response=response,
        cost=Decimal(cost),
        duration=duration,
        date=date,
        **extra,
    )


@pytest.fixture
def campaign():
    """Seven target contacts contacted, three of them responded; cost 10.00, duration 20; noise that must not count."""
    campaign = CampaignFactory(no="CP0001")
    entry = CampaignEntryFactory(campaign=campaign)
    for _ in range(4):
        log(campaign, target=True, cost="1.00", duration=2, campaign_entry=entry)
    for _ in range(2):
        log(campaign, target=True, response=True, cost="2.50", duration=3, campaign_entry=entry)
    log(
        campaign,
        target=True,
        response=True,
        cost="1.00",
        duration=6,
        campaign_entry=entry,
        date=MONDAY + datetime.timedelta(days=14),
    )
    canceled_entry = CampaignEntryFactory(campaign=campaign, canceled=True)
    log(campaign, target=True, response=True, cost="100", duration=100, canceled=True, campaign_entry=canceled_entry)
    log(campaign, target=True, response=True, cost="50", duration=50, postponed=True)
    log(CampaignFactory(no="CP0002"), target=True, response=True, cost="70", duration=70)
    return campaign


def test_figures_count_only_active_interactions_and_round_as_bc(campaign, django_assert_num_queries):
    with django_assert_num_queries(1):
        stats = campaign_statistics(campaign)
    assert stats.target_contacts_contacted == 7
    assert stats.contacts_responded == 3
    assert stats.response_rate == Decimal("42.9")  # 3 / 7 × 100 = 42.857…
    assert stats.cost == Decimal("10.00")
    assert stats.duration == Decimal("20")
    assert stats.avg_cost_per_response == Decimal("3.33")  # 10 / 3
    assert stats.avg_duration_per_response == Decimal("6.67")  # 20 / 3
    assert stats.no_of_interactions == 7
    assert stats.no_of_campaign_entries == 1
    assert stats.has_data


def test_date_filter_limits_every_figure(campaign):
    stats = campaign_statistics(campaign, date_from=MONDAY, date_to=MONDAY + datetime.timedelta(days=6))
    assert (stats.target_contacts_contacted, stats.contacts_responded) == (6, 2)
    assert (stats.cost, stats.duration, stats.no_of_interactions) == (Decimal("9.00"), Decimal("14"), 6)
    assert stats.response_rate == Decimal("33.3")
    assert stats.avg_cost_per_response == Decimal("4.50")
    later = campaign_statistics(campaign, date_from=MONDAY + datetime.timedelta(days=7))
    assert (later.target_contacts_contacted, later.contacts_responded, later.cost) == (1, 1, Decimal("1.00"))
    assert later.no_of_campaign_entries == 0  # the entry is dated 2026-03-02


def test_weeks_are_iso_weeks_with_the_empty_week_in_between(campaign):
    weeks = campaign_statistics(campaign).weeks
    assert [(w.label, w.contacted, w.responded) for w in weeks] == [
        ("2026-W10", 6, 2),
        ("2026-W11", 0, 0),
        ("2026-W12", 1, 1),
    ]
    assert weeks[0].week_start == MONDAY


def test_response_without_target_counts_as_response_but_rate_stays_zero_without_contacts():
    campaign = CampaignFactory()
    log(campaign, response=True, cost="5.00", duration=7)
    stats = campaign_statistics(campaign)
    assert (stats.target_contacts_contacted, stats.contacts_responded) == (0, 1)
    assert stats.response_rate == Decimal("0")
    assert stats.avg_cost_per_response == Decimal("5.00")
    assert stats.avg_duration_per_response == Decimal("7.00")


def test_no_data_gives_zeros_and_no_placeholder():
    stats = campaign_statistics(CampaignFactory())
    assert (stats.target_contacts_contacted, stats.contacts_responded, stats.no_of_interactions) == (0, 0, 0)
    assert (stats.response_rate, stats.avg_cost_per_response, stats.avg_duration_per_response) == (0, 0, 0)
    assert not stats.has_data
    assert stats.weeks == []


def test_rounding_is_to_the_nearest_with_halves_away_from_zero():
    assert CampaignStatistics(target_contacts_contacted=16, contacts_responded=1).response_rate == Decimal("6.3")
    assert CampaignStatistics(target_contacts_contacted=8, contacts_responded=1).response_rate == Decimal("12.5")
    assert CampaignStatistics(contacts_responded=2, cost=Decimal("0.05")).avg_cost_per_response == Decimal("0.03")
    assert CampaignStatistics(contacts_responded=8, duration=Decimal("1")).avg_duration_per_response == Decimal("0.13")


def test_canceling_the_entry_removes_its_interactions_from_the_figures(campaign):
    from campaigns import services

    services.set_entry_canceled(entry=campaign.entries.get(canceled=False), canceled=True)
    stats = campaign_statistics(campaign)
    assert (stats.target_contacts_contacted, stats.no_of_interactions, stats.no_of_campaign_entries) == (0, 0, 0)
    assert not stats.has_data


# --- chart --------------------------------------------------------------------------------------


def test_chart_scales_bars_to_a_round_top_value():
    weeks = [WeekFigures(MONDAY, 7, 3), WeekFigures(MONDAY + datetime.timedelta(weeks=1), 0, 0)]
    chart = weekly_chart(weeks)
    assert len(chart.bars) == 4
    tallest = chart.bars[0]
    assert tallest.css_class == "chart-bar-contacted"
    assert tallest.height == PLOT_HEIGHT * 7 / 8  # the axis goes to 8 (4 ticks of 2)
    assert [label.text for label in chart.y_labels] == ["0", "2", "4", "6", "8"]
    assert tallest.title == "2026-W10: 7 contacts reached"
    assert chart.bars[1].title == "2026-W10: 3 responses"


# The shapes as the chart template wrote them before they were written in Python (campaigns.charts.WeeklyChart.shapes).
TEMPLATE_SHAPES = (
    "{% load l10n %}{% localize off %}"
    '{% for y in chart.gridlines %}<line class="chart-grid" x1="{{ chart.plot_left }}" x2="{{ chart.plot_right }}" '
    'y1="{{ y }}" y2="{{ y }}"/>{% endfor %}'
    '{% for label in chart.y_labels %}<text class="chart-axis-label" x="{{ label.x }}" y="{{ label.y }}" '
    'text-anchor="end">{{ label.text }}</text>{% endfor %}'
    '{% for bar in chart.bars %}<rect class="{{ bar.css_class }}" x="{{ bar.x }}" y="{{ bar.y }}" '
    'width="{{ bar.width }}" height="{{ bar.height }}"><title>{{ bar.title }}</title></rect>{% endfor %}'
    '{% for label in chart.x_labels %}<text class="chart-axis-label" x="{{ label.x }}" y="{{ label.y }}" '
    'text-anchor="middle">{{ label.text }}</text>{% endfor %}'
    "{% endlocalize %}"
)

TEMPLATE_WEEK_ROWS = (
    '{% for week in chart.weeks %}<tr><th scope="row">{{ week.label }}</th><td>{{ week.contacted }}</td>'
    "<td>{{ week.responded }}</td></tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_chart_shapes_are_what_the_template_wrote(language):
    from django.template import Context, Template
    from django.utils.translation import override

    weeks = [WeekFigures(MONDAY + datetime.timedelta(weeks=n), (n * 3701) % 10133, (n * 11) % 97) for n in range(60)]
    with override(language):
        chart = weekly_chart(weeks)
        expected = Template(TEMPLATE_SHAPES).render(Context({"chart": chart}))
        assert chart.shapes() == expected
        assert chart.week_rows() == Template(TEMPLATE_WEEK_ROWS).render(Context({"chart": chart}))
    assert "," not in expected.split("<title>")[0]  # numbers with a decimal point, never a comma
    assert expected.count("<rect") == 120


def test_no_chart_without_contacts_or_responses():
    assert weekly_chart([]) is None
    assert weekly_chart([WeekFigures(MONDAY, 0, 0)]) is None


# --- pages --------------------------------------------------------------------------------------


def test_statistics_page_shows_figures_chart_and_applies_the_date_filter(client_as, salesperson_user, campaign):
    client = client_as(salesperson_user)
    url = reverse("campaigns:statistics", kwargs={"no": campaign.no})
    response = client.get(url)
    assert 'data-figure="response_rate">42.9<' in response.text
    assert 'data-figure="avg_cost_per_response">3.33<' in response.text
    assert 'class="chart-bar-contacted"' in response.text
    assert "style=" not in response.text
    response = client.get(url, {"date_from": "2026-03-09"})
    assert 'data-figure="target_contacts_contacted">1<' in response.text
    response = client.get(url, {"date_from": "2027-01-01"})
    assert 'data-testid="statistics"' not in response.text
    assert "No interactions have been logged for this campaign in this period." in response.text


def test_statistics_page_reports_an_invalid_date_and_shows_everything(client_as, marketer, campaign):
    response = client_as(marketer).get(
        reverse("campaigns:statistics", kwargs={"no": campaign.no}),
        {"date_from": "2026-03-31", "date_to": "2026-03-01"},
    )
    assert response.context["form"].errors["date_to"] == ["Date to must not be before Date from."]
    assert response.context["stats"].target_contacts_contacted == 7


def test_card_shows_the_same_figures(client_as, marketer, campaign):
    response = client_as(marketer).get(campaign.get_absolute_url())
    assert 'data-figure="contacts_responded">3<' in response.text
    assert 'data-figure="cost">10.00<' in response.text
    assert 'data-figure="no_of_campaign_entries">1<' in response.text
