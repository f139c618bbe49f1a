"""The four roles as Django groups and the model permissions each one holds.

Patterns are `app_label.codename` with shell wildcards; `EXCEPT` removes permissions a pattern
would otherwise grant. Row-level rules (a salesperson sees only own tasks) live in the views' access helpers.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from django.utils.translation import gettext_noop

# The names of the roles' groups; gettext_noop collects them, templates translate the name they read.
ADMINISTRATOR = gettext_noop("Administrator")
MARKETER = gettext_noop("Marketer")
SALES_MANAGER = gettext_noop("Sales Manager")
SALESPERSON = gettext_noop("Salesperson")
ROLES = [ADMINISTRATOR, MARKETER, SALES_MANAGER, SALESPERSON]

# Setup tables that only an Administrator maintains (everyone with a role may read them).
SETUP_CHANGES = [
    "core.add_*",
    "core.change_*",
    "core.delete_*",
    "campaigns.add_campaignstatus",
    "campaigns.change_campaignstatus",
    "campaigns.delete_campaignstatus",
    "interactions.add_interactiongroup",
    "interactions.change_interactiongroup",
    "interactions.delete_interactiongroup",
    "interactions.add_interactiontemplate",
    "interactions.change_interactiontemplate",
    "interactions.delete_interactiontemplate",
    # contacts: the lookup tables segment criteria use
    "contacts.add_industrygroup",
    "contacts.change_industrygroup",
    "contacts.delete_industrygroup",
    "contacts.add_businessrelation",
    "contacts.change_businessrelation",
    "contacts.delete_businessrelation",
    "contacts.add_mailinggroup",
    "contacts.change_mailinggroup",
    "contacts.delete_mailinggroup",
    "contacts.add_jobresponsibility",
    "contacts.change_jobresponsibility",
    "contacts.delete_jobresponsibility",
    # Pricing master data (items, customers, groups, currencies): only the Administrator adds, changes or
    # deletes it ([acd]* = add/change/delete); Marketers maintain sales prices, line discounts and activation.
    "pricing.[acd]*_item",
    "pricing.[acd]*_itemunitofmeasure",
    "pricing.[acd]*_itemvariant",
    "pricing.[acd]*_itemdiscountgroup",
    "pricing.[acd]*_customer",
    "pricing.[acd]*_customerpricegroup",
    "pricing.[acd]*_customerdiscountgroup",
    "pricing.[acd]*_currency",
    "pricing.[acd]*_currencyexchangerate",
    # Target groups and activations change only through Activate/Deactivate (campaigns.activate_campaign).
    "pricing.[acd]*_campaigntargetgroup",
    "pricing.[acd]*_campaignactivation",
]

# Opportunity setup (sales cycles, stages, close codes) is maintained by Sales Managers and Administrators.
OPPORTUNITY_SETUP_CHANGES = [
    "opportunities.[acd]*_salescycle",
    "opportunities.[acd]*_salescyclestage",
    "opportunities.[acd]*_closeopportunitycode",
]

ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    ADMINISTRATOR: {"grant": ["*"], "except": []},
    MARKETER: {
        "grant": [
            "core.view_noseries",
            "campaigns.*",
            "contacts.*",
            "segments.*",
            "interactions.*",
            "pricing.*",
            "salespeople.view_*",
            "tasks.view_*",
            "opportunities.*",
        ],
        "except": [*SETUP_CHANGES, *OPPORTUNITY_SETUP_CHANGES],
    },
    SALES_MANAGER: {
        "grant": [
            "core.view_noseries",
            "salespeople.*",
            "tasks.*",
            "campaigns.view_*",
            "contacts.view_*",
            "segments.view_*",
            "interactions.view_*",
            "pricing.view_*",
            "opportunities.*",
        ],
        "except": SETUP_CHANGES,
    },
    SALESPERSON: {
        "grant": [
            "campaigns.view_campaign",
            "campaigns.view_campaignstatus",
            "campaigns.view_campaigncomment",
            "campaigns.view_campaignentry",
            "contacts.view_contact",
            "salespeople.view_salesperson",
            "salespeople.view_team",
            "tasks.view_task",
            "tasks.change_task",
            # Own opportunities only (Opportunity.objects.visible_to): create, move through the cycle, close.
            "opportunities.view_opportunity",
            "opportunities.add_opportunity",
            "opportunities.change_opportunity",
            "opportunities.view_opportunityentry",
            "opportunities.view_salescycle",
            "opportunities.view_salescyclestage",
            "opportunities.view_closeopportunitycode",
        ],
        "except": [],
    },
}


def permission_names_for(role: str, all_names: list[str]) -> list[str]:
    """Return the `app_label.codename` permissions the role holds, out of all that exist."""
    rules = ROLE_PERMISSIONS[role]
    return [
        name
        for name in all_names
        if any(fnmatch(name, pattern) for pattern in rules["grant"])
        and not any(fnmatch(name, pattern) for pattern in rules["except"])
    ]


def grant_role_permissions(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Create the role groups and set exactly the permissions the table above gives them (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.using(using).select_related("content_type"))
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_name[name] for name in permission_names_for(role, sorted(by_name))])
