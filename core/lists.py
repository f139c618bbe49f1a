"""Lists: an app declares a list once (columns, filters, default order, page size); this module gives every list
the same header sorting, paging, empty state, column choice and export to CSV and Excel.

A list is a `ListSpec` in the app's `lists.py` (found at start-up, so the column chooser knows every list):

    CAMPAIGNS = ListSpec(
        key="campaigns.campaigns",
        permission="campaigns.view_campaign",
        filterset=CampaignFilter,
        columns=(Column("no", _("No."), link=True), Column("description", _("Description")), ...),
        default_order=("no",),
    )

and the view is one line: `return CAMPAIGNS.render(request, queryset, "campaigns/campaign_list.html")`.
The template includes "components/list.html" (the table, its tools and the pages) where the list goes.
"""

from __future__ import annotations

import csv
import datetime
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import F, Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import bound_search_fields
from core.markup import escaped, markup
from core.record_urls import record_url

PAGE_SIZE = 50
# A list counts at most this many rows exactly and pages through at most this many (200 pages of 50): at a
# million contacts an exact COUNT(*) and a deep OFFSET cost seconds on every request. Beyond it the list says
# "10,000+" and asks for a filter or the other sort direction, which bring any row within reach.
# From this many rows in, a page's records are found by key first (CappedPaginator.page).
LATE_ROW_LOOKUP = 500
COUNT_CAP = 10_000
EXPORT_CHUNK = 2000
# Excel's last row; an export that would pass it stops there and says so in its last row.
XLSX_MAX_ROWS = 1_048_576
EXPORT_FORMATS = ("csv", "xlsx")
LISTS: dict[str, ListSpec] = {}

# Text a spreadsheet would run as a formula (OWASP "CSV injection"): starting with = @ tab or CR, or with + or -
# followed by another formula character ("-=1+1", "+@x", "--1") or by a name or call ("-SUM(A1)"). Exports put
# a ' in front of it (numbers and phone numbers such as -42.50 or +47 22 … are left alone); imports take it away.
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-]\s*[=+\-@]|[+-].*[A-Za-z(])")


def spreadsheet_safe(value: str) -> str:
    """`value` as a spreadsheet shows it as text, never runs it."""
    return "'" + value if FORMULA_START.match(value) else value


def spreadsheet_unescape(value: str) -> str:
    """Undo `spreadsheet_safe` on a cell read back from a file."""
    value = value.strip()
    return value[1:] if value.startswith("'") and FORMULA_START.match(value[1:]) else value


@dataclass(frozen=True)
class Column:
    """One column: its caption, the field it shows (a path such as "salesperson__code"), and how."""

    key: str  # stable: the ?o= value and what a user's column choice remembers
    caption: str
    field: str = ""  # defaults to key; read from the row object for the page and with values_list for exports
    sort: str | None = ""  # ORM ordering path; "" sorts by field; None is not sortable
    visible: bool = True  # in the default set (BC's page shows it without personalisation)
    link: bool = False  # the cell links to the row's card
    template: str = ""  # a cell template (given `object` and `value`) for anything more than the value
    css: str = ""  # the cell's class, e.g. "text-end" for amounts
    title: str = ""  # a path shown as the cell's tooltip (a code's description or name)
    link_to: str = ""  # a URL name: the cell links to that record's page, reversed with the cell's value
    render: Callable[[Any, Any], str] | None = None  # (record, value) -> HTML (core.markup): no template
    export: bool = True

    @property
    def path(self) -> str:
        return self.field or self.key

    @property
    def sort_path(self) -> str | None:
        return None if self.sort is None else (self.sort or self.path)


