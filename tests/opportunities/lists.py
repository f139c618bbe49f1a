"""The opportunity lists for the shared list tests (tests/test_lists.py)."""

import datetime

from opportunities.models import CloseOpportunityCode, Opportunity, SalesCycle
from tests.contacts.factories import CompanyFactory
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def lamp_or_chair(n: int) -> str:
    return f"{'Lamp' if n % 2 else 'Chair'} {n}"


def make_opportunities(count: int) -> None:
    salesperson, contact = SalespersonFactory(), CompanyFactory()
    start = Opportunity.objects.count()
    Opportunity.objects.bulk_create(
        Opportunity(
            no=f"LO{start + n:05d}",
            description=lamp_or_chair(n),
            salesperson=salesperson,
            contact=contact,
            creation_date=datetime.date(2026, 11, 1) + datetime.timedelta(days=n % 7),
        )
        for n in range(count)
    )


def make_sales_cycles(count: int) -> None:
    start = SalesCycle.objects.count()
    SalesCycle.objects.bulk_create(
        SalesCycle(code=f"LS{start + n:05d}", description=lamp_or_chair(n), blocked=n % 3 == 0) for n in range(count)
    )


def make_close_codes(count: int) -> None:
    start = CloseOpportunityCode.objects.count()
    CloseOpportunityCode.objects.bulk_create(
        CloseOpportunityCode(
            code=f"LC{start + n:05d}",
            description=lamp_or_chair(n),
            type=CloseOpportunityCode.Type.LOST if n % 2 else CloseOpportunityCode.Type.WON,
        )
        for n in range(count)
    )


LIST_CASES = [
    ListCase("opportunities.opportunities", "opportunities:list", make_opportunities, filter="?q=lamp"),
    ListCase("opportunities.sales_cycles", "opportunities:cycle_list", make_sales_cycles, filter="?q=lamp"),
    ListCase("opportunities.close_code", "opportunities:close_code_list", make_close_codes, filter="?type=lost"),
]
