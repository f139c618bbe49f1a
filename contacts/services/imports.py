"""Import contacts from a CSV file or an Excel workbook: read, check every row, preview, then insert.

The rows are checked with the same rules and messages as the contact card (contacts.services.contacts),
stored as ContactImportLine rows for the preview, checked again when the user confirms (the database may
have changed meanwhile), and inserted set-based: numbers as one block from Contact Nos., the companies
first, then the persons, then the group links.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactImport,
    ContactImportLine,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CorrespondenceType,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from contacts.services import contacts as rules
from core.lists import spreadsheet_unescape
from core.models import User
from core.sql import insert_rows

MAX_ROWS = 200_000
LOOKUP_CHUNK = 2000
# Longer than any field of a contact (or a list of codes); a longer cell is a mistake, refused with its row.
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 256
SHOWN_CHARS = 100  # of a refused cell, in the preview
# Reading a workbook costs time in proportion to its unpacked XML (openpyxl reads a few MB a second), and
# a sheet of a few kB on the upload may declare a million rows: these bound the work to seconds.
MAX_WORKBOOK_UNPACKED_MB = 10
MAX_WORKBOOK_CELLS = 300_000
# csv's own limit (131,072 characters) stops the whole file; cells up to this one are refused per row
# instead. The limit is process-wide, so it is only ever raised; it still bounds what a cell costs in memory.
CSV_FIELD_LIMIT = 1 << 20
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
# A line of 50 MB of commas would be 50 million cells in memory before its row could be refused.
MAX_LINE_SEPARATORS = 100 * MAX_COLUMNS

FILE_TYPE_UNSUPPORTED = _("The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")
FILE_NOT_TEXT = _(
    "The file could not be read as text (UTF-8, UTF-16 or Windows-1252). Save it as CSV UTF-8 and upload it again."
)
FILE_NOT_CSV = _("Line %(line)d of the file could not be read as CSV: %(error)s.")
FILE_CELL_TOO_LONG = _(
    "Line %(line)d of the file has a cell of more than %(max)d characters. Correct the file and upload it again."
)
FILE_NOT_WORKBOOK = _("The file is not a valid Excel workbook.")
FILE_TOO_MANY_COLUMNS = _("Row %(row)d has more than %(max)d columns. A contact file has at most %(max)d.")
WORKBOOK_TOO_LARGE = _(
    "The workbook unpacks to %(size)d MB; at most %(max)d MB can be read. Save it as a CSV file (.csv) or split "
    "it into smaller files."
)
WORKBOOK_TOO_MANY_CELLS = _(
    "The sheet has more than %(max)d cells. Save it as a CSV file (.csv) or split it into smaller files."
)
WORKBOOK_DIMENSION_TOO_LARGE = _(
    "The sheet uses %(rows)d rows and %(columns)d columns (%(dimension)s); a contact file may have at most "
    "%(max_rows)d rows, %(max_columns)d columns and %(max_cells)d cells."
)
CELL_HAS_NUL = _(
    "Row %(row)d, column %(caption)s: the cell contains a NUL character, which cannot be stored. Remove it."
)
CELL_TOO_LONG = _(
    "Row %(row)d, column %(caption)s: the cell has %(length)d characters; a cell may have at most %(max)d."
)
FILE_NO_HEADER = _("The file is empty: the first row must name the columns, e.g. Name, Type, Company No., E-Mail.")
FILE_NO_NAME_COLUMN = _("The file has no Name column. The first row must name the columns, e.g. Name, Type, E-Mail.")
FILE_DUPLICATE_COLUMN = _("The column %(caption)s appears more than once.")
FILE_NO_ROWS = _("The file has no contacts below the header row.")
FILE_TOO_MANY_ROWS = _("The file has more than %(max)d rows. Split it into smaller files.")
NAME_REQUIRED = _("Name must have a value.")
TYPE_INVALID = _('Type must be Company or Person, not "%(value)s".')
CORRESPONDENCE_INVALID = _('Correspondence Type must be blank, Hard Copy or Email, not "%(value)s".')
YES_NO_INVALID = _('%(caption)s must be Yes or No, not "%(value)s".')
SALESPERSON_UNKNOWN = _("There is no salesperson with Code %(code)s.")
CODE_UNKNOWN = _("There is no %(table)s with Code %(code)s.")
NO_TWICE_IN_FILE = _("No. %(no)s appears more than once in the file.")
COMPANY_NAME_UNKNOWN = _('There is no company named "%(name)s" in the file or in Contacts.')
COMPANY_NAME_AMBIGUOUS = _('Several companies are named "%(name)s". Use Company No. instead.')
COMPANY_ROW_IS_PERSON = _("Row %(row)d is a person. A person's company must be a company contact.")
COMPANY_ROW_INVALID = _("The company in row %(row)d has errors.")
IMPORT_NOT_PREVIEW = _("This file has already been imported or discarded.")
IMPORT_HAS_ERRORS = _(
    "Nothing was imported because rows of the file have errors (%(count)d). Correct the file and upload it "
    "again, or import only the valid rows."
)
IMPORT_NOTHING_VALID = _("No row of the file can be imported.")
IMPORT_NO_TAKEN = _(
    "Another contact took one of the numbers meanwhile, so nothing was imported. Upload the file again."
)

# Field name, caption (the column header, in English; the reader's language writes and reads it translated), other
# accepted headers.
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("no", gettext_noop("No."), ("number", "contact no")),
    ("name", gettext_noop("Name"), ()),
    ("type", gettext_noop("Type"), ()),
    ("company_no", gettext_noop("Company No."), ("company number",)),
    ("company_name", gettext_noop("Company Name"), ("company",)),
    ("salesperson", gettext_noop("Salesperson Code"), ("salesperson",)),
    ("address", gettext_noop("Address"), ()),
    ("post_code", gettext_noop("Post Code"), ("postcode", "zip", "zip code", "postal code")),
    ("city", gettext_noop("City"), ()),
    (
        "country_region_code",
        gettext_noop("Country/Region Code"),
        ("country", "country code", "country/region"),
    ),
    ("territory_code", gettext_noop("Territory Code"), ("territory",)),
    ("phone_no", gettext_noop("Phone No."), ("phone", "phone number", "telephone")),
    ("email", gettext_noop("E-Mail"), ("email", "e-mail address", "email address")),
    ("correspondence_type", gettext_noop("Correspondence Type"), ()),
    ("language_code", gettext_noop("Language Code"), ("language",)),
    ("exclude_from_segment", gettext_noop("Exclude from Segment"), ()),
    ("privacy_blocked", gettext_noop("Privacy Blocked"), ()),
    ("industry_groups", gettext_noop("Industry Groups"), ("industry group",)),
    ("business_relations", gettext_noop("Business Relations"), ("business relation",)),
    ("mailing_groups", gettext_noop("Mailing Groups"), ("mailing group",)),
    ("job_responsibilities", gettext_noop("Job Responsibilities"), ("job responsibility",)),
]
CAPTIONS = {name: caption for name, caption, _aliases in COLUMNS}
TEXT_FIELDS = ["name", "address", "post_code", "city", "country_region_code", "territory_code", "phone_no", "email"]
TEXT_FIELDS += ["language_code"]
CODE_FIELDS = {"post_code", "country_region_code", "territory_code", "language_code"}
GROUP_KINDS = {
    "industry_groups": (IndustryGroup, ContactIndustryGroup, "industry_group_id"),
    "business_relations": (BusinessRelation, ContactBusinessRelation, "business_relation_id"),
    "mailing_groups": (MailingGroup, ContactMailingGroup, "mailing_group_id"),
    "job_responsibilities": (JobResponsibility, ContactJobResponsibility, "job_responsibility_id"),
}
YES = {"yes", "y", "true", "1", "x", "ja", "j"}
NO = {"no", "n", "false", "0", "", "nei"}
CORRESPONDENCE = {
    "": CorrespondenceType.BLANK,
    "hard copy": CorrespondenceType.HARD_COPY,
    "hardcopy": CorrespondenceType.HARD_COPY,
    "email": CorrespondenceType.EMAIL,
    "e-mail": CorrespondenceType.EMAIL,
}
TYPES = {"": Contact.Type.COMPANY, "company": Contact.Type.COMPANY, "person": Contact.Type.PERSON}


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.strip().lower())


HEADER_KEYS = {_header_key(alias): name for name, caption, aliases in COLUMNS for alias in (caption, name, *aliases)}


def caption(name: str) -> str:
    """The column's caption in the reader's language (a Norwegian export writes "Selskapsnavn")."""
    return gettext(CAPTIONS[name])


@functools.cache
def _in_every_language() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Header keys, Type words and Correspondence Type words in every language of the app, so that a file exported
    in Norwegian ("Selskapsnavn", "Selskap", "E-post") imports for an English user too, and the other way round."""
    headers, types, correspondence = dict(HEADER_KEYS), dict(TYPES), dict(CORRESPONDENCE)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, english, _aliases in COLUMNS:
                headers.setdefault(_header_key(gettext(english)), name)
            types.update({str(label).strip().lower(): value for value, label in Contact.Type.choices})
            correspondence.update(
                {str(label).strip().lower(): value for value, label in CorrespondenceType.choices if value}
            )
    return headers, types, correspondence


