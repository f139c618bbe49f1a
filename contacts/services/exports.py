"""Export contacts to CSV with the import's columns, so an export can be edited and imported elsewhere.

Up to settings.EXPORT_JOB_THRESHOLD contacts the CSV is streamed in the request; more are written to a file
under settings.EXPORT_ROOT by a background job (contacts.jobs), which its creator downloads from the job's card
(contacts:export_download). Such a file is removed a day after its job finished (settings.EXPORT_FILE_MAX_AGE)
or once its job row is deleted: each new export job and each download sweeps them (remove_expired_files).
"""

from __future__ import annotations

import csv
import datetime
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, QuerySet, StringAgg, Subquery, TextField, Value
from django.http import HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext

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
from core.models import Job

CHUNK_SIZE = 2000
# A background export reports its progress once per this many rows written (a COUNT first gives the total).
PROGRESS_EVERY = 20 * CHUNK_SIZE
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
    # In the reader's language; the import reads the captions and words of every language. BOM: Excel reads UTF-8.
    yield "\ufeff" + writer.writerow([gettext(caption) for _name, caption, _aliases in COLUMNS])
    types = {value: str(label) for value, label in Contact.Type.choices}
    correspondence = {value: str(label).strip() for value, label in CorrespondenceType.choices}
    yes, no = gettext("Yes"), gettext("No")
    annotations = {f"export_codes_{index}": _codes(model, field) for index, (model, field) in enumerate(LINKS)}
    rows = contacts.annotate(**annotations).values_list(*FIELDS, *annotations)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        values = list(row)
        values[2] = types.get(values[2], values[2])
        values[13] = correspondence.get(values[13], values[13])
        values[15] = yes if values[15] else no
        values[16] = yes if values[16] else no
        yield writer.writerow([spreadsheet_safe(str(value)) if value else "" for value in values])


# --- large exports: a file written by a background job ------------------------------------------------------------


def filtered_contacts(query: str) -> QuerySet[Contact]:
    """The contacts the list shows for its query string (filters and sort), as the export reads them."""
    from contacts.lists import CONTACTS  # the list's filters and sorts, defined once

    request = HttpRequest()
    request.GET = QueryDict(query)
    _filter, contacts, _order = CONTACTS.filtered(request, Contact.objects.select_related("salesperson", "company"))
    return contacts


def exceeds(contacts: QuerySet[Contact], limit: int) -> bool:
    """Whether there are more than `limit` contacts: counts at most limit + 1 keys, without sort or joins."""
    return contacts.order_by().values("pk")[: limit + 1].count() > limit


def export_file(job: Job) -> Path:
    """The file a background export job writes (the same one on a second run, which overwrites it)."""
    return Path(settings.EXPORT_ROOT) / f"contacts-job-{job.pk}.csv"


def download_name(job: Job) -> str:
    return f"contacts-{timezone.localtime(job.created_at):%Y%m%d}.csv"


def write_export_file(job: Job, *, progress: Callable[[int], None]) -> int:
    """Write the CSV of the job's filtered contacts to its file, row by row (constant memory); return the rows.

    Written under a temporary name and renamed at the end, so a download never sees half a file and a run
    killed midway leaves only a temporary file (removed by the next sweep).
    """
    contacts = filtered_contacts(job.parameters.get("query", ""))
    language = job.parameters.get("language") or settings.LANGUAGE_CODE
    total = contacts.order_by().count()
    path = export_file(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    rows = -1  # the header line is not a contact
    with partial.open("w", encoding="utf-8", newline="") as file, translation.override(language):
        for line in export_lines(contacts):
            file.write(line)
            rows += 1
            if rows and rows % PROGRESS_EVERY == 0:
                progress(min(90, 5 + 85 * rows // max(total, 1)))
    os.replace(partial, path)
    return rows


def remove_expired_files(*, now: datetime.datetime | None = None) -> int:
    """Delete export files older than settings.EXPORT_FILE_MAX_AGE or whose job row is gone; return how many."""
    root = Path(settings.EXPORT_ROOT)
    if not root.is_dir():
        return 0
    cutoff = (now or timezone.now()).timestamp() - settings.EXPORT_FILE_MAX_AGE
    files = list(root.glob("contacts-job-*.*"))
    job_ids = {_job_id(file) for file in files} - {None}
    existing = set(Job.objects.filter(pk__in=job_ids).values_list("pk", flat=True))
    removed = 0
    for file in files:
        if file.stat().st_mtime < cutoff or _job_id(file) not in existing:
            file.unlink(missing_ok=True)
            removed += 1
    return removed


def _job_id(file: Path) -> int | None:
    key = file.name.removeprefix("contacts-job-").split(".")[0]
    return int(key) if key.isdigit() else None


def is_expired(job: Job, *, now: datetime.datetime | None = None) -> bool:
    """Whether the job's file is past its day (or was never written)."""
    finished = job.finished_at or job.created_at
    too_old = (now or timezone.now()) - finished > datetime.timedelta(seconds=settings.EXPORT_FILE_MAX_AGE)
    return too_old or not export_file(job).is_file()
