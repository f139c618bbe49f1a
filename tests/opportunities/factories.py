import datetime
from decimal import Decimal

import factory

from opportunities.models import CloseOpportunityCode, Opportunity, OpportunityEntry, SalesCycle, SalesCycleStage
from tasks.models import TaskType
from tests.contacts.factories import CompanyFactory
from tests.salespeople.factories import SalespersonFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory


class SalesCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesCycle
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CYC{n}")
    description = factory.Faker("sentence", nb_words=2)


class SalesCycleStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesCycleStage

    sales_cycle = factory.SubFactory(SalesCycleFactory)
    stage = factory.Sequence(lambda n: n + 1)
    description = factory.Faker("word")
    completed_pct = Decimal(10)
    chances_of_success_pct = Decimal(50)


class CloseOpportunityCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CloseOpportunityCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CLOSE{n}")
    description = factory.Faker("sentence", nb_words=2)
    type = CloseOpportunityCode.Type.WON


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A Not Started opportunity (numbers OF0001…, outside the OPP series)."""

    class Meta:
        model = Opportunity

    no = factory.Sequence(lambda n: f"OF{n + 1:04d}")
    description = factory.Faker("sentence", nb_words=3)
    salesperson = factory.SubFactory(SalespersonFactory)
    contact = factory.SubFactory(CompanyFactory)
    contact_company = factory.LazyAttribute(lambda o: o.contact.company)
    creation_date = datetime.date(2024, 3, 4)
    sales_cycle = factory.SubFactory(SalesCycleFactory)


class OpportunityEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityEntry

    opportunity = factory.SubFactory(OpportunityFactory)
    sales_cycle = factory.LazyAttribute(lambda e: e.opportunity.sales_cycle)
    sales_cycle_stage = 1
    contact = factory.LazyAttribute(lambda e: e.opportunity.contact)
    contact_company = factory.LazyAttribute(lambda e: e.opportunity.contact_company)
    salesperson = factory.LazyAttribute(lambda e: e.opportunity.salesperson)
    campaign = factory.LazyAttribute(lambda e: e.opportunity.campaign)
    date_of_change = datetime.date(2024, 3, 4)


def new_sales_cycle(probability_calculation: str = SalesCycle.ProbabilityCalculation.MULTIPLY) -> SalesCycle:
    """OPPORTUNITIES.md §9's common setup: cycle NEW with five stages, INIT on stage 1 and PROP on stage 4."""
    cycle = SalesCycleFactory(code="NEW", description="New business", probability_calculation=probability_calculation)
    init = ActivityFactory(code="INIT", description="Initial contact")
    ActivityStepFactory(activity=init, step_no=10000, type=TaskType.PHONE_CALL, description="Call", date_formula="")
    ActivityStepFactory(
        activity=init, step_no=20000, type=TaskType.BLANK, description="Send brochure", date_formula="1W"
    )
    prop = ActivityFactory(code="PROP", description="Proposal")
    ActivityStepFactory(activity=prop, step_no=10000, type=TaskType.BLANK, description="Follow up", date_formula="5D")
    for stage, description, completed, chances, activity, allow_skip, formula in [
        (1, "Initial", 10, 50, init, False, "2W"),
        (2, "Analysis", 30, 60, None, True, "1M"),
        (3, "Presentation", 50, 70, None, True, "3W"),
        (4, "Proposal", 80, 80, prop, False, "2W"),
        (5, "Negotiation", 90, 90, None, False, "1W"),
    ]:
        SalesCycleStageFactory(
            sales_cycle=cycle,
            stage=stage,
            description=description,
            completed_pct=Decimal(completed),
            chances_of_success_pct=Decimal(chances),
            activity=activity,
            allow_skip=allow_skip,
            date_formula=formula,
        )
    return cycle
