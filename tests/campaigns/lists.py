"""The campaign lists for the shared list tests (tests/test_lists.py)."""

import datetime

from campaigns.models import Campaign, CampaignEntry, CampaignStatus
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory

ENTRIES_CAMPAIGN = "LCENTRIES"


def make_campaigns(count: int) -> None:
    salesperson = SalespersonFactory()
    start = Campaign.objects.count()
    Campaign.objects.bulk_create(
        Campaign(no=f"LC{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}", salesperson=salesperson)
        for n in range(count)
    )


def make_entries(count: int) -> None:
    salesperson = SalespersonFactory()
    campaign, _ = Campaign.objects.get_or_create(no=ENTRIES_CAMPAIGN, defaults={"description": "Entries"})
    start = CampaignEntry.objects.count()
    CampaignEntry.objects.bulk_create(
        CampaignEntry(
            campaign=campaign,
            description=f"Entry {start + n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + n) % 300),
            segment_no=f"SM{start + n:05d}",
            canceled=bool(n % 2),
            salesperson=salesperson,
        )
        for n in range(count)
    )


def make_status_codes(count: int) -> None:
    start = CampaignStatus.objects.count()
    CampaignStatus.objects.bulk_create(
        CampaignStatus(code=f"LS{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'}", sort_order=n % 7)
        for n in range(count)
    )


LIST_CASES = [
    ListCase("campaigns.campaigns", "campaigns:list", make_campaigns, filter="?q=lamp"),
    ListCase(
        "campaigns.entries",
        "campaigns:entries",
        make_entries,
        filter="?canceled=true",
        kwargs=lambda: {"no": ENTRIES_CAMPAIGN},
    ),
    ListCase("campaigns.status", "campaigns:status_list", make_status_codes, filter="?q=lamp"),
]
