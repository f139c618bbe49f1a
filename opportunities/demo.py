"""Demo sales cycles, close codes and about 60 opportunities on the demo campaigns, made through the services.

The opportunities are spread over the stages of both cycles, and some are won or lost, so that the pipeline,
the campaign statistics (won value and return) and the cycle statistics have something to show (idempotent).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.models import MarketingSetup
from opportunities.models import CloseOpportunityCode, Opportunity, SalesCycle, SalesCycleStage
from opportunities.services import creation, wizards
from salespeople.models import Salesperson
from segments.models import SegmentHeader
from tasks.models import Activity, ActivityStep, Priority, TaskType

ACTIVITIES = [
    (
        "OPP-QUAL",
        _("Qualify the opportunity"),
        [
            (10000, TaskType.PHONE_CALL, Priority.HIGH, _("Qualification call"), ""),
            (20000, TaskType.BLANK, Priority.NORMAL, _("Send company presentation"), "1W"),
        ],
    ),
    (
        "OPP-PROP",
        _("Follow up the proposal"),
        [(10000, TaskType.PHONE_CALL, Priority.NORMAL, _("Follow up proposal"), "5D")],
    ),
]
# code, description, probability calculation, [(stage, description, completed %, chances %, activity, skip, formula)]
CYCLES = [
    (
        "NEW",
        _("New business"),
        SalesCycle.ProbabilityCalculation.MULTIPLY,
        [
            (1, _("Initial"), 10, 50, "OPP-QUAL", False, "2W"),
            (2, _("Analysis"), 30, 60, None, True, "1M"),
            (3, _("Presentation"), 50, 70, None, True, "3W"),
            (4, _("Proposal"), 80, 80, "OPP-PROP", False, "2W"),
            (5, _("Negotiation"), 90, 90, None, False, "1W"),
        ],
    ),
    (
        "EXISTING",
        _("Existing customers"),
        SalesCycle.ProbabilityCalculation.ADD,
        [
            (1, _("Needs analysis"), 20, 60, None, False, "2W"),
            (2, _("Offer"), 60, 70, "OPP-PROP", True, "1M"),
            (3, _("Negotiation"), 90, 80, None, False, "1W"),
        ],
    ),
]
CLOSE_CODES = [
    ("PRICE", _("Best price"), CloseOpportunityCode.Type.WON),
    ("RELATION", _("Good relationship"), CloseOpportunityCode.Type.WON),
    ("COMPETITOR", _("Lost to a competitor"), CloseOpportunityCode.Type.LOST),
    ("NO-BUDGET", _("No budget"), CloseOpportunityCode.Type.LOST),
]
DEALS = [
    _("Office furniture"),
    _("Desk chairs"),
    _("Meeting room"),
    _("Lamps"),
    _("Canteen tables"),
    _("Home-office kits"),
]
OPPORTUNITIES = 60


def _setup() -> None:
    for code, description, steps in ACTIVITIES:
        activity, _new = Activity.objects.get_or_create(code=code, defaults={"description": str(description)})
        for step_no, type_, priority, step_description, formula in steps:
            ActivityStep.objects.get_or_create(
                activity=activity,
                step_no=step_no,
                defaults={
                    "type": type_,
                    "priority": priority,
                    "description": str(step_description),
                    "date_formula": formula,
                },
            )
    for code, description, calculation, stages in CYCLES:
        cycle, _new = SalesCycle.objects.get_or_create(
            code=code, defaults={"description": str(description), "probability_calculation": calculation}
        )
        for stage, stage_description, completed, chances, activity, allow_skip, formula in stages:
            SalesCycleStage.objects.get_or_create(
                sales_cycle=cycle,
                stage=stage,
                defaults={
                    "description": str(stage_description),
                    "completed_pct": Decimal(completed),
                    "chances_of_success_pct": Decimal(chances),
                    "activity": Activity.objects.filter(code=activity).first(),
                    "allow_skip": allow_skip,
                    "date_formula": formula,
                },
            )
    for code, description, type_ in CLOSE_CODES:
        CloseOpportunityCode.objects.get_or_create(code=code, defaults={"description": str(description), "type": type_})
    setup = MarketingSetup.get()
    if setup.default_sales_cycle_id is None:
        setup.default_sales_cycle = SalesCycle.objects.get(code="NEW")
        setup.save(update_fields=["default_sales_cycle"])


def _move(opportunity: Opportunity, target: int, start: datetime.date, rng: random.Random) -> datetime.date:
    """Next, stage by stage, a week or two apart; returns the last Date of Change."""
    day = start
    while True:
        defaults = wizards.update_defaults(opportunity, today=day, action_type="next")
        if defaults.action_type != "next" or defaults.stage > target:
            return day
        day = day + datetime.timedelta(days=rng.randint(5, 12))
        defaults = wizards.update_defaults(opportunity, today=day, action_type="next", date_of_change=day)
        wizards.update_opportunity(
            opportunity=opportunity,
            action_type="next",
            stage=defaults.stage,
            date_of_change=day,
            estimated_value=defaults.estimated_value,
            chances_of_success_pct=defaults.chances_of_success_pct,
            estimated_close_date=defaults.estimated_close_date,
            cancel_old_tasks=True,
            today=day,
        )


def _opportunities() -> int:
    if Opportunity.objects.exists():
        return 0
    rng = random.Random(9)
    today = timezone.localdate()
    campaigns = list(Campaign.objects.order_by("no"))
    contacts = list(Contact.objects.filter(privacy_blocked=False).order_by("no")[:200])
    salespeople = list(Salesperson.objects.filter(blocked=False, privacy_blocked=False).order_by("code"))
    cycles = {cycle.code: cycle for cycle in SalesCycle.objects.all()}
    codes = {code.code: code for code in CloseOpportunityCode.objects.all()}
    if not (contacts and salespeople):
        return 0
    created = 0
    for index in range(OPPORTUNITIES):
        campaign = campaigns[index % len(campaigns)] if campaigns and index % 5 else None
        cycle = cycles["NEW"] if index % 4 else cycles["EXISTING"]
        contact = contacts[(index * 7) % len(contacts)]
        salesperson = salespeople[index % len(salespeople)]
        start = today - datetime.timedelta(days=rng.randint(65, 120))
        segment = SegmentHeader.objects.filter(campaign=campaign).order_by("no").first() if campaign else None
        # Translators: an opportunity's description, such as "Desk chairs for Nordlys Elektro AS".
        deal = gettext("%(deal)s for %(contact)s") % {"deal": DEALS[index % len(DEALS)], "contact": contact.name}
        values = creation.OpportunityValues(
            description=deal[:100],
            creation_date=start,
            contact=contact,
            salesperson=salesperson,
            sales_cycle=cycle,
            campaign=campaign,
            segment=segment,
            priority=rng.choice(list(Opportunity.Priority.values)),
        )
        kind = index % 10  # 0: not started; 1-2: won; 3: lost; others: in progress
        first = None
        if kind:
            value = Decimal(rng.randrange(2_000, 60_000, 500))
            first = creation.FirstStage(value, Decimal(rng.choice([40, 50, 60])), start + datetime.timedelta(days=60))
        opportunity = creation.create_opportunity(values=values, first=first, today=start)
        created += 1
        if not kind:
            continue
        stages = cycle.stages.count()
        target = stages if kind in (1, 2, 3) else 1 + index % stages
        last = _move(opportunity, target, start, rng)
        if kind in (1, 2, 3):
            won = kind != 3
            closing = max(last, min(today, last + datetime.timedelta(days=rng.randint(3, 15))))
            active = opportunity.entries.get(active=True)
            code = (
                codes["PRICE" if index % 2 else "RELATION"] if won else codes[rng.choice(["COMPETITOR", "NO-BUDGET"])]
            )
            wizards.close_opportunity(
                opportunity=opportunity,
                action="won" if won else "lost",
                close_opportunity_code=code,
                closing_date=closing,
                sales=(active.estimated_value * Decimal("0.95")).quantize(Decimal("0.01")) if won else None,
                cancel_old_tasks=True,
                today=closing,
            )
    return created


def load() -> str:
    _setup()
    return f"{_opportunities()} opportunities created"
