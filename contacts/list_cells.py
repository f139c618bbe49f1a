"""The contact list's cells that show more than their value, written in Python (core.lists: Column.render)."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from contacts.models import Contact
from core.markup import escaped, markup
from core.record_urls import record_url


def contact_name(contact: Contact, value) -> str:
    """The name, with badges when the contact is excluded from segments or privacy blocked."""
    html = escaped(value)
    if contact.exclude_from_segment:
        html += markup(
            ' <span class="badge text-bg-warning ms-1" title="{}">{}</span>', _("Exclude from Segment"), _("Excluded")
        )
    if contact.privacy_blocked:
        html += markup(' <span class="badge text-bg-danger ms-1">{}</span>', _("Privacy Blocked"))
    return mark_safe(html)  # noqa: S308 - every part is escaped above


def company_name(contact: Contact, value) -> str:
    """A person's company name links to the company's card."""
    if contact.company_id and contact.company_id != contact.pk:
        return markup('<a href="{}">{}</a>', record_url("contacts:detail", "no", contact.company.no), value)
    return escaped(value)
