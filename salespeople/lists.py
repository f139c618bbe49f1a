"""The lists of salespeople, teams and users (core.lists): columns, filters and default order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec
from salespeople.filters import SalespersonFilter, TeamFilter, UserFilter

SALESPEOPLE = ListSpec(
    key="salespeople.salespeople",
    permission="salespeople.view_salesperson",
    title=_("Salespeople/Purchasers"),
    filterset=SalespersonFilter,
    columns=(
        Column("code", _("Code"), link=True),
        Column("name", _("Name")),
        Column("job_title", _("Job Title")),
        Column("email", _("E-Mail")),
        Column("phone_no", _("Phone No.")),
        Column("commission_pct", _("Commission %"), css="num"),
        Column("blocked", _("Blocked")),
        Column("privacy_blocked", _("Privacy Blocked"), visible=False),
        Column("user", _("User"), field="user__username"),
    ),
    default_order=("code",),
    empty=_("No salespeople match the filters."),
)

TEAMS = ListSpec(
    key="salespeople.teams",
    permission="salespeople.view_team",
    title=_("Teams"),
    filterset=TeamFilter,
    columns=(
        Column("code", _("Code"), link=True),
        Column("name", _("Name")),
        Column("members", _("Salespeople"), field="member_count", css="num"),
    ),
    default_order=("code",),
    empty=_("No teams match the filters."),
)

USERS = ListSpec(
    key="salespeople.users",
    permission="core.view_user",
    title=_("Users and Roles"),
    filterset=UserFilter,
    columns=(
        Column("username", _("User Name"), template="salespeople/cells/username.html"),
        Column("full_name", _("Full Name")),
        Column("email", _("E-Mail")),
        Column("roles", _("Roles"), field="groups", sort=None, export=False, template="salespeople/cells/roles.html"),
        Column(
            "salesperson",
            _("Salesperson Code"),
            field="salesperson_code",
            template="salespeople/cells/salesperson.html",
        ),
        Column("is_active", _("Active")),
    ),
    default_order=("username",),
    empty=_("No users match the search."),
)
