"""Export contacts to CSV with the import's columns, so an export can be edited and imported elsewhere."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db import connection
from django.db.models import OuterRef, QuerySet, StringAgg, Subquery, TextField, Value

from contacts.models import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CorrespondenceType,
)
from contacts.services.imports import COLUMNS
from core.lists import spreadsheet_safe

CHUNK_SIZE = 2000
# Link table and the code it carries, for the four code columns (in COLUMNS order).
LINKS = [
    (ContactIndustryGroup, "industry_group__code"),
    (ContactBusinessRelation, "business_relation__code"),
    (ContactMailingGroup, "mailing_group__code"),
    (ContactJobResponsibility, "job_responsibility__code"),
]
FIELDS = [
    "no",
    "name",
    "type",
    "company__no",
    "company_name",
    "salesperson__code",
    "address",
    "post_code",
    "city",
    "country_region_code",
    "territory_code",
    "phone_no",
    "email",
    "correspondence_type",
    "language_code",
    "exclude_from_segment",
    "privacy_blocked",
]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _codes(link_model, code_field: str) -> Subquery:
    """The contact's codes in one cell ("IT, RETAIL"), computed by the database."""
    # Sorted where the database can sort inside an aggregate (PostgreSQL); SQLite keeps link order.
    ordering = {"order_by": code_field} if connection.features.supports_aggregate_order_by_clause else {}
    codes = (
        link_model.objects.filter(contact_id=OuterRef("pk"))
        .order_by()
        .values("contact_id")
        .annotate(codes=StringAgg(code_field, delimiter=Value(", "), **ordering))
        .values("codes")
    )
    return Subquery(codes, output_field=TextField())


def export_lines(contacts: QuerySet[Contact]) -> Iterator[str]:
    """The CSV lines (header first) of `contacts`: one query, read in chunks; plain tuples, no model objects."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([caption for _name, caption, _aliases in COLUMNS])  # BOM: Excel reads UTF-8
    types = {value: str(label) for value, label in Contact.Type.choices}
    correspondence = {value: str(label).strip() for value, label in CorrespondenceType.choices}
    annotations = {f"export_codes_{index}": _codes(model, field) for index, (model, field) in enumerate(LINKS)}
    rows = contacts.annotate(**annotations).values_list(*FIELDS, *annotations)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        values = list(row)
        values[2] = types.get(values[2], values[2])
        values[13] = correspondence.get(values[13], values[13])
        values[15] = "Yes" if values[15] else "No"
        values[16] = "Yes" if values[16] else "No"
        yield writer.writerow([spreadsheet_safe(str(value)) if value else "" for value in values])
