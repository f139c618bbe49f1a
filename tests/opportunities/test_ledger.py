"""The entry ledger: exactly one active entry per opportunity, held by the database itself."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from opportunities.models import Opportunity, OpportunityEntry
from opportunities.services import creation, wizards
from tests.contacts.factories import CompanyFactory
from tests.opportunities.factories import OpportunityEntryFactory, OpportunityFactory, new_sales_cycle
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db
WORKDATE = datetime.date(2024, 3, 4)


def test_the_database_refuses_a_second_active_entry():
    entry = OpportunityEntryFactory(active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityEntryFactory(opportunity=entry.opportunity, active=True)
    OpportunityEntryFactory(opportunity=entry.opportunity, active=False, days_open=3)
    assert entry.opportunity.entries.filter(active=True).count() == 1


def test_the_database_refuses_days_open_on_the_active_entry():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityEntryFactory(active=True, days_open=2)


def test_the_database_refuses_a_closed_status_without_closing():
    opportunity = OpportunityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.WON)


def test_every_move_leaves_exactly_the_newest_entry_active(series):
    cycle = new_sales_cycle()
    values = creation.OpportunityValues(
        description="Deal",
        creation_date=WORKDATE,
        contact=CompanyFactory(),
        salesperson=SalespersonFactory(),
        sales_cycle=cycle,
    )
    first = creation.FirstStage(Decimal(1000), Decimal(40), datetime.date(2024, 6, 28))
    opportunity = creation.create_opportunity(values=values, first=first, today=WORKDATE)
    for day, action, stage in [(10, "next", 2), (12, "skip", 4), (15, "jump", 1), (20, "update", 1), (21, "next", 2)]:
        date = WORKDATE + datetime.timedelta(days=day)
        defaults = wizards.update_defaults(
            opportunity, today=date, action_type=action, stage=stage, date_of_change=date
        )
        wizards.update_opportunity(
            opportunity=opportunity,
            action_type=action,
            stage=stage,
            date_of_change=date,
            estimated_value=Decimal(1000),
            chances_of_success_pct=defaults.chances_of_success_pct,
            estimated_close_date=datetime.date(2024, 6, 28),
            today=date,
        )
        entries = list(opportunity.entries.order_by("pk"))
        assert [entry.active for entry in entries] == [False] * (len(entries) - 1) + [True]
        assert entries[-1].sales_cycle_stage == stage
    days_open = list(OpportunityEntry.objects.filter(active=False).order_by("pk").values_list("days_open", flat=True))
    assert days_open == [10, 2, 3, 5, 1]
