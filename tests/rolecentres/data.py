"""Hand-counted records for the role centres' cues, dated around today (the cues and the lists both read today)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign
from contacts.models import ContactImport
from core.models import Job, NoSeries
from opportunities.models import Opportunity
from pricing.models import CampaignActivation
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory, CampaignStatusFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory
from tests.opportunities.factories import OpportunityEntryFactory, OpportunityFactory, SalesCycleFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentFactory
from tests.tasks.factories import TaskFactory

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def marketing() -> dict[str, Campaign]:
    """Active 3 (A, B and the undated E), starting or ending within 14 days 2 (B, C), activated 2 (A, D),
    segments 2, responses to a campaign this week 2, imports waiting 1. Response rates: A 50 %, B 0 %, D 100 %."""
    now = today()
    campaigns = {
        "A": CampaignFactory(no="CPA", starting_date=now - 10 * DAY, ending_date=now + 30 * DAY),
        "B": CampaignFactory(no="CPB", starting_date=now - 40 * DAY, ending_date=now + 5 * DAY),
        "C": CampaignFactory(no="CPC", starting_date=now + 7 * DAY, ending_date=now + 60 * DAY),
        "D": CampaignFactory(no="CPD", starting_date=now - 100 * DAY, ending_date=now - 50 * DAY),
        "E": CampaignFactory(no="CPE", starting_date=None, ending_date=None),
    }
    CampaignActivation.objects.create(campaign=campaigns["A"])
    CampaignActivation.objects.create(campaign=campaigns["D"])
    SegmentFactory(no="SMA")
    SegmentFactory(no="SMB")
    template = InteractionTemplateFactory(code="RC-TPL")
    contact = PersonFactory()

    def entry(campaign: str, *, target: bool = True, response: bool = False, date=now, **extra):
        return InteractionLogEntryFactory(
            campaign=campaigns[campaign],
            contact=contact,
            interaction_template=template,
            campaign_target=target,
            campaign_response=response,
            date=date,
            **extra,
        )

    entry("A", response=True)  # a response this week
    entry("A", response=True)  # a response this week
    entry("A")
    entry("A")
    entry("A", response=True, canceled=True)  # canceled: counts nowhere
    entry("A", response=True, postponed=True)  # postponed: counts nowhere
    entry("B", date=now - 8 * DAY)
    entry("B", date=now - 8 * DAY)
    entry("D", response=True, date=now - 60 * DAY)
    InteractionLogEntryFactory(contact=contact, interaction_template=template, campaign_response=True, date=now)
    ContactImport.objects.create(file_name="waiting.csv", status=ContactImport.Status.PREVIEW)
    ContactImport.objects.create(file_name="done.csv", status=ContactImport.Status.IMPORTED)
    return campaigns


def sales_team() -> dict:
    """S1: overdue 3 (one a team member's task), due this week 1; S2: due this week 1 (its overdue task is closed).
    Team T: overdue 1 (the member task; the team task above it is not counted). Open opportunities: stage 1 ×2
    (Estimated Value 100 + 50), Not Started ×1; a won one counts nowhere."""
    now = today()
    # Overdue tasks are dated before this week's Monday: the workload shows them as overdue on any weekday.
    before_monday = now - datetime.timedelta(days=now.weekday() + 1)
    s1 = SalespersonFactory(code="S1", name="Sally One", task_capacity_per_week=2)
    s2 = SalespersonFactory(code="S2", name="Sid Two")
    team = TeamFactory(code="T", name="Team T", members=[s1, s2])
    TaskFactory(salesperson=s1, date=before_monday - 2 * DAY)
    TaskFactory(salesperson=s1, date=before_monday - DAY)
    TaskFactory(salesperson=s1, date=now)
    head = TaskFactory(salesperson=None, team=team, system_task_type=Task.SystemTaskType.TEAM, date=before_monday)
    TaskFactory(salesperson=s1, team=team, organizer_task=head, date=before_monday)
    TaskFactory(
        salesperson=s2, date=before_monday - 4 * DAY, status=Task.Status.COMPLETED, closed=True, date_closed=now
    )
    TaskFactory(salesperson=s2, date=now)
    cycle = SalesCycleFactory(code="RC")
    for estimated in (Decimal(100), Decimal(50)):
        opportunity = OpportunityFactory(salesperson=s1, sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
        OpportunityEntryFactory(opportunity=opportunity, active=True, sales_cycle_stage=1, estimated_value=estimated)
    OpportunityFactory(salesperson=s2, sales_cycle=cycle)
    won = OpportunityFactory(
        salesperson=s2, sales_cycle=cycle, status=Opportunity.Status.WON, closed=True, date_closed=now
    )
    OpportunityEntryFactory(opportunity=won, active=True, sales_cycle_stage=1, estimated_value=Decimal(999))
    return {"s1": s1, "s2": s2, "team": team, "cycle": cycle}


def my_day(user) -> dict:
    """The user's salesperson LS: overdue 1, today 2, this week 2 (today's), open opportunities 1, interactions 1."""
    now = today()
    own = SalespersonFactory(code="LS", name="Lena Seller", user=user)
    other = SalespersonFactory(code="XX", name="Somebody Else")
    TaskFactory(salesperson=own, date=now - 4 * DAY, description="Call back about the quote")
    TaskFactory(salesperson=own, date=now, description="Visit the fair stand")
    TaskFactory(salesperson=own, date=now, description="Send the price list")
    TaskFactory(salesperson=own, date=now, status=Task.Status.COMPLETED, closed=True, date_closed=now)
    TaskFactory(salesperson=other, date=now)
    OpportunityFactory(salesperson=own, description="Chairs for the new office")
    OpportunityFactory(salesperson=other)
    InteractionLogEntryFactory(salesperson=own, description="Phoned about chairs")
    InteractionLogEntryFactory(salesperson=other, description="Not mine")
    return {"salesperson": own}


def setup_problems(setup) -> None:
    """Customer Nos. missing, CAMP near its end (CP9950 of CP9999), a status without Sort Order,
    one failed and one stale job."""
    setup.customer_nos = None
    setup.save()
    NoSeries.objects.filter(code="CAMP").update(last_no_used="CP9950")
    CampaignStatusFactory(code="1-PLAN", sort_order=10)
    CampaignStatusFactory(code="NEW", sort_order=0)
    Job.objects.create(operation="x", description="Failed job", target_type="x", target_key="1", status="failed")
    stale = Job.objects.create(
        operation="x", description="Stale job", target_type="x", target_key="2", status="running"
    )
    Job.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2),
        started_at=timezone.now() - datetime.timedelta(hours=2),
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
