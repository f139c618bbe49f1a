"""Importing 100,000 contacts from a CSV file vs a raw COPY of the same rows, on PostgreSQL.

Ours: read and check the file and keep its rows for the preview (create_import), then confirm
(import_contacts: check again, number one block, insert companies, persons and group links set-based).
Baseline: a hand-written loader that COPYs exactly the same contacts and links (companies, the self-link
UPDATE, persons with their company ids, link rows), with nothing checked and nothing kept for a preview.
Both run in turns on an emptied contact table, so load from other processes hits both alike.
"""

from __future__ import annotations

import csv
import io
import statistics
import time

from django.db import connection, transaction

from bench.timing import Result

ROWS = 100_000
PERSONS_PER_COMPANY = 4
REPEAT = 3
TARGET_TOTAL = 6.0  # the whole import, file to rows, including the preview the baseline does not have
TARGET_CONFIRM = 3.0  # the confirm step alone (checks again, then inserts)

HEADER = ["Name", "Type", "Company Name", "Salesperson Code", "Address", "Post Code", "City", "Country/Region Code",
          "Phone No.", "E-Mail", "Correspondence Type", "Industry Groups", "Business Relations", "Mailing Groups",
          "Job Responsibilities"]  # fmt: skip
INDUSTRY = ["RETAIL", "WHOLESALE", "MANUFACT", "SERVICES", "IT"]
MAILING = ["NEWSLETTER", "XMAS", "SEMINAR"]
JOBS = ["PURCHASE", "SALES", "MARKETING"]


def _file() -> bytes:
    """A semicolon-separated file as Excel writes it: a company, then its persons (by Company Name)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    company = ""
    for n in range(ROWS):
        if n % (PERSONS_PER_COMPANY + 1) == 0:
            company = f"Bench Company {n:06d} AS"
            writer.writerow([company, "Company", "", f"SP{n % 10}", f"Storgata {n % 150}", "0150", "Oslo", "NO",
                             "+47 22 00 00 00", f"post@c{n}.example.com", "Email", INDUSTRY[n % 5], "CUST",
                             MAILING[n % 3], ""])  # fmt: skip
        else:
            writer.writerow([f"Person {n:06d}", "Person", company, f"SP{n % 10}", f"Storgata {n % 150}", "0150",
                             "Oslo", "NO", "+47 900 00 000", f"p{n}@example.com", "Email", "", "",
                             MAILING[n % 3], JOBS[n % 3]])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _setup() -> None:
    from contacts.models import BusinessRelation, IndustryGroup, JobResponsibility, MailingGroup
    from core.models import MarketingSetup, NoSeries
    from salespeople.models import Salesperson

    setup = MarketingSetup.get()
    setup.contact_nos = NoSeries.objects.create(code="CONT", starting_no="CT000001")
    setup.save()
    Salesperson.objects.bulk_create(Salesperson(code=f"SP{n}", name=f"Salesperson {n}") for n in range(10))
    IndustryGroup.objects.bulk_create(IndustryGroup(code=code) for code in INDUSTRY)
    BusinessRelation.objects.create(code="CUST")
    MailingGroup.objects.bulk_create(MailingGroup(code=code) for code in MAILING)
    JobResponsibility.objects.bulk_create(JobResponsibility(code=code) for code in JOBS)


def _empty() -> None:
    """Remove the contacts of the previous run and rewind the number series."""
    from contacts.models import ContactImport
    from core.models import NoSeries

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE contacts_contactindustrygroup, contacts_contactbusinessrelation, contacts_contactmailinggroup, "
            "contacts_contactjobresponsibility, contacts_contact RESTART IDENTITY CASCADE"
        )
    ContactImport.objects.all().delete()
    NoSeries.objects.filter(code="CONT").update(last_no_used="")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contacts_contact")


def _ours(data: bytes) -> tuple[float, float]:
    from contacts.services import imports

    start = time.perf_counter()
    contact_import = imports.create_import(file_name="bench.csv", data=data, user=None)
    previewed = time.perf_counter()
    assert contact_import.invalid_rows == 0, contact_import.lines.filter(valid=False).first().errors
    result = imports.import_contacts(contact_import=contact_import, valid_only=False)
    done = time.perf_counter()
    assert result.imported == ROWS
    return done - start, done - previewed


def _baseline(data: bytes) -> float:
    """COPY the same contacts and links; company ids come back by name, as a loader script would do it."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))[1:]
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT code, id FROM salespeople_salesperson")
        salespeople = dict(cursor.fetchall())
        codes = {}
        for table in ("industrygroup", "businessrelation", "mailinggroup", "jobresponsibility"):
            cursor.execute(f"SELECT code, id FROM contacts_{table}")  # noqa: S608 - benchmark set-up: table and column names are fixed in the code
            codes[table] = dict(cursor.fetchall())
        columns = ("no, name, type, company_name, salesperson_id, address, post_code, city, country_region_code, "
                   "territory_code, phone_no, email, correspondence_type, language_code, exclude_from_segment, "
                   "privacy_blocked, version, company_id")  # fmt: skip

        def contact(n: int, row: list[str], company_id) -> tuple:
            company_name = row[0] if row[1] == "Company" else row[2]
            return (f"CT{n + 1:06d}", row[0], row[1].lower(), company_name, salespeople[row[3]], row[4], row[5],
                    row[6], row[7], "", row[8], row[9], "email", "", False, False, 0, company_id)  # fmt: skip

        with cursor.cursor.copy(f"COPY contacts_contact ({columns}) FROM STDIN") as copy:
            for n, row in enumerate(rows):
                if row[1] == "Company":
                    copy.write_row(contact(n, row, None))
        cursor.execute("UPDATE contacts_contact SET company_id = id WHERE type = 'company'")
        cursor.execute("SELECT name, id FROM contacts_contact WHERE type = 'company'")
        companies = dict(cursor.fetchall())
        with cursor.cursor.copy(f"COPY contacts_contact ({columns}) FROM STDIN") as copy:
            for n, row in enumerate(rows):
                if row[1] == "Person":
                    copy.write_row(contact(n, row, companies[row[2]]))
        cursor.execute("SELECT no, id FROM contacts_contact")
        ids = dict(cursor.fetchall())
        for column, table, field in ((11, "industrygroup", "industry_group_id"),
                                     (12, "businessrelation", "business_relation_id"),
                                     (13, "mailinggroup", "mailing_group_id"),
                                     (14, "jobresponsibility", "job_responsibility_id")):  # fmt: skip
            with cursor.cursor.copy(f"COPY contacts_contact{table} (contact_id, {field}) FROM STDIN") as copy:
                for n, row in enumerate(rows):
                    if row[column]:
                        copy.write_row((ids[f"CT{n + 1:06d}"], codes[table][row[column]]))
        cursor.execute("UPDATE core_noseries SET last_no_used = %s WHERE code = 'CONT'", [f"CT{len(rows):06d}"])
    return time.perf_counter() - start


