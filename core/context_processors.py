"""Template context shared by every page."""

from types import MappingProxyType

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, URL name, permission that opens the section); a section shows when its page exists and is allowed.
SECTIONS = [
    ("Campaigns", "campaigns:list", "campaigns.view_campaign"),
    ("Segments", "segments:list", "segments.view_segmentheader"),
    ("Contacts", "contacts:list", "contacts.view_contact"),
    ("Interactions", "interactions:entry_list", "interactions.view_interactionlogentry"),
    ("Tasks", "tasks:list", "tasks.view_task"),
    ("Opportunities", "opportunities:list", "opportunities.view_opportunity"),
    ("Pricing", "pricing:home", "pricing.view_salesprice"),
    ("Salespeople", "salespeople:list", "salespeople.view_salesperson"),
    ("Setup", "core:setup", "core.view_noseries"),
]


# `{% querystring no_filters key=value %}` builds a link to another page from nothing but its own parameters
# (escaped: codes may hold & + # or spaces), where a bare {% querystring %} would carry this page's filters along.
NO_FILTERS = MappingProxyType({})


def links(request: HttpRequest) -> dict:
    return {"no_filters": NO_FILTERS}


def navigation(request: HttpRequest) -> dict:
    """Return the navigation sections the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections = []
    for label, url_name, permission in SECTIONS:
        if not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        sections.append({"label": label, "url": url, "namespace": url_name.split(":")[0]})
    return {"nav_sections": sections}
