"""Dates at the ends of the calendar (0001-01-01, 9999-12-31) on the campaign card and statistics (issue 10)."""

import datetime

import pytest
from django.urls import reverse

from campaigns.statistics import MAX_FILLED_WEEKS, fill_weeks
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import InteractionLogEntryFactory

pytestmark = pytest.mark.django_db

FIRST_DAY, LAST_DAY = datetime.date.min, datetime.date.max


def test_the_last_week_of_the_calendar_is_filled_without_overflowing():
    monday = datetime.date(9999, 12, 27)
    weeks = fill_weeks([{"week": monday - datetime.timedelta(weeks=1), "contacted": 1}, {"week": monday}])
    assert [week.week_start for week in weeks] == [monday - datetime.timedelta(weeks=1), monday]
    assert weeks[-1].label == "9999-W52"


def test_weeks_far_apart_show_only_the_weeks_with_data():
    first, last = datetime.date(2026, 3, 2), datetime.date(9999, 12, 27)
    weeks = fill_weeks([{"week": first, "contacted": 1}, {"week": last, "contacted": 2}])
    assert [(week.week_start, week.contacted) for week in weeks] == [(first, 1), (last, 2)]
    assert len(fill_weeks([{"week": first}, {"week": first + datetime.timedelta(weeks=MAX_FILLED_WEEKS - 1)}])) == (
        MAX_FILLED_WEEKS
    )


@pytest.mark.parametrize("dates", [[LAST_DAY], [FIRST_DAY], [FIRST_DAY, LAST_DAY]])
def test_card_and_statistics_show_interactions_at_the_ends_of_the_calendar(client_as, marketer, dates):
    campaign = CampaignFactory(no="CP0001")
    for date in dates:
        InteractionLogEntryFactory(campaign=campaign, campaign_target=True, campaign_response=True, date=date)
    client = client_as(marketer)
    card = client.get(campaign.get_absolute_url())
    assert card.status_code == 200
    assert f'data-figure="contacts_responded">{len(dates)}<' in card.text
    statistics = client.get(reverse("campaigns:statistics", kwargs={"no": campaign.no}))
    assert statistics.status_code == 200
    assert 'class="chart-bar-contacted"' in statistics.text
    filtered = client.get(
        reverse("campaigns:statistics", kwargs={"no": campaign.no}),
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    )
    assert f'data-figure="target_contacts_contacted">{len(dates)}<' in filtered.text