class _Links:
    """Links to the page of another record (`Column.link_to`), reversed once per value; "" while that page does
    not exist (an app above this one may not be installed)."""

    def __init__(self, url_name: str) -> None:
        self.url_name = url_name
        self.urls: dict[Any, str] = {}

    def anchor(self, value: Any) -> str:
        if value not in self.urls:
            try:
                self.urls[value] = record_url(self.url_name, None, value)
            except NoReverseMatch:
                self.urls[value] = ""
        url = self.urls[value]
        return markup('<a href="{}">{}</a>', url, value) if url else escaped(value)


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` + 1 rows and serves pages within the first `cap` rows."""

    def __init__(self, object_list: QuerySet, per_page: int, cap: int | None = None, count: int | None = None) -> None:
        """`count`: the number of rows when the caller keeps it (a total kept by triggers), instead of counting."""
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap
        if count is not None:
            self.count = min(count, self.cap + 1)  # cached_property: set, not computed; as the capped count says

    @cached_property
    def count(self) -> int:
        # Unordered and by key only: counting the first cap + 1 rows needs no sort and no join of a select_related.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.cap) // self.per_page))

    @property
    def count_label(self) -> str:
        """The count as the list shows it: "1,234", or "10,000+" when there are more."""
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"

    def validate_number(self, number: Any) -> int:
        # The first page always exists (allow_empty_first_page): no need to count the rows to know that.
        if str(number).strip() == "1":
            return 1
        return super().validate_number(number)

    def get_page(self, number: Any) -> Page:
        # No page asked for, or not a number: the first page, without counting first (Django counts to validate).
        try:
            int(str(number).strip())
        except ValueError:
            number = 1
        return super().get_page(number)

    def page(self, number: Any) -> Page:
        """The page; past the first rows, its records are found by key first (a late row lookup).

        OFFSET reads every skipped row with all of the list's joins (a segment line with its contact, company,
        campaign …): 10,000 rows in, that is half a second. So a deep page first takes its keys from the sorted
        list alone (only the joins its order needs), then reads its 50 records with every join, in the same order.

        The first page is read before the count: when it holds fewer rows than a page, they are all the rows, and
        the count (a second search through the same filter: a search by name probes its index twice) is not run.
        """
        number = self.validate_number(number)
        if number == 1 and isinstance(self.object_list, QuerySet) and "count" not in self.__dict__:
            rows = list(self.object_list[: self.per_page])
            if len(rows) < self.per_page:
                self.count = len(rows)  # cached_property: set, not computed
            return self._get_page(rows, 1, self)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        if bottom < LATE_ROW_LOOKUP or not isinstance(rows, QuerySet):
            return self._get_page(rows[bottom:top], number, self)
        keys = list(rows.values_list("pk", flat=True)[bottom:top])
        return self._get_page(list(rows.filter(pk__in=keys)), number, self)


@dataclass
class Cell:
    column: Column
    value: Any  # what the template shows (dates, yes/no and choices already as text)
    title: Any = ""
    html: str = ""  # the whole cell, rendered in Python (every cell but those with a template: faster)


@dataclass
class Row:
    object: Model
    cells: list[Cell]
    css: str = ""
    html: str = ""  # the row's cells, when Python rendered every one of them (ListSpec.rows)


# A view's renderers for cells that need the page, by column key: (record, value) -> the cell's HTML.
type PageCells = dict[str, Callable[[Any, Any], str]]


@dataclass
class Header:
    column: Column
    url: str | None  # None: not sortable
    direction: str  # "ascending", "descending" or "" (aria-sort)


def read_path(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def model_field(model: type[Model], path: str):
    """The model field at the end of `path`, or None for an annotation or a property."""
    parts = path.split("__")
    try:
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        return model._meta.get_field(parts[-1]) if model else None
    except FieldDoesNotExist:
        return None


def may_be_null(model: type[Model], path: str) -> bool:
    """Whether the column at `path` can be NULL: a nullable field, or any nullable link on the way to it.

    An annotation or a property counts as nullable."""
    try:
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if getattr(field, "null", True):
                return True
            model = field.related_model
    except FieldDoesNotExist:
        return True
    return False


def relation_of(model: type[Model], path: str) -> str:
    """The relation a column at `path` reads through ("salesperson" of "salesperson__code"), as select_related
    names it; "" for the model's own field, an annotation or a property. Only forward links (a foreign key or
    one-to-one on this side) count: they are what select_related joins."""
    parts = path.split("__")
    joined = []
    for part in parts[:-1]:
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            break
        joined.append(part)
        model = field.related_model
    return "__".join(joined)


def on_screen(raw: Any, value: Any) -> Any:
    """What a list cell shows: dates and times as the reader's language writes them (SHORT_DATE_FORMAT: 2026-12-31
    in English, 31.12.2026 in Norwegian), everything else as `shown` gives it (exports keep ISO dates)."""
    if isinstance(raw, datetime.datetime) and timezone.is_aware(raw):
        return timezone.localtime(raw)
    if isinstance(raw, datetime.date):
        return raw
    return value


def shown(value: Any, choices: dict | None) -> Any:
    """A value as a list cell and an export show it: choices by their label, dates as ISO, yes/no, blanks."""
    if value is None:
        return ""
    if choices is not None:
        return choices.get(value, value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ListSpec:
    """A list page: what it shows, how it filters and sorts, who may see it."""

    key: str  # "<app>.<list>", unique: names the list in column choices
    permission: str  # the permission that shows the list (and so its export and column choice)
    columns: tuple[Column, ...]
    default_order: tuple[str, ...]
    filterset: type | None = None
    page_size: int = PAGE_SIZE
    empty: str = gettext_lazy("No records match the filters.")
    title: str = ""  # the export's file name
    filter_kwargs: Callable[[HttpRequest], dict] | None = None  # extra FilterSet arguments (e.g. the user)
    row_css: Callable[[Model], str] | None = None  # a row's class from its record (closed tasks are muted)
    # When set, a page joins (select_related) only the relations its chosen columns read, plus these (what the
    # row's class, the view's page cells or the rest of the page read); None keeps the view's select_related.
    always_joined: tuple[str, ...] | None = None
    choices: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        keys = [column.key for column in self.columns]
        assert len(keys) == len(set(keys)), f"{self.key}: column keys repeat"
        LISTS[self.key] = self

    @property
    def slug(self) -> str:
        """The key as an HTML id or test id ("campaigns-campaigns")."""
        return self.key.replace(".", "-").replace("_", "-")

    # --- columns ----------------------------------------------------------------------------------

    def default_keys(self) -> list[str]:
        return [column.key for column in self.columns if column.visible]

    def chosen_columns(self, request: HttpRequest) -> list[Column]:
        """The user's chosen columns in the declared order, or the default set."""
        from core.models import ListLayout

        keys = None
        if request.user.is_authenticated:
            keys = ListLayout.objects.filter(user=request.user, list_key=self.key).values_list("columns", flat=True)
            keys = next(iter(keys), None)
        chosen = set(keys) if keys else set(self.default_keys())
        columns = [column for column in self.columns if column.key in chosen]
        return columns or [column for column in self.columns if column.visible]

    def _choices(self, queryset: QuerySet, column: Column) -> dict | None:
        found = model_field(queryset.model, column.path)
        if found is None or not getattr(found, "choices", None):
            return None
        return {value: str(label) for value, label in found.flatchoices}

    # --- sorting ----------------------------------------------------------------------------------

    def sorted(self, queryset: QuerySet, order: str) -> tuple[QuerySet, str]:
        """Sort by `?o=` (a sortable column's key, "-" first for descending), else the default order.

        Blanks come first ascending and last descending on every database (as BC sorts them); ties by pk,
        so pages never repeat or skip a row. Returns the order applied ("" for the default).
        """
        key = order.strip()
        column = next((c for c in self.columns if c.key == key.removeprefix("-") and c.sort_path), None)
        if column is None:
            return queryset.order_by(*self.default_order, "pk"), ""
        # NULLS FIRST/LAST only where NULL can occur: said of a NOT NULL column it keeps the database from reading
        # the column's index backwards (a segment's lines sorted down would sort 200,000 rows).
        nullable = may_be_null(queryset.model, column.sort_path)
        if key.startswith("-"):
            return queryset.order_by(F(column.sort_path).desc(nulls_last=nullable or None), "-pk"), key
        return queryset.order_by(F(column.sort_path).asc(nulls_first=nullable or None), "pk"), key

    def joined_for(self, queryset: QuerySet, columns: list[Column]) -> QuerySet:
        """The queryset joining only what the chosen columns read, when the list says so (`always_joined`).

        The planner tries every order of the joined tables: a task list joining seven tables planned for 36-70 ms
        a query that runs in 1 ms at a million contacts, and with the four its columns show, in 1.5 ms.
        """
        if self.always_joined is None:
            return queryset
        relations = set(self.always_joined)
        for column in columns:
            for path in (column.path, column.title):
                relations.add(relation_of(queryset.model, path) if path else "")
        relations.discard("")
        queryset = queryset.select_related(None)
        return queryset.select_related(*sorted(relations)) if relations else queryset

    def headers(self, request: HttpRequest, columns: list[Column], order: str) -> list[Header]:
        current = order or self._default_key()
        headers = []
        for column in columns:
            if column.sort_path is None:
                headers.append(Header(column, None, ""))
                continue
            direction = "ascending" if current == column.key else "descending" if current == f"-{column.key}" else ""
            query = request.GET.copy()
            query.pop("page", None)
            query.pop("export", None)
            query["o"] = f"-{column.key}" if direction == "ascending" else column.key
            headers.append(Header(column, f"?{query.urlencode()}", direction))
        return headers

    def _default_key(self) -> str:
        first = self.default_order[0] if self.default_order else ""
        for column in self.columns:
            if column.sort_path and column.sort_path == first.removeprefix("-"):
                return ("-" if first.startswith("-") else "") + column.key
        return ""

    # --- the page ---------------------------------------------------------------------------------

    @staticmethod
    def filters_given(filterset) -> bool:
        """Whether the request gives a value to any of the FilterSet's filters (an empty value filters nothing)."""
        data = filterset.data or {}
        return any(str(data.get(name, "")).strip() for name in filterset.filters)

    def filtered(self, request: HttpRequest, queryset: QuerySet):
        """The FilterSet (or None) and the filtered, sorted queryset, with the order applied."""
        filterset = None
        if self.filterset is not None:
            extra = self.filter_kwargs(request) if self.filter_kwargs else {}
            filterset = self.filterset(request.GET or None, queryset=queryset, **extra)
            bound_search_fields(filterset.form)
            queryset = filterset.qs
        queryset, order = self.sorted(queryset, request.GET.get("o", ""))
        return filterset, queryset, order

    def rows(
        self, objects: Iterable[Model], columns: list[Column], queryset: QuerySet, cells: PageCells | None = None
    ) -> list[Row]:
        """The page's rows, each cell's value and HTML where Python renders it (cheaper than a template per cell).

        `cells` are renderers the view supplies by column key, for cells that need the page (the card, the user's
        permissions, the CSRF token): they take the place of the column's template. A row whose every cell is
        rendered in Python is written whole (`Row.html`), so the template does not loop over its cells.
        """
        cells = cells or {}
        choices = {column.key: self._choices(queryset, column) for column in columns}
        links = {column.key: _Links(column.link_to) for column in columns if column.link_to}
        in_python = all(column.key in cells or not column.template for column in columns)
        opening = {column.key: markup('<td class="{}">', column.css) for column in columns}  # once per page
        rows = []
        for obj in objects:
            row_cells = []
            for column in columns:
                raw = read_path(obj, column.path)
                value = shown(raw, choices[column.key])
                cell = Cell(column, value, read_path(obj, column.title) if column.title else "")
                if column.key in cells:
                    cell.html = cells[column.key](obj, value)
                elif not column.template:
                    cell.html = self._cell_html(obj, column, cell, links.get(column.key), on_screen(raw, value))
                row_cells.append(cell)
            row = Row(obj, row_cells, self.row_css(obj) if self.row_css else "")
            if in_python:
                # Every cell's html is escaped (markup, escaped) or a view's renderer's safe HTML.
                row.html = SafeString("".join(f"{opening[c.column.key]}{escaped(c.html)}</td>" for c in row_cells))
            rows.append(row)
        return rows

    @staticmethod
    def _cell_html(obj: Model, column: Column, cell: Cell, links: _Links | None, display: Any) -> str:
        """A cell without a template, as the template would have written it (values localized and escaped)."""
        if column.render is not None:
            return column.render(obj, cell.value)
        if links is not None:
            return links.anchor(cell.value) if cell.value != "" else ""
        if column.link:
            return markup('<a href="{}">{}</a>', obj.get_absolute_url(), localize(display))
        if cell.title:
            return markup('<span title="{}">{}</span>', localize(cell.title), localize(display))
        return escaped(localize(display))

    def build(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        cells: PageCells | None = None,
        unfiltered_count: int | None = None,
    ) -> tuple[Any, QuerySet, ListPage]:
        """The FilterSet, the filtered and sorted queryset, and the page to show: for a list inside a card.

        `cells`: the view's renderers for cells that need the page (see `rows`). `unfiltered_count`: the number of
        rows before filtering, when the view keeps it (a total kept by triggers): no filter given, it is the count.
        """
        filterset, queryset, order = self.filtered(request, queryset)
        columns = self.chosen_columns(request)
        count = unfiltered_count if filterset is None or not self.filters_given(filterset) else None
        page = CappedPaginator(self.joined_for(queryset, columns), self.page_size, count=count).get_page(
            request.GET.get("page")
        )
        listing = ListPage(
            spec=self,
            page_obj=page,
            headers=self.headers(request, columns, order),
            rows=self.rows(page.object_list, columns, queryset, cells),
            columns=columns,
            order=order,
            columns_url=self.columns_url(request),
        )
        return filterset, queryset, listing

    def columns_url(self, request: HttpRequest) -> str:
        """The column chooser, coming back to this page."""
        return f"{reverse('core:list_columns', args=[self.key])}?{urlencode({'next': request.get_full_path()})}"

    def export_response(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """The export `?export=csv` or `?export=xlsx` asks for (filters, sort and chosen columns applied), or None."""
        kind = request.GET.get("export", "")
        if kind not in EXPORT_FORMATS:
            return None
        _filterset, queryset, _order = self.filtered(request, queryset)
        return self.export(queryset, self.chosen_columns(request), kind)

    def render(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        template: str,
        context: dict | None = None,
        cells: PageCells | None = None,
    ) -> HttpResponse:
        """The list page, or its export when `?export=csv` or `?export=xlsx` asks for one (`cells`: see `rows`)."""
        if (export := self.export_response(request, queryset)) is not None:
            return export
        filterset, _queryset, listing = self.build(request, queryset, cells)
        base = {"filter": filterset, "page_obj": listing.page_obj, "order": listing.order, "listing": listing}
        return render(request, template, base | (context or {}))

    # --- export -----------------------------------------------------------------------------------

    def export_values(self, queryset: QuerySet, columns: list[Column]) -> Iterator[list]:
        """The exported rows (caption row first): one query read in chunks, plain tuples, no model objects."""
        columns = [column for column in columns if column.export]
        yield [str(column.caption) for column in columns]
        choices = [self._choices(queryset, column) for column in columns]
        for values in queryset.values_list(*(column.path for column in columns)).iterator(chunk_size=EXPORT_CHUNK):
            yield [cell_value(shown(value, kinds)) for value, kinds in zip(values, choices, strict=True)]

    def export(self, queryset: QuerySet, columns: list[Column], kind: str) -> HttpResponse:
        stem = slugify(str(self.title) or self.key) or "export"
        name = f"{stem}-{timezone.localdate().isoformat()}.{kind}"
        if kind == "csv":
            response = StreamingHttpResponse(csv_lines(self.export_values(queryset, columns)), content_type=CSV_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return FileResponse(xlsx_file(self.export_values(queryset, columns)), as_attachment=True, filename=name)


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value: Any) -> Any:
    """Numbers stay numbers; text is made safe from formula injection."""
    if isinstance(value, int | float | Decimal):
        return value
    return spreadsheet_safe(str(value))


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    first = True
    for row in rows:
        line = writer.writerow(row)
        yield ("\ufeff" + line) if first else line  # the BOM makes Excel read UTF-8
        first = False


def xlsx_file(rows: Iterator[list]):
    """An .xlsx of the rows, written row by row to a temporary file (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for count, row in enumerate(rows, start=1):
        if count == XLSX_MAX_ROWS:
            sheet.append([_("Excel holds no more rows: the rest of the list is not in this file.")])
            break
        # Control characters have no place in an .xlsx file (Excel would refuse to open it).
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it after sending
    workbook.save(handle)
    handle.seek(0)
    return handle


@dataclass
class ListPage:
    """What components/list.html renders."""

    spec: ListSpec
    page_obj: Page
    headers: list[Header]
    rows: list[Row]
    columns: list[Column]
    order: str
    columns_url: str  # the column chooser, coming back here
