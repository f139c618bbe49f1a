"""The opportunity setup's rows of the role matrix: every role reads it, Sales Managers and Administrators change it."""

from tests.access import ADMIN, ALL_ROLES, MANAGER, Route, roles_
from tests.opportunities.factories import CloseOpportunityCodeFactory, SalesCycleFactory, SalesCycleStageFactory

SETUP_CHANGERS = roles_(ADMIN, MANAGER)


def cycle(user) -> dict:
    return {"code": SalesCycleFactory(code="MATRIX").code}


def stage(user) -> dict:
    matrix = SalesCycleFactory(code="MATRIX")
    if not matrix.stages.filter(stage=1).exists():
        SalesCycleStageFactory(sales_cycle=matrix, stage=1, date_formula="1W")
    return {"code": matrix.code, "stage": 1}


def close_code(user) -> dict:
    return {"code": CloseOpportunityCodeFactory(code="MATRIX").code}


ROUTES = [
    Route("opportunities:cycle_list", get=ALL_ROLES),
    Route("opportunities:cycle_create", get=SETUP_CHANGERS, post=SETUP_CHANGERS),
    Route("opportunities:cycle_detail", get=ALL_ROLES, post=SETUP_CHANGERS, kwargs=cycle),
    Route("opportunities:cycle_delete", post=SETUP_CHANGERS, kwargs=cycle),
    Route("opportunities:cycle_statistics", get=ALL_ROLES, kwargs=cycle, query="?date_from=2024-01-01"),
    Route("opportunities:stage_create", get=SETUP_CHANGERS, post=SETUP_CHANGERS, kwargs=cycle),
    Route("opportunities:stage_update", get=ALL_ROLES, post=SETUP_CHANGERS, kwargs=stage),
    Route("opportunities:stage_delete", post=SETUP_CHANGERS, kwargs=stage),
    Route("opportunities:close_code_list", get=ALL_ROLES),
    Route("opportunities:close_code_create", get=SETUP_CHANGERS, post=SETUP_CHANGERS),
    Route("opportunities:close_code_detail", get=ALL_ROLES, post=SETUP_CHANGERS, kwargs=close_code),
    Route("opportunities:close_code_update", get=ALL_ROLES, post=SETUP_CHANGERS, kwargs=close_code),
    Route("opportunities:close_code_delete", post=SETUP_CHANGERS, kwargs=close_code),
]
