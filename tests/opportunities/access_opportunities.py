"""The opportunities area's rows of the role matrix: list, panel, card, New, the creation paths, deletion."""

from salespeople.models import Salesperson
from tests.access import ADMIN, ALL_ROLES, MANAGER, MARKETER, Route, roles_
from tests.core.factories import marketing_setup_with_series
from tests.interactions.factories import InteractionLogEntryFactory
from tests.opportunities.factories import OpportunityFactory
from tests.segments.factories import SegmentLineFactory

DELETERS = roles_(ADMIN, MARKETER, MANAGER)  # the Salesperson role may not delete opportunities
SEES_SOURCES = roles_(ADMIN, MARKETER, MANAGER)  # who sees interactions and segments, the other creation paths


def own_opportunity(user) -> dict:
    """A Not Started opportunity of the user's own salesperson (created and linked on the fly)."""
    salesperson, _created = Salesperson.objects.get_or_create(
        user=user, defaults={"code": f"U{user.pk}", "name": user.get_username()}
    )
    return {"no": OpportunityFactory(salesperson=salesperson).no}


def interaction_entry(user) -> dict:
    marketing_setup_with_series()
    return {"entry_no": InteractionLogEntryFactory().pk}


def segment_line(user) -> dict:
    marketing_setup_with_series()
    line = SegmentLineFactory()
    return {"no": line.segment.no, "line_no": line.line_no}


def segment_with_line(user) -> dict:
    return {"no": SegmentLineFactory().segment.no}


ROUTES = [
    Route("opportunities:list", get=ALL_ROLES),
    Route("opportunities:panel", get=ALL_ROLES, query="?campaign=CP0001"),
    Route("opportunities:create", get=ALL_ROLES, post=ALL_ROLES),
    Route("opportunities:detail", get=ALL_ROLES, post=ALL_ROLES, kwargs=own_opportunity),
    Route("opportunities:delete", post=DELETERS, kwargs=own_opportunity),
    Route("opportunities:delete_closed", get=DELETERS, post=DELETERS),
    Route("opportunities:create_from_interaction", post=SEES_SOURCES, kwargs=interaction_entry),
    Route("opportunities:create_from_segment_line", post=SEES_SOURCES, kwargs=segment_line),
    Route("opportunities:segment_create_not_started", post=SEES_SOURCES, kwargs=segment_with_line),
]
