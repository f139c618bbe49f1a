"""Template context shared by every page."""

from types import MappingProxyType

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, URL name, permission that opens the section); a section shows when its page exists and is allowed.
SECTIONS = [
    (_("Campaigns"), "campaigns:list", "campaigns.view_campaign"),
    (_("Segments"), "segments:list", "segments.view_segmentheader"),
    (_("Contacts"), "contacts:list", "contacts.view_contact"),
    (_("Interactions"), "interactions:entry_list", "interactions.view_interactionlogentry"),
    (_("Tasks"), "tasks:list", "tasks.view_task"),
    (_("Opportunities"), "opportunities:list", "opportunities.view_opportunity"),
    (_("Pricing"), "pricing:home", "pricing.view_salesprice"),
    (_("Salespeople"), "salespeople:list", "salespeople.view_salesperson"),
    (_("Setup"), "core:setup", "core.view_noseries"),
]


# Setup tables live in their own apps' URL namespaces; their pages belong to the Setup section, as on the Setup page.
SETUP_PAGES = (
    "core:setup",
    "core:noseries_",
    "core:marketing_setup",
    "campaigns:status_",
    "contacts:industrygroup_",
    "contacts:businessrelation_",
    "contacts:mailinggroup_",
    "contacts:jobresponsibility_",
    "interactions:group_",
    "interactions:template_",
    "segments:saved_criteria_",
    "tasks:activity_",
    "opportunities:cycle_",
    "opportunities:stage_",
    "opportunities:close_code_",
    "pricing:item",  # items, their units and variants, item discount groups
    "pricing:customer",  # customers, customer price and discount groups
    "pricing:currency_",
    "pricing:exchange_rate_",
    "salespeople:user_",
)
SETUP_NAMESPACE = "core"


# `{% querystring no_filters key=value %}` builds a link to another page from nothing but its own parameters
# (escaped: codes may hold & + # or spaces), where a bare {% querystring %} would carry this page's filters along.
NO_FILTERS = MappingProxyType({})


def links(request: HttpRequest) -> dict:
    return {"no_filters": NO_FILTERS}


def current_section(request: HttpRequest) -> str | None:
    """Return the URL namespace of the navigation section the page belongs to (none on the home page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name == "core:home":
        return None
    if match.view_name.startswith(SETUP_PAGES):
        return SETUP_NAMESPACE
    return None if match.namespace == SETUP_NAMESPACE else match.namespace


def navigation(request: HttpRequest) -> dict:
    """Return the navigation sections the user may open, the one the page belongs to marked active."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    current = current_section(request)
    sections = []
    for label, url_name, permission in SECTIONS:
        if not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        namespace = url_name.split(":")[0]
        sections.append({"label": label, "url": url, "namespace": namespace, "active": namespace == current})
    return {"nav_sections": sections}
