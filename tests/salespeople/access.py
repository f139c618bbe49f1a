from tests.access import ADMIN, ALL_ROLES, MANAGER, Route, roles_


def salesperson(user):
    from tests.salespeople.factories import SalespersonFactory

    return {"code": SalespersonFactory(code="MATRIX").code}


def team(user):
    from tests.salespeople.factories import TeamFactory

    return {"code": TeamFactory(code="MATRIX").code}


def account(user):
    from tests.core.factories import UserFactory

    return {"username": UserFactory(username="matrix-user").username}


ROUTES = [
    Route("salespeople:list", get=ALL_ROLES),
    Route("salespeople:create", get=roles_(ADMIN, MANAGER), post=roles_(ADMIN, MANAGER)),
    Route("salespeople:detail", get=ALL_ROLES, post=roles_(ADMIN, MANAGER), kwargs=salesperson),
    Route("salespeople:delete", post=roles_(ADMIN, MANAGER), kwargs=salesperson),
    Route("salespeople:team_list", get=ALL_ROLES),
    Route("salespeople:team_create", get=roles_(ADMIN, MANAGER), post=roles_(ADMIN, MANAGER)),
    Route("salespeople:team_detail", get=ALL_ROLES, post=roles_(ADMIN, MANAGER), kwargs=team),
    Route("salespeople:team_member_add", post=roles_(ADMIN, MANAGER), kwargs=team),
    Route("salespeople:team_member_remove", post=roles_(ADMIN, MANAGER), kwargs=team),
    Route("salespeople:team_delete", post=roles_(ADMIN, MANAGER), kwargs=team),
    Route("salespeople:user_list", get=roles_(ADMIN)),
    Route("salespeople:user_create", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("salespeople:user_update", get=roles_(ADMIN), post=roles_(ADMIN), kwargs=account),
]
