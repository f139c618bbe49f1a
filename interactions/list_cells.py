"""Interaction list cells written in Python (core.lists: Column.render, PageCells), not a template per row."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.lists import PageCells
from core.markup import markup


def canceled_badge(record, _value) -> str:
    """A Canceled badge on a canceled entry or logged segment; nothing otherwise."""
    return markup('<span class="badge text-bg-secondary">{}</span>', _("Canceled")) if record.canceled else ""


def entry_selection(request: HttpRequest) -> PageCells:
    """Interaction Log Entries: each entry's checkbox for Cancel/Delete selected, for a user who may change them."""
    if not request.user.has_perm("interactions.change_interactionlogentry"):
        return {"select": lambda entry, _value: ""}

    def select(entry, _value) -> str:
        return markup(
            '<input class="form-check-input" type="checkbox" name="selected" value="{}" form="cancel-selected" '
            'aria-label="{}">',
            entry.pk,
            _("Select entry %(no)s") % {"no": entry.pk},
        )

    return {"select": select}
