"""The opportunity wizards' rows of the role matrix. Builders create an opportunity owned by the requesting
user's salesperson, so the Salesperson role (own opportunities only) gets in."""

from decimal import Decimal

from salespeople.models import Salesperson
from tests.access import ADMIN, ALL_ROLES, MANAGER, MARKETER, Route, roles_
from tests.contacts.factories import CompanyFactory
from tests.opportunities.factories import OpportunityFactory, SalesCycleFactory, SalesCycleStageFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

SEGMENT_CREATORS = roles_(ADMIN, MARKETER, MANAGER)


def own_opportunity(user) -> dict:
    """A Not Started opportunity of the user's own salesperson, in a cycle with one stage."""
    salesperson, _created = Salesperson.objects.get_or_create(
        user=user, defaults={"code": f"U{user.pk}", "name": user.get_username()}
    )
    cycle = SalesCycleFactory(code="MXWIZ")
    if not cycle.stages.exists():
        SalesCycleStageFactory(sales_cycle=cycle, stage=1, chances_of_success_pct=Decimal(50), date_formula="1W")
    opportunity = OpportunityFactory(salesperson=salesperson, sales_cycle=cycle)
    return {"no": opportunity.no}


def segment_with_line(user) -> dict:
    segment = SegmentFactory(no="SMWIZ")
    if not segment.lines.exists():
        SegmentLineFactory(segment=segment, contact=CompanyFactory())
    return {"no": segment.no}


ROUTES = [
    Route("opportunities:update", get=ALL_ROLES, post=ALL_ROLES, kwargs=own_opportunity),
    Route("opportunities:update_defaults", get=ALL_ROLES, kwargs=own_opportunity, query="?action_type=first"),
    Route("opportunities:close", get=ALL_ROLES, post=ALL_ROLES, kwargs=own_opportunity, query="?action=lost"),
    Route("opportunities:activate_first_stage", post=ALL_ROLES, kwargs=own_opportunity),
    Route("opportunities:create_wizard", get=ALL_ROLES, post=ALL_ROLES),
    Route("opportunities:segment_wizard", get=SEGMENT_CREATORS, post=SEGMENT_CREATORS, kwargs=segment_with_line),
]
