"""Export contacts to CSV with the import's columns, so an export can be edited and imported elsewhere."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from contacts.models import Contact
from contacts.services.imports import COLUMNS, FORMULA_START

CHUNK_SIZE = 2000


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: str) -> str:
    return "'" + value if FORMULA_START.match(value) else value


def export_lines(contacts: QuerySet[Contact]) -> Iterator[str]:
    """The CSV lines (header first) of `contacts`, read in chunks: a fixed number of queries per chunk."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([caption for _name, caption, _aliases in COLUMNS])  # BOM: Excel reads UTF-8
    queryset = contacts.select_related("company", "salesperson").prefetch_related(
        *(
            Prefetch(kind, to_attr=f"export_{kind}")
            for kind in ("industry_groups", "business_relations", "mailing_groups", "job_responsibilities")
        )
    )
    for contact in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([safe_cell(value) for value in _values(contact)])


def _values(contact: Contact) -> list[str]:
    def codes(kind: str) -> str:
        return ", ".join(sorted(item.code for item in getattr(contact, f"export_{kind}")))

    def yes_no(flag: bool) -> str:
        return "Yes" if flag else "No"

    return [
        contact.no,
        contact.name,
        contact.get_type_display(),
        contact.company.no if contact.company_id else "",
        contact.company_name,
        contact.salesperson.code if contact.salesperson_id else "",
        contact.address,
        contact.post_code,
        contact.city,
        contact.country_region_code,
        contact.territory_code,
        contact.phone_no,
        contact.email,
        contact.get_correspondence_type_display().strip(),
        contact.language_code,
        yes_no(contact.exclude_from_segment),
        yes_no(contact.privacy_blocked),
        codes("industry_groups"),
        codes("business_relations"),
        codes("mailing_groups"),
        codes("job_responsibilities"),
    ]
