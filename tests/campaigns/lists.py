"""The campaign lists for the shared list tests (tests/test_lists.py)."""

from campaigns.models import Campaign
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def make_campaigns(count: int) -> None:
    salesperson = SalespersonFactory()
    start = Campaign.objects.count()
    Campaign.objects.bulk_create(
        Campaign(no=f"LC{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}", salesperson=salesperson)
        for n in range(count)
    )


LIST_CASES = [
    ListCase("campaigns.campaigns", "campaigns:list", make_campaigns, filter="?q=lamp"),
]