# --- reading files --------------------------------------------------------------------------------

# Cells refused while reading (a NUL, too long), kept in the row's values as [[field name, message], …] so
# that checking the stored rows again at import time refuses them again.
REFUSED = "_refused"


@dataclass
class ParsedFile:
    columns: list[str]  # field names of the recognised columns, in file order
    ignored: list[str]  # headers we do not know
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, values by field name)


def read_file(*, name: str, data: bytes) -> ParsedFile:
    """Read a .csv or .xlsx file into rows of strings; raise ValidationError for an unusable file."""
    lower = name.lower()
    if lower.endswith((".csv", ".txt")):
        table = _csv_rows(data)
    elif lower.endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        raise ValidationError(FILE_TYPE_UNSUPPORTED, code="file_type")
    return _table_to_rows(table)


# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(data: bytes) -> str:
    """Decode by the byte order mark (Excel's "Unicode Text" is UTF-16 LE with one); else UTF-8 or Windows-1252."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            data, encodings = data[len(bom) :], [encoding]
            break
    else:
        detected = _utf16_without_bom(data)
        encodings = [detected] if detected else ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(FILE_NOT_TEXT, code="encoding")


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 written without a BOM: the header (Latin captions such as Name) has a zero in every other byte."""
    head = data[: min(len(data), 64) // 2 * 2]
    if len(head) < 8:
        return ""
    for encoding, zeros, chars in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if not any(zeros) and all(chars):
            return encoding
    return ""


# The first line with more than separators and spaces.
HEADER_LINE = re.compile(r"^(?=[^\r\n]*[^\s,;])[^\r\n]*", re.MULTILINE)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = decode_text(data)
    header = HEADER_LINE.search(text)
    # Excel in Norway and most of Europe writes semicolons, "Unicode Text" tabs; pick what the header uses most.
    delimiter = max([",", ";", "\t"], key=header.group().count) if header else ","
    reader = csv.reader(_bounded_lines(text, delimiter), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        if reader.line_num and str(error).startswith("field larger than field limit"):
            params = {"line": reader.line_num, "max": CSV_FIELD_LIMIT}
            raise ValidationError(FILE_CELL_TOO_LONG, params=params, code="cell_too_long") from None
        raise ValidationError(FILE_NOT_CSV, params={"line": reader.line_num, "error": error}, code="csv") from None


# A line with its ending (as io.StringIO(newline="") splits it, without copying the text).
LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _bounded_lines(text: str, delimiter: str) -> Iterator[str]:
    for line_no, match in enumerate(LINE.finditer(text), start=1):
        line = match.group()
        if line.count(delimiter) > MAX_LINE_SEPARATORS:
            raise ValidationError(
                FILE_TOO_MANY_COLUMNS, params={"row": line_no, "max": MAX_COLUMNS}, code="too_many_columns"
            )
        yield line


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    """The first sheet's rows, streamed (read-only); refused before reading when it would take long."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The sizes the archive declares are the most its members unpack to: zipfile stops there.
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise ValidationError(FILE_NOT_WORKBOOK, code="workbook") from None
    if unpacked > MAX_WORKBOOK_UNPACKED_MB * 1024 * 1024:
        raise ValidationError(
            WORKBOOK_TOO_LARGE,
            params={"size": unpacked // (1024 * 1024), "max": MAX_WORKBOOK_UNPACKED_MB},
            code="workbook_too_large",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds (zip, xml, key, index) for a broken file
        raise ValidationError(FILE_NOT_WORKBOOK, code="workbook") from None
    try:
        _check_dimension(sheet)
        # Read rows as they are in the file: the declared dimension would pad every row to its width.
        sheet.reset_dimensions()
        cells = 0
        rows = sheet.iter_rows(values_only=True)
        while (row := _next_row(rows)) is not None:
            cells += len(row)
            if cells > MAX_WORKBOOK_CELLS:
                raise ValidationError(
                    WORKBOOK_TOO_MANY_CELLS, params={"max": MAX_WORKBOOK_CELLS}, code="too_many_cells"
                )
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _next_row(rows: Iterator[tuple]) -> tuple | None:
    try:
        return next(rows, None)
    except Exception:  # a broken sheet shows only while it is read
        raise ValidationError(FILE_NOT_WORKBOOK, code="workbook") from None


def _check_dimension(sheet) -> None:
    rows, columns = sheet.max_row, sheet.max_column
    if not rows or not columns:
        return  # not declared: the budgets apply while reading
    if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS or rows * columns > MAX_WORKBOOK_CELLS:
        raise ValidationError(
            WORKBOOK_DIMENSION_TOO_LARGE,
            params={
                "rows": rows,
                "columns": columns,
                "dimension": sheet.calculate_dimension(),
                "max_rows": MAX_ROWS,
                "max_columns": MAX_COLUMNS,
                "max_cells": MAX_WORKBOOK_CELLS,
            },
            code="dimension_too_large",
        )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(value: str) -> str:
    """A cell that cannot be stored as it is, as the preview shows it."""
    value = value.replace("\x00", "\ufffd")
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def _cell_errors(row_no: int, name: str, value: str) -> list[list[str]]:
    caption = gettext(CAPTIONS[name])
    errors = []
    if "\x00" in value:
        errors.append([name, str(CELL_HAS_NUL % {"row": row_no, "caption": caption})])
    if len(value) > MAX_CELL_CHARS:
        params = {"row": row_no, "caption": caption, "length": len(value), "max": MAX_CELL_CHARS}
        errors.append([name, str(CELL_TOO_LONG % params)])
    return errors


def _table_to_rows(table: Iterable[list[str]]) -> ParsedFile:
    iterator = iter(table)
    header, header_row_no = next(iterator, None), 1
    while header is not None and not any(cell.strip() for cell in header):
        header, header_row_no = next(iterator, None), header_row_no + 1
        if header_row_no > MAX_ROWS + 1:
            raise ValidationError(FILE_TOO_MANY_ROWS, params={"max": MAX_ROWS}, code="too_many_rows")
    if header is None:
        raise ValidationError(FILE_NO_HEADER, code="no_header")
    if len(header) > MAX_COLUMNS:
        params = {"row": header_row_no, "max": MAX_COLUMNS}
        raise ValidationError(FILE_TOO_MANY_COLUMNS, params=params, code="too_many_columns")
    positions: list[tuple[int, str]] = []
    ignored, seen = [], set()
    for index, cell in enumerate(header):
        name = _in_every_language()[0].get(_header_key(cell))
        if name is None:
            if cell.strip():
                ignored.append(_shown(cell.strip()))
            continue
        if name in seen:
            raise ValidationError(FILE_DUPLICATE_COLUMN, params={"caption": caption(name)}, code="duplicate_column")
        seen.add(name)
        positions.append((index, name))
    if "name" not in seen:
        raise ValidationError(FILE_NO_NAME_COLUMN, code="no_name_column")
    rows = []
    # Blank rows count too: a file of a million empty lines is not read to its end.
    for row_no, cells in enumerate(iterator, start=header_row_no + 1):
        if row_no > MAX_ROWS + 1:
            raise ValidationError(FILE_TOO_MANY_ROWS, params={"max": MAX_ROWS}, code="too_many_rows")
        if len(cells) > MAX_COLUMNS:
            raise ValidationError(
                FILE_TOO_MANY_COLUMNS, params={"row": row_no, "max": MAX_COLUMNS}, code="too_many_columns"
            )
        if not any(cell.strip() for cell in cells):
            continue
        values, refused = {}, []
        for index, name in positions:
            value = cells[index] if index < len(cells) else ""
            if errors := _cell_errors(row_no, name, value):
                refused += errors
                values[name] = _shown(value)
            else:
                values[name] = spreadsheet_unescape(value)  # the export's ' before a formula goes
        if refused:
            values[REFUSED] = refused
        rows.append((row_no, values))
    if not rows:
        raise ValidationError(FILE_NO_ROWS, code="no_rows")
    return ParsedFile(columns=[name for _i, name in positions], ignored=ignored, rows=rows)


# --- checking rows --------------------------------------------------------------------------------


@dataclass
class CheckedRow:
    row_no: int
    values: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)
    # Resolved values, filled when the row is valid.
    no: str = ""
    type: str = Contact.Type.COMPANY
    company_id: int | None = None
    company_row: int | None = None  # row number of a company in the same file
    company_name: str = ""
    salesperson_id: int | None = None
    drawn: bool = False  # the No. comes from the series
    clean: dict = field(default_factory=dict)
    links: dict[str, list[int]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    def error(self, name: str, message) -> None:
        self.errors.append((name, str(message)))


class Lookups:
    """The database rows the checks need, read once for the whole file (a few queries, not one per row)."""

    def __init__(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        from salespeople.models import Salesperson

        self.salespeople = {
            code.upper(): (pk, blocked or privacy_blocked)
            for pk, code, blocked, privacy_blocked in Salesperson.objects.values_list(
                "pk", "code", "blocked", "privacy_blocked"
            )
        }
        self.codes = {
            kind: {code.upper(): pk for pk, code in model.objects.values_list("pk", "code")}
            for kind, (model, _link, _column) in GROUP_KINDS.items()
        }
        referenced_nos = {v[key] for _r, v in rows for key in ("no", "company_no") if v.get(key)}
        self.contacts: dict[str, tuple[int, str, str]] = {}
        for chunk in _chunks(sorted(referenced_nos)):
            for pk, no, contact_type, name in Contact.objects.filter(no__in=chunk).values_list(
                "pk", "no", "type", "name"
            ):
                self.contacts[no] = (pk, contact_type, name)
        names = {v["company_name"] for _r, v in rows if v.get("company_name") and not v.get("company_no")}
        self.companies_by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for chunk in _chunks(sorted(names)):
            for pk, name in Contact.objects.companies().filter(name__in=chunk).values_list("pk", "name"):
                self.companies_by_name[name].append((pk, name))
        self.manual_no_error = rules.manual_no_error()


def _chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_rows(rows: list[tuple[int, dict[str, str]]]) -> list[CheckedRow]:
    """Check every row as the contact card would; in-file company references resolve to other rows."""
    lookups = Lookups(rows)
    checked = [CheckedRow(row_no=row_no, values=values) for row_no, values in rows]
    no_counts: dict[str, int] = defaultdict(int)
    for row in checked:
        if no := row.values.get("no", ""):
            no_counts[no] += 1
    for row in checked:
        _check_fields(row, lookups, no_counts)
    # Companies of the file, by No. and by name (rows whose own fields are fine so far).
    by_no = {row.no: row for row in checked if row.no}
    by_name: dict[str, list[CheckedRow]] = defaultdict(list)
    for row in checked:
        if row.type == Contact.Type.COMPANY and row.clean.get("name"):
            by_name[row.clean["name"]].append(row)
    for row in checked:
        _check_company(row, lookups, by_no, by_name)
        if refused := row.values.get(REFUSED):
            # What is shown of a refused cell is not what the file holds: only the refusal counts for it.
            fields = {name for name, _message in refused}
            row.errors = [(name, message) for name, message in refused] + [
                (name, message) for name, message in row.errors if name not in fields
            ]
    # A person whose company (in the file) has errors cannot be imported either.
    rows_by_no = {row.row_no: row for row in checked}
    for row in checked:
        if row.company_row is not None and not rows_by_no[row.company_row].valid and row.valid:
            row.error("company_no", COMPANY_ROW_INVALID % {"row": row.company_row})
    return checked


# The form's length checks (same validators, so the same messages), built once rather than per row.
LENGTH_VALIDATORS = {name: MaxLengthValidator(Contact._meta.get_field(name).max_length) for name in TEXT_FIELDS}
NO_LENGTH = MaxLengthValidator(Contact._meta.get_field("no").max_length)
CODE_SEPARATORS = re.compile(r"[,;|]")


def _validation_message(validator, value: str) -> str:
    try:
        validator(value)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _check_fields(row: CheckedRow, lookups: Lookups, no_counts: dict[str, int]) -> None:
    values = row.values
    clean = row.clean
    for name, validator in LENGTH_VALIDATORS.items():
        value = values.get(name, "")
        if name in CODE_FIELDS:
            value = rules.normalize_code(value)
        if len(value) > validator.limit_value:
            row.error(name, _validation_message(validator, value))
        clean[name] = value
    if not clean["name"]:
        row.error("name", NAME_REQUIRED)
    for check, name in ((rules.validate_email_address, "email"), (rules.validate_phone_no, "phone_no")):
        try:
            check(clean[name])
        except ValidationError as error:
            row.error(name, error.messages[0])
    contact_type = _in_every_language()[1].get(values.get("type", "").strip().lower())
    if contact_type is None:
        row.error("type", TYPE_INVALID % {"value": values["type"]})
    row.type = contact_type or Contact.Type.COMPANY
    correspondence = _in_every_language()[2].get(values.get("correspondence_type", "").strip().lower())
    if correspondence is None:
        row.error("correspondence_type", CORRESPONDENCE_INVALID % {"value": values["correspondence_type"]})
    clean["correspondence_type"] = correspondence or ""
    for name in ("exclude_from_segment", "privacy_blocked"):
        text = values.get(name, "").strip().lower()
        if text not in YES and text not in NO:
            row.error(name, YES_NO_INVALID % {"caption": caption(name), "value": values[name]})
        clean[name] = text in YES
    if code := values.get("salesperson", "").strip().upper():
        found = lookups.salespeople.get(code)
        if found is None:
            row.error("salesperson", SALESPERSON_UNKNOWN % {"code": code})
        elif found[1]:
            row.error("salesperson", rules.SALESPERSON_BLOCKED % {"code": code})
        else:
            row.salesperson_id = found[0]
    for kind, (model, _link, _column) in GROUP_KINDS.items():
        ids = []
        text = values.get(kind, "")
        for code in filter(None, (part.strip().upper() for part in CODE_SEPARATORS.split(text))) if text else ():
            pk = lookups.codes[kind].get(code)
            if pk is None:
                row.error(kind, CODE_UNKNOWN % {"table": model._meta.verbose_name, "code": code})
            elif pk not in ids:
                ids.append(pk)
        row.links[kind] = ids
    if any(row.links.values()):
        groups = rules.ContactGroups(**{kind: row.links[kind] for kind in GROUP_KINDS})
        for name, message in rules.group_errors(contact_type=row.type, groups=groups).items():
            row.error(name, message)
    if no := values.get("no", ""):
        if len(no) > NO_LENGTH.limit_value:
            row.error("no", _validation_message(NO_LENGTH, no))
        if lookups.manual_no_error:
            row.error("no", lookups.manual_no_error)
        elif no_counts[no] > 1:
            row.error("no", NO_TWICE_IN_FILE % {"no": no})
        elif no in lookups.contacts:
            row.error("no", rules.NO_ALREADY_EXISTS % {"no": no})
        row.no = no


def _check_company(row: CheckedRow, lookups: Lookups, by_no: dict, by_name: dict) -> None:
    company_no = row.values.get("company_no", "")
    if row.type == Contact.Type.COMPANY:
        message = rules.company_error(contact_type=row.type, company_no=company_no, company=None, own_no=row.no)
        if message:
            row.error("company_no", message)
        row.company_name = row.clean["name"]
        return
    if company_no:
        if company_no in by_no and by_no[company_no] is not row:
            _link_to_row(row, by_no[company_no])
            return
        found = lookups.contacts.get(company_no)
        company = Contact(pk=found[0], no=company_no, type=found[1], name=found[2]) if found else None
        message = rules.company_error(contact_type=row.type, company_no=company_no, company=company)
        if message:
            row.error("company_no", message)
        elif company is not None:
            row.company_id, row.company_name = company.pk, company.name
        return
    name = row.values.get("company_name", "")
    if not name:
        return
    in_file = by_name.get(name, [])
    if len(in_file) == 1:
        _link_to_row(row, in_file[0])
    elif len(in_file) > 1:
        row.error("company_name", COMPANY_NAME_AMBIGUOUS % {"name": name})
    elif len(existing := lookups.companies_by_name.get(name, [])) == 1:
        row.company_id, row.company_name = existing[0]
    elif existing:
        row.error("company_name", COMPANY_NAME_AMBIGUOUS % {"name": name})
    else:
        row.error("company_name", COMPANY_NAME_UNKNOWN % {"name": name})


def _link_to_row(row: CheckedRow, company_row: CheckedRow) -> None:
    if company_row.type != Contact.Type.COMPANY:
        row.error("company_no", COMPANY_ROW_IS_PERSON % {"row": company_row.row_no})
        return
    row.company_row, row.company_name = company_row.row_no, company_row.clean["name"]


# --- preview --------------------------------------------------------------------------------------


@transaction.atomic
def create_import(*, file_name: str, data: bytes, user: User | None) -> ContactImport:
    """Read and check an uploaded file and keep its rows for the preview."""
    file_name = file_name.replace("\x00", "")  # PostgreSQL stores no NUL
    parsed = read_file(name=file_name, data=data)
    checked = check_rows(parsed.rows)
    contact_import = ContactImport.objects.create(
        file_name=file_name[:255],
        columns=[CAPTIONS[name] for name in parsed.columns],
        ignored_columns=parsed.ignored,
        total_rows=len(checked),
        invalid_rows=sum(not row.valid for row in checked),
        created_by=user,
    )
    insert_rows(
        ContactImportLine,
        ["contact_import_id", "row_no", "values", "errors", "valid"],
        [(contact_import.pk, row.row_no, row.values, _errors_json(row), row.valid) for row in checked],
    )
    return contact_import


def _errors_json(row: CheckedRow) -> list[list[str]]:
    return [[caption(name) if name in CAPTIONS else "", message] for name, message in row.errors]


@transaction.atomic
def discard_import(*, contact_import: ContactImport) -> None:
    contact_import = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
    if contact_import.status != ContactImport.Status.PREVIEW:
        raise ValidationError(IMPORT_NOT_PREVIEW, code="not_preview")
    contact_import.lines.all().delete()
    contact_import.status = ContactImport.Status.DISCARDED
    contact_import.save(update_fields=["status"])


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: int
    skipped: int
    first_no: str
    last_no: str


def import_contacts(*, contact_import: ContactImport, valid_only: bool) -> ImportResult:
    """Insert the rows of a previewed file: all of them, or with `valid_only` the rows without errors.

    The rows are checked again first and their errors stored (so the preview shows the current state);
    without `valid_only` nothing is inserted while any row has an error.
    """
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.status != ContactImport.Status.PREVIEW:
            raise ValidationError(IMPORT_NOT_PREVIEW, code="not_preview")
        checked = _recheck(locked)
    invalid = sum(not row.valid for row in checked)
    if invalid and not valid_only:
        raise ValidationError(IMPORT_HAS_ERRORS, params={"count": invalid}, code="has_errors")
    if invalid == len(checked):
        raise ValidationError(IMPORT_NOTHING_VALID, code="nothing_valid")
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.status != ContactImport.Status.PREVIEW:
            raise ValidationError(IMPORT_NOT_PREVIEW, code="not_preview")
        try:
            with transaction.atomic():
                result = _insert([row for row in checked if row.valid])
        except IntegrityError:
            # A number typed in the file, or drawn from the series, was taken since the check.
            raise ValidationError(IMPORT_NO_TAKEN, code="no_taken") from None
        result.skipped = invalid
        locked.lines.all().delete()
        locked.status = ContactImport.Status.IMPORTED
        locked.imported_rows, locked.first_no, locked.last_no = result.imported, result.first_no, result.last_no
        locked.imported_at = timezone.now()
        locked.save(update_fields=["status", "imported_rows", "first_no", "last_no", "imported_at"])
    contact_import.refresh_from_db()
    return result


def _recheck(contact_import: ContactImport) -> list[CheckedRow]:
    """Check the stored rows against today's data; store errors that changed since the preview."""
    stored = list(contact_import.lines.order_by("row_no").values_list("pk", "row_no", "values", "errors"))
    checked = check_rows([(row_no, values) for _pk, row_no, values, _errors in stored])
    changed = []
    for (pk, _row_no, _values, errors), row in zip(stored, checked, strict=True):
        new_errors = _errors_json(row)
        if new_errors != errors:
            changed.append(ContactImportLine(pk=pk, errors=new_errors, valid=row.valid))
    if changed:
        ContactImportLine.objects.bulk_update(changed, ["errors", "valid"], batch_size=1000)
        contact_import.invalid_rows = sum(not row.valid for row in checked)
        contact_import.save(update_fields=["invalid_rows"])
    return checked


CONTACT_FIELDS = [
    "no",
    "no_series_id",
    "name",
    "type",
    "company_id",
    "company_name",
    "salesperson_id",
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
    "last_date_modified",
    "version",
]


def _insert(rows: list[CheckedRow]) -> ImportResult:
    """Number the rows in file order (one block from the series), insert companies, then persons, then links."""
    to_number = [row for row in rows if not row.no]
    series = None
    if to_number:
        nos, series = rules.draw_contact_nos(len(to_number))
        for row, no in zip(to_number, nos, strict=True):
            row.no, row.drawn = no, True
    today = timezone.localdate()

    def values(row: CheckedRow, company_id: int | None) -> tuple:
        clean = row.clean
        return (
            row.no,
            series.pk if row.drawn else None,
            clean["name"],
            row.type,
            company_id,
            row.company_name,
            row.salesperson_id,
            clean["address"],
            clean["post_code"],
            clean["city"],
            clean["country_region_code"],
            clean["territory_code"],
            clean["phone_no"],
            clean["email"],
            clean["correspondence_type"],
            clean["language_code"],
            clean["exclude_from_segment"],
            clean["privacy_blocked"],
            today,
            0,
        )

    companies = [row for row in rows if row.type == Contact.Type.COMPANY]
    persons = [row for row in rows if row.type == Contact.Type.PERSON]
    company_ids = insert_rows(Contact, CONTACT_FIELDS, [values(row, None) for row in companies], returning=True)
    if company_ids:
        # A company is its own company: the ones just inserted are the only companies without one.
        Contact.objects.filter(type=Contact.Type.COMPANY, company__isnull=True).update(company=F("id"))
    id_by_row = {row.row_no: pk for row, pk in zip(companies, company_ids, strict=True)}
    person_ids = insert_rows(
        Contact,
        CONTACT_FIELDS,
        [values(row, id_by_row[row.company_row] if row.company_row else row.company_id) for row in persons],
        returning=True,
    )
    ids = dict(zip((row.row_no for row in companies + persons), company_ids + person_ids, strict=True))
    for kind, (_model, link_model, column) in GROUP_KINDS.items():
        insert_rows(
            link_model,
            ["contact_id", column],
            [(ids[row.row_no], pk) for row in rows for pk in row.links[kind]],
        )
    numbers = [row.no for row in to_number]
    return ImportResult(
        imported=len(rows), skipped=0, first_no=numbers[0] if numbers else "", last_no=numbers[-1] if numbers else ""
    )
