"""Importing contacts from CSV and Excel: preview with per-row errors, all-or-nothing or valid rows only."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from contacts.models import Contact, ContactImport
from contacts.services import imports
from core.models import Job
from tests.contacts.factories import (
    BusinessRelationFactory,
    CompanyFactory,
    IndustryGroupFactory,
    JobResponsibilityFactory,
    MailingGroupFactory,
    PersonFactory,
)
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Type", "Company No.", "Company Name", "Salesperson Code", "E-Mail", "City", "Industry Groups"]


def csv_bytes(rows, header=HEADER, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(rows, **kwargs):
    return imports.create_import(file_name="contacts.csv", data=csv_bytes(rows, **kwargs), user=None)


def errors_by_row(contact_import):
    return {line.row_no: [tuple(e) for e in line.errors] for line in contact_import.lines.all() if line.errors}


@pytest.fixture
def codes(db):
    SalespersonFactory(code="JR")
    SalespersonFactory(code="OLD", blocked=True)
    IndustryGroupFactory(code="RETAIL")
    IndustryGroupFactory(code="IT")
    BusinessRelationFactory(code="CUST")
    MailingGroupFactory(code="NEWS")
    JobResponsibilityFactory(code="PURCHASE")


VALID_ROWS = [
    ["Nordlys AS", "Company", "", "", "JR", "post@nordlys.no", "Oslo", "RETAIL, IT"],
    ["Kari Nordmann", "Person", "", "Nordlys AS", "JR", "kari@nordlys.no", "Oslo", ""],
    ["Fjord AS", "", "", "", "", "", "Bergen", "it"],
    ["Ola Fjord", "person", "", "Fjord AS", "", "", "Bergen", ""],
]


# --- reading files --------------------------------------------------------------------------------


def test_valid_csv_previews_every_row_without_errors(series, codes):
    contact_import = preview(VALID_ROWS)
    assert (contact_import.total_rows, contact_import.invalid_rows) == (4, 0)
    assert contact_import.status == ContactImport.Status.PREVIEW
    assert contact_import.columns == HEADER
    assert [line.row_no for line in contact_import.lines.order_by("row_no")] == [2, 3, 4, 5]
    assert not Contact.objects.exists()


def test_import_numbers_a_block_in_file_order_and_links_companies(series, codes):
    contact_import = preview(VALID_ROWS)
    result = imports.import_contacts(contact_import=contact_import, valid_only=False)
    assert (result.imported, result.first_no, result.last_no) == (4, "CT0001", "CT0004")
    nordlys, kari, fjord, ola = (Contact.objects.get(no=f"CT000{i}") for i in range(1, 5))
    assert nordlys.company == nordlys and nordlys.company_name == "Nordlys AS"
    assert kari.company == nordlys and kari.company_name == "Nordlys AS" and kari.type == Contact.Type.PERSON
    assert fjord.type == Contact.Type.COMPANY  # blank type is Company, as on the card
    assert ola.company == fjord
    assert kari.salesperson.code == "JR"
    assert sorted(nordlys.industry_groups.values_list("code", flat=True)) == ["IT", "RETAIL"]
    assert list(fjord.industry_groups.values_list("code", flat=True)) == ["IT"]
    assert nordlys.no_series == series.contact_nos
    series.contact_nos.refresh_from_db()
    assert series.contact_nos.last_no_used == "CT0004"
    contact_import.refresh_from_db()
    assert (contact_import.status, contact_import.imported_rows) == (ContactImport.Status.IMPORTED, 4)
    assert (contact_import.first_no, contact_import.last_no) == ("CT0001", "CT0004")
    assert not contact_import.lines.exists()


def test_xlsx_file_imports_like_csv(series, codes):
    data = xlsx_bytes([*VALID_ROWS, ["Nordlys Lager AS", "Company", None, None, None, None, 150, None]])
    contact_import = imports.create_import(file_name="Contacts.XLSX", data=data, user=None)
    assert (contact_import.total_rows, contact_import.invalid_rows) == (5, 0)
    imports.import_contacts(contact_import=contact_import, valid_only=False)
    assert Contact.objects.get(name="Kari Nordmann").company.name == "Nordlys AS"
    assert Contact.objects.get(name="Nordlys Lager AS").city == "150"


def test_semicolon_separated_windows_file_with_aliases_is_read(series, codes):
    header = ["Notat", "name", "type", "company", "email", "Post Code"]
    data = csv_bytes(
        [["x", "Bjørnstad AS", "Company", "", "post@bjornstad.no", "0150"]],
        header=header,
        delimiter=";",
        encoding="cp1252",
    )
    contact_import = imports.create_import(file_name="kontakter.csv", data=data, user=None)
    assert contact_import.columns == ["Name", "Type", "Company Name", "E-Mail", "Post Code"]
    assert contact_import.ignored_columns == ["Notat"]  # "Navn" would be Name in Norwegian
    assert contact_import.lines.get().values["name"] == "Bjørnstad AS"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("contacts.pdf", b"%PDF", "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."),
        ("contacts.xlsx", b"not a zip", "The file is not a valid Excel workbook."),
        ("contacts.csv", b"", str(imports.FILE_NO_HEADER)),
        ("contacts.csv", b"City,E-Mail\r\nOslo,a@b.no\r\n", str(imports.FILE_NO_NAME_COLUMN)),
        ("contacts.csv", b"Name,City\r\n", "The file has no contacts below the header row."),
        ("contacts.csv", b"Name,name\r\nA,B\r\n", "The column Name appears more than once."),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(series, name, data, message):
    with pytest.raises(ValidationError) as excinfo:
        imports.create_import(file_name=name, data=data, user=None)
    assert excinfo.value.messages == [message]
    assert not ContactImport.objects.exists()


# --- per-row errors -------------------------------------------------------------------------------


def test_every_kind_of_row_error_is_reported_with_its_column(series, codes):
    PersonFactory(no="CT9001", company=None)
    CompanyFactory(no="CT9002", name="Twin AS")
    CompanyFactory(no="CT9003", name="Twin AS")
    rows = [
        ["", "Company", "", "", "", "", "", ""],
        ["Bad Type", "Partner", "", "", "", "", "", ""],
        ["Bad Mail", "Company", "", "", "", "a@b", "", ""],
        ["Unknown Seller", "Company", "", "", "XX", "", "", ""],
        ["Blocked Seller", "Company", "", "", "OLD", "", "", ""],
        ["Unknown Code", "Company", "", "", "", "", "", "RETAIL;NOPE"],
        ["Person in Group", "Person", "", "", "", "", "", "RETAIL"],
        ["Person at Person", "Person", "CT9001", "", "", "", "", ""],
        ["Company of Company", "Company", "CT9002", "", "", "", "", ""],
        ["Unknown Company", "Person", "", "Nowhere AS", "", "", "", ""],
        ["Ambiguous Company", "Person", "", "Twin AS", "", "", "", ""],
        ["Missing No.", "Person", "CT4040", "", "", "", "", ""],
        ["Long City", "Company", "", "", "", "", "X" * 31, ""],
    ]
    contact_import = preview(rows)
    assert contact_import.invalid_rows == 13
    assert errors_by_row(contact_import) == {
        2: [("Name", "Name must have a value.")],
        3: [("Type", 'Type must be Company or Person, not "Partner".')],
        4: [("E-Mail", 'The email address "a@b" is not valid.')],
        5: [("Salesperson Code", "There is no salesperson with Code XX.")],
        6: [("Salesperson Code", "Salesperson OLD is blocked and cannot be chosen.")],
        7: [("Industry Groups", "There is no Industry Group with Code NOPE.")],
        8: [("Industry Groups", "Only a company contact can have industry groups.")],
        9: [("Company No.", "Contact CT9001 is a person. A person's Company No. must be a company contact.")],
        10: [("Company No.", "A company is its own company: leave Company No. blank for a company contact.")],
        11: [("Company Name", 'There is no company named "Nowhere AS" in the file or in Contacts.')],
        12: [("Company Name", 'Several companies are named "Twin AS". Use Company No. instead.')],
        13: [("Company No.", "There is no contact with No. CT4040.")],
        14: [("City", "Ensure this value has at most 30 characters (it has 31).")],
    }


def test_person_may_reference_an_existing_company_by_no_or_name(series, codes):
    CompanyFactory(no="CT5000", name="Existing AS")
    contact_import = preview(
        [["Per", "Person", "CT5000", "", "", "", "", ""], ["Pål", "Person", "", "Existing AS", "", "", "", ""]]
    )
    assert contact_import.invalid_rows == 0
    imports.import_contacts(contact_import=contact_import, valid_only=False)
    assert set(Contact.objects.filter(company__no="CT5000").values_list("name", flat=True)) == {
        "Existing AS",
        "Per",
        "Pål",
    }


def test_manual_numbers_need_manual_nos_and_must_be_unique(series, codes):
    header = ["No.", "Name", "Type", "Company No."]
    rows = [["K-1", "Alpha AS", "Company", ""], ["K-2", "Per", "Person", "K-1"]]
    contact_import = imports.create_import(file_name="c.csv", data=csv_bytes(rows, header=header), user=None)
    assert "please activate Manual Nos. in No. Series CONT" in errors_by_row(contact_import)[2][0][1]
    series.contact_nos.manual_nos = True
    series.contact_nos.save()
    CompanyFactory(no="K-9")
    rows += [["K-9", "Taken", "Company", ""], ["K-5", "Twice", "Company", ""], ["K-5", "Twice", "Company", ""]]
    contact_import = imports.create_import(file_name="c.csv", data=csv_bytes(rows, header=header), user=None)
    assert errors_by_row(contact_import) == {
        4: [("No.", "Contact K-9 already exists.")],
        5: [("No.", "No. K-5 appears more than once in the file.")],
        6: [("No.", "No. K-5 appears more than once in the file.")],
    }
    imports.import_contacts(contact_import=contact_import, valid_only=True)
    per = Contact.objects.get(no="K-2")
    assert per.company.no == "K-1"
    assert per.no_series is None


def test_card_and_import_give_the_same_messages(client_as, marketer, series, codes):
    """The same bad values on the card and in a file produce the same error text."""
    cases = [
        ({"name": ""}, ["", "Company", "", "", "", "", "", ""], "name"),
        ({"email": "kari@"}, ["Kari", "Company", "", "", "", "kari@", "", ""], "email"),
        ({"type": "person", "company_no": "CT7000"}, ["Kari", "Person", "CT7000", "", "", "", "", ""], "company_no"),
    ]
    PersonFactory(no="CT7000", company=None)
    base = {"name": "Kari", "type": "company", "company_no": "", "correspondence_type": "", "email": ""}
    for overrides, row, field in cases:
        response = client_as(marketer).post(reverse("contacts:create"), base | overrides)
        card_message = response.context["form"].errors[field]
        file_message = [message for _column, message in errors_by_row(preview([row]))[2]]
        assert card_message == file_message, field


def test_person_of_an_invalid_company_in_the_file_is_invalid_too(series, codes):
    contact_import = preview(
        [["Broken AS", "Company", "", "", "", "bad@", "", ""], ["Per", "Person", "", "Broken AS", "", "", "", ""]]
    )
    assert errors_by_row(contact_import)[3] == [("Company No.", "The company in row 2 has errors.")]


# --- all or nothing, or valid rows only -----------------------------------------------------------


MIXED_ROWS = [
    ["Good AS", "Company", "", "", "", "", "", ""],
    ["Bad AS", "Company", "", "", "", "not-an-email", "", ""],
    ["Per", "Person", "", "Good AS", "", "", "", ""],
]


def test_nothing_is_imported_while_any_row_has_errors(series, codes):
    contact_import = preview(MIXED_ROWS)
    with pytest.raises(ValidationError) as excinfo:
        imports.import_contacts(contact_import=contact_import, valid_only=False)
    assert excinfo.value.messages == [
        "Nothing was imported because rows of the file have errors (1). Correct the file and upload it again, "
        "or import only the valid rows."
    ]
    assert not Contact.objects.exists()
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.PREVIEW


def test_valid_rows_only_imports_the_rest(series, codes):
    contact_import = preview(MIXED_ROWS)
    result = imports.import_contacts(contact_import=contact_import, valid_only=True)
    assert (result.imported, result.skipped, result.first_no, result.last_no) == (2, 1, "CT0001", "CT0002")
    assert sorted(Contact.objects.values_list("name", flat=True)) == ["Good AS", "Per"]


def test_confirm_checks_again_and_stores_new_errors(series, codes):
    contact_import = preview(VALID_ROWS)
    from salespeople.models import Salesperson

    Salesperson.objects.filter(code="JR").update(blocked=True)
    with pytest.raises(ValidationError):
        imports.import_contacts(contact_import=contact_import, valid_only=False)
    contact_import.refresh_from_db()
    assert contact_import.invalid_rows == 2
    assert errors_by_row(contact_import)[2] == [("Salesperson Code", "Salesperson JR is blocked and cannot be chosen.")]
    assert not Contact.objects.exists()


def test_a_file_is_imported_once(series, codes):
    contact_import = preview(VALID_ROWS)
    imports.import_contacts(contact_import=contact_import, valid_only=False)
    with pytest.raises(ValidationError) as excinfo:
        imports.import_contacts(contact_import=contact_import, valid_only=False)
    assert excinfo.value.messages == ["This file has already been imported or discarded."]
    assert Contact.objects.count() == 4


def test_discard_removes_the_rows(series, codes):
    contact_import = preview(VALID_ROWS)
    imports.discard_import(contact_import=contact_import)
    contact_import.refresh_from_db()
    assert contact_import.status == ContactImport.Status.DISCARDED
    assert not contact_import.lines.exists()
    with pytest.raises(ValidationError):
        imports.import_contacts(contact_import=contact_import, valid_only=True)


def big_file(count: int) -> bytes:
    rows = []
    for index in range(count):
        if index % 5 == 0:
            company = f"Company {index} AS"
            rows.append([company, "Company", "", "", "JR", f"post@c{index}.no", "Oslo", "RETAIL"])
        else:
            rows.append([f"Person {index}", "Person", "", company, "JR", f"p{index}@example.com", "Oslo", ""])
    return csv_bytes(rows)


def test_query_count_of_preview_and_import_does_not_depend_on_rows(series, codes):
    counts = []
    for size in (10, 1000):
        data = big_file(size)
        with CaptureQueriesContext(connection) as previewed:
            contact_import = imports.create_import(file_name="big.csv", data=data, user=None)
        with CaptureQueriesContext(connection) as imported:
            result = imports.import_contacts(contact_import=contact_import, valid_only=False)
        assert result.imported == size
        counts.append((len(previewed), len(imported)))
    assert counts[0] == counts[1]
    assert Contact.objects.persons().filter(company__isnull=True).count() == 0


# --- views ----------------------------------------------------------------------------------------


def upload(client, name, data):
    return client.post(reverse("contacts:import"), {"file": SimpleUploadedFile(name, data)})


def test_upload_shows_the_preview_then_imports_with_a_message(client_as, marketer, series, codes):
    client = client_as(marketer)
    response = upload(client, "contacts.csv", csv_bytes(VALID_ROWS))
    contact_import = ContactImport.objects.get()
    assert response["Location"] == contact_import.get_absolute_url()
    page = client.get(response["Location"])
    assert page.context["contact_import"].total_rows == 4
    assert "Import 4 contacts" in page.content.decode()
    response = client.post(reverse("contacts:import_confirm", args=[contact_import.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "4 contacts have been imported. New numbers CT0001 to CT0004."
    ]
    assert Contact.objects.count() == 4


def test_preview_lists_errors_and_offers_valid_rows_only(client_as, marketer, series, codes):
    client = client_as(marketer)
    upload(client, "mixed.csv", csv_bytes(MIXED_ROWS))
    contact_import = ContactImport.objects.get()
    page = client.get(reverse("contacts:import_detail", args=[contact_import.pk]) + "?show=errors")
    content = page.content.decode()
    assert "The email address &quot;not-an-email&quot; is not valid." in content
    assert "Import only the 2 valid rows" in content
    assert [line.row_no for line, _cells in page.context["rows"]] == [3]
    response = client.post(reverse("contacts:import_confirm", args=[contact_import.pk]), follow=True)
    assert "Nothing was imported because rows of the file have errors (1)" in next(
        str(m) for m in response.context["messages"]
    )
    response = client.post(
        reverse("contacts:import_confirm", args=[contact_import.pk]), {"valid_only": "yes"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "2 contacts have been imported. New numbers CT0001 to CT0002. 1 row with errors was not imported."
    ]


def test_bad_upload_shows_the_error_on_the_file_field(client_as, marketer, series):
    response = upload(client_as(marketer), "contacts.pdf", b"%PDF")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."]
    }


def test_large_import_runs_as_a_job(client_as, marketer, series, codes, settings):
    settings.BULK_JOB_THRESHOLD = 3
    client = client_as(marketer)
    upload(client, "contacts.csv", csv_bytes(VALID_ROWS))
    contact_import = ContactImport.objects.get()
    client.post(reverse("contacts:import_confirm", args=[contact_import.pk]))
    job = Job.objects.get(operation="contacts.import_contacts")
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["imported"] == 4
    assert Contact.objects.count() == 4
    page = client.get(reverse("contacts:import_detail", args=[contact_import.pk]))
    assert page.context["job"] == job


def test_discard_view(client_as, marketer, series, codes):
    client = client_as(marketer)
    upload(client, "contacts.csv", csv_bytes(VALID_ROWS))
    contact_import = ContactImport.objects.get()
    response = client.post(reverse("contacts:import_discard", args=[contact_import.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The file contacts.csv has been discarded."]


def test_template_and_export_can_be_imported_again(client_as, marketer, series, codes):
    client = client_as(marketer)
    template = client.get(reverse("contacts:import_template")).content
    MailingGroupFactory(code="NEWSLETTER")
    contact_import = imports.create_import(file_name="template.csv", data=template, user=None)
    assert contact_import.invalid_rows == 0
    imports.import_contacts(contact_import=contact_import, valid_only=False)
    exported = b"".join(client.get(reverse("contacts:export")).streaming_content)
    parsed = imports.read_file(name="export.csv", data=exported)
    assert len(parsed.columns) == len(imports.COLUMNS)
    kari = next(values for _row, values in parsed.rows if values["name"] == "Kari Nordmann")
    assert kari["company_no"] == "CT0001"
    assert kari["type"] == "Person"


def test_stale_previews_are_cleared_by_the_daily_command(series, codes, capsys):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    old, recent, done = preview(VALID_ROWS), preview(VALID_ROWS), preview(VALID_ROWS)
    imports.import_contacts(contact_import=done, valid_only=False)
    ContactImport.objects.filter(pk__in=[old.pk, done.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("clear_contact_imports")
    assert set(ContactImport.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    assert "5 rows of stale contact import previews deleted." in capsys.readouterr().out
