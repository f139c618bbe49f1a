"""Contact services: the card's rules (contacts.py) and the file import (imports.py)."""

from contacts.services.contacts import (
    ContactGroups,
    check_not_privacy_blocked,
    create_contact,
    delete_contact,
    delete_errors,
    draw_contact_nos,
    update_contact,
)

__all__ = [
    "ContactGroups",
    "check_not_privacy_blocked",
    "create_contact",
    "delete_contact",
    "delete_errors",
    "draw_contact_nos",
    "update_contact",
]