def _same_result() -> tuple:
    """What both loaders must produce: contacts, companies, persons with a company, and links."""
    from django.db.models import F

    from contacts.models import Contact, ContactJobResponsibility, ContactMailingGroup

    return (
        Contact.objects.count(),
        Contact.objects.companies().filter(company_id=F("id")).count(),
        Contact.objects.persons().filter(company__type="company").count(),
        ContactMailingGroup.objects.count(),
        ContactJobResponsibility.objects.count(),
    )


def run() -> list[Result]:
    _setup()
    data = _file()
    totals, confirms, baselines = [], [], []
    expected = None
    for _ in range(REPEAT):
        _empty()
        total, confirm = _ours(data)
        totals.append(total)
        confirms.append(confirm)
        ours_result = _same_result()
        _empty()
        baselines.append(_baseline(data))
        assert _same_result() == ours_result, (_same_result(), ours_result)
        expected = ours_result
    baseline = statistics.median(baselines)
    note = f"{expected[0]:,} contacts, {expected[3] + expected[4]:,} links; file {len(data) / 1e6:.1f} MB"
    return [
        Result(
            name=f"contact import {ROWS:,} rows: preview + import",
            ours=statistics.median(totals),
            baseline=baseline,
            target=TARGET_TOTAL,
            note=note,
        ),
        Result(
            name=f"contact import {ROWS:,} rows: confirm step only",
            ours=statistics.median(confirms),
            baseline=baseline,
            target=TARGET_CONFIRM,
            note="checks every row again, then inserts",
        ),
    ]
