"""Each role centre reads a fixed number of queries: as many with 1,000 rows of everything as with 10."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from contacts.models import ContactImport
from core.models import Job, User
from interactions.models import InteractionLogEntry
from opportunities.models import Opportunity, OpportunityEntry
from pricing.models import CampaignActivation
from salespeople.models import Salesperson, TeamSalesperson
from segments.models import SegmentHeader
from tasks.models import Task
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.opportunities.factories import SalesCycleFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def populate(n: int, prefix: str, seller: User) -> None:
    """`n` rows of everything the role centres count, spread over dates around today, salespeople and teams."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    own = Salesperson.objects.filter(user=seller).first() or SalespersonFactory(code="OWN", user=seller)
    people = [own] + [SalespersonFactory(code=f"{prefix}{i}") for i in range(max(2, n // 100))]
    team = TeamFactory(code=f"{prefix}T")
    TeamSalesperson.objects.bulk_create([TeamSalesperson(team=team, salesperson=person) for person in people])
    contact = PersonFactory()
    template = InteractionTemplateFactory()
    cycle = SalesCycleFactory(code=f"{prefix}C")
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            no=f"{prefix}CP{i}",
            starting_date=today - (i % 30) * day,
            ending_date=today + (i % 20) * day,
        )
        for i in range(n)
    )
    CampaignActivation.objects.bulk_create(CampaignActivation(campaign=c) for c in campaigns[::2])
    SegmentHeader.objects.bulk_create(SegmentHeader(no=f"{prefix}SM{i}") for i in range(n))
    InteractionLogEntry.objects.bulk_create(
        InteractionLogEntry(
            contact=contact,
            interaction_template=template,
            campaign=campaigns[i % len(campaigns)],
            campaign_target=True,
            campaign_response=i % 3 == 0,
            date=today - (i % 80) * day,
            salesperson=people[i % len(people)],
        )
        for i in range(n)
    )
    Task.objects.bulk_create(
        Task(
            no=f"{prefix}TD{i}",
            description="Task",
            date=today + ((i % 60) - 20) * day,
            salesperson=people[i % len(people)],
            team=team if i % 5 == 0 else None,
            contact=contact,
        )
        for i in range(n)
    )
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(
            no=f"{prefix}OP{i}",
            description="Opportunity",
            salesperson=people[i % len(people)],
            contact=contact,
            sales_cycle=cycle,
            creation_date=today,
            campaign=campaigns[i % len(campaigns)],
            status=Opportunity.Status.IN_PROGRESS if i % 2 else Opportunity.Status.NOT_STARTED,
        )
        for i in range(n)
    )
    OpportunityEntry.objects.bulk_create(
        OpportunityEntry(
            opportunity=opportunity,
            sales_cycle=cycle,
            sales_cycle_stage=1 + i % 3,
            contact=contact,
            salesperson=opportunity.salesperson,
            campaign=opportunity.campaign,
            date_of_change=today,
            active=True,
            estimated_value=Decimal(100),
        )
        for i, opportunity in enumerate(opportunities)
        if i % 2
    )
    User.objects.bulk_create(User(username=f"{prefix}user{i}") for i in range(max(1, n // 10)))
    Job.objects.bulk_create(
        Job(operation="x", description="Job", target_type="x", target_key=f"{prefix}{i}", status="failed")
        for i in range(n)
    )
    ContactImport.objects.bulk_create(ContactImport(file_name=f"{prefix}{i}.csv") for i in range(n))


# Per page: session, user, roles, the two permission reads, the user's recent jobs, the groups in the navigation bar,
# and each centre's own reads (salesperson 6, administrator 5, marketer 8, sales manager 7).
EXPECTED = {"admin": 27, "marketer": 15, "sales_manager": 14, "salesperson_user": 13}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_centre_reads_as_many_queries_with_1000_rows_as_with_10(
    role, request, client_as, personas, series, django_assert_num_queries
):
    user = request.getfixturevalue(role)
    seller = request.getfixturevalue("salesperson_user")
    client = client_as(user)
    populate(10, "A", seller)
    client.get(reverse("core:home"))  # the first look fills the per-process caches (content types)
    with django_assert_num_queries(EXPECTED[role]):
        assert client.get(reverse("core:home")).status_code == 200
    populate(990, "B", seller)
    with django_assert_num_queries(EXPECTED[role]):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
