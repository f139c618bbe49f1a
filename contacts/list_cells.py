"""The contact list's cells that show more than their value, written in Python (core.lists: Column.render)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from contacts.models import Contact


def contact_name(contact: Contact, value) -> str:
    """The name, with badges when the contact is excluded from segments or privacy blocked."""
    html = conditional_escape(value)
    if contact.exclude_from_segment:
        html += format_html(
            ' <span class="badge text-bg-warning ms-1" title="{}">{}</span>', _("Exclude from Segment"), _("Excluded")
        )
    if contact.privacy_blocked:
        html += format_html(' <span class="badge text-bg-danger ms-1">{}</span>', _("Privacy Blocked"))
    return mark_safe(html)  # noqa: S308 - every part is escaped above


def company_name(contact: Contact, value) -> str:
    """A person's company name links to the company's card."""
    if contact.company_id and contact.company_id != contact.pk:
        return format_html('<a href="{}">{}</a>', reverse("contacts:detail", args=[contact.company.no]), value)
    return conditional_escape(value)
