"""Code tables: small setup tables of a Code, a Description and sometimes a few more fields (industry groups,
business relations, campaign status codes, close codes, units, customer price groups, …). An app declares each
table once; this module gives every table the same list, card, create and delete pages and their URLs.

The model usually derives from `core.models.CodeDescription` (Code, Description, `__str__`, and a
`get_absolute_url` that finds the table's card); a model with its own `code` field works as well.

Declare the table in the app's `lists.py` (found at start-up, so its list is known to the column chooser):

    INDUSTRY_GROUPS = CodeTable(
        IndustryGroup,
        namespace="contacts",                       # the app's URL namespace (app_name)
        prefix="setup/industry-groups/",            # where its pages live inside the app's URLs
        used_by="contact_links",                    # counted for the list's "used by" column (optional)
        used_by_caption=_("No. of Contacts"),
        used_by_list="contacts:list",               # the count links to this list, filtered on the code …
        used_by_filter="industry_group",            # … by this query parameter (optional)
        in_use=_("You cannot delete %(table)s %(code)s because contacts have it (%(count)d)."),
    )

and add its URLs in the app's urls.py: `urlpatterns += INDUSTRY_GROUPS.urls()`. The URL names are
`<namespace>:<name>_list`, `_create`, `_update` and `_delete`, where `name` defaults to the model name
(`contacts:industrygroup_list`); pass `name="status"` to keep names such as `campaigns:status_list`.

Tables with more fields pass `fields=` (the card's fields, in order) or their own `form=` (a ModelForm; derive
it from `core.forms.CodeTableForm` for the upper-case code and the Save button), and `columns=` for the extra
list columns (`core.lists.Column`) shown between Description and the "used by" count:

    STATUS_CODES = CodeTable(
        CampaignStatus, namespace="campaigns", prefix="status-codes/", name="status",
        fields=("code", "description", "sort_order"),
        columns=(Column("sort_order", _("Sort Order"), css="num"),),
        default_order=("sort_order", "code"),
        used_by="campaigns", used_by_caption=_("Campaigns"), used_by_list="campaigns:list", used_by_filter="status",
        delete=lambda status: services.delete_status(status=status),   # a service that refuses with ValidationError
    )

Permissions are the model's own: `<app>.view_<model>` shows the list and the card (read-only), `change_`
saves the card, `add_` creates, `delete_` deletes. A delete asks BC's question first; it is refused with
`in_use` (given table, code and count) while `used_by` counts any row, by the `delete` service's
ValidationError, or by a protected reference. The list is a `core.lists.ListSpec` with the key
`<app_label>.<name>` (`table.spec`), so it sorts, exports and remembers columns like every other list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cards import delete_with_question, make_read_only
from core.forms import CodeTableForm, save_or_report
from core.lists import Column, ListSpec

# Every declared table by its model, so a row finds its card (CodeDescription.get_absolute_url).
TABLES: dict[type[Model], CodeTable] = {}


class CodeTableFilter(django_filters.FilterSet):
    """The search box of a code table's list: Code or Description."""

    q = django_filters.CharFilter(
        label=gettext_lazy("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Code or Description")}),
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(code__icontains=value)
        if any(f.name == "description" for f in queryset.model._meta.get_fields()):
            condition |= Q(description__icontains=value)
        return queryset.filter(condition)


def code_table_filter(model: type[Model]) -> type[django_filters.FilterSet]:
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (CodeTableFilter,), {"Meta": meta})


@dataclass(frozen=True)
class CodeTable:
    """One code table: its model, where its pages live, what its list shows and when a code cannot go."""

    model: type[Model]
    namespace: str  # the app's URL namespace ("contacts")
    prefix: str  # the pages' path inside the app's URLs ("setup/industry-groups/")
    name: str = ""  # the URL names' stem; the model name when blank ("industrygroup" → industrygroup_list)
    fields: tuple[str, ...] = ("code", "description")  # the card's fields (when no form is given)
    form: type[forms.ModelForm] | None = None
    title: str = ""  # the list's title; the model's verbose_name_plural when blank
    intro: str = ""  # a sentence under the list's title
    columns: tuple[Column, ...] = ()  # extra list columns, after Code and Description
    default_order: tuple[str, ...] = ("code",)
    used_by: str = ""  # a relation counted for the list's "used by" column and the delete check
    used_by_count: str = ""  # a field that keeps that count (by triggers), read by the list instead of counting
    used_by_caption: str = gettext_lazy("Used by")
    used_by_list: str = ""  # the list (URL name) the count links to …
    used_by_filter: str = ""  # … filtered on the code with this query parameter
    in_use: str = gettext_lazy("You cannot delete %(table)s %(code)s because it is in use (%(count)d).")
    delete: Callable[[Any], None] | None = None  # a service that deletes a row or raises ValidationError
    save: Callable[[forms.ModelForm], Model] | None = None  # a service that saves the form's row (or raises)
    breadcrumbs: str = ""  # a template with the breadcrumb items before the list's (default: Setup)
    filterset: type | None = None  # the list's filters (default: a search on Code and Description)
    spec: ListSpec = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.name or self.model._meta.model_name)
        object.__setattr__(self, "spec", self._make_spec())
        TABLES[self.model] = self

    def _make_spec(self) -> ListSpec:
        columns = [Column("code", gettext_lazy("Code"), link=True)]
        if any(f.name == "description" for f in self.model._meta.get_fields()):
            columns.append(Column("description", gettext_lazy("Description")))
        columns += self.columns
        if self.used_by:
            columns.append(
                Column("used_by", self.used_by_caption, css="num", template="components/code_table_used_by.html")
            )
        return ListSpec(
            key=f"{self.model._meta.app_label}.{self.name}",
            permission=self.permission("view"),
            title=self.list_title,
            filterset=self.filterset or code_table_filter(self.model),
            columns=tuple(columns),
            default_order=self.default_order,
            empty=gettext_lazy("No codes match the filters."),
        )

    # --- names ------------------------------------------------------------------------------------

    @property
    def verbose_name(self) -> str:
        return self.model._meta.verbose_name

    @property
    def list_title(self) -> str:
        return self.title or self.model._meta.verbose_name_plural

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def url_name(self, page: str) -> str:
        return f"{self.namespace}:{self.name}_{page}"

    def card_url(self, row: Model) -> str:
        return reverse(self.url_name("update"), kwargs={"code": row.code})

    def used_by_url(self, row: Model) -> str:
        """The list of what uses `row`, filtered on its code ("" when the table links to none)."""
        if not (self.used_by_list and self.used_by_filter):
            return ""
        return reverse(self.used_by_list) + "?" + urlencode({self.used_by_filter: row.code})

    def caption(self, code: str) -> str:
        return f"{self.verbose_name} {code}"

    @cached_property
    def form_class(self) -> type[forms.ModelForm]:
        return self.form or forms.modelform_factory(self.model, form=CodeTableForm, fields=list(self.fields))

    # --- reads and writes ---------------------------------------------------------------------------

    def rows(self) -> QuerySet:
        """The list's rows, each with its "used by" count: the stored count, or a count per row shown (a scalar
        subquery, so the list's own count and its pages do not join and group what uses the rows)."""
        rows = self.model.objects.all()
        if self.used_by_count:
            return rows.annotate(used_by=F(self.used_by_count))
        if not self.used_by:
            return rows
        relation = self.model._meta.get_field(self.used_by)
        link = relation.field.name
        users = relation.related_model._base_manager.filter(**{link: OuterRef("pk")}).order_by().values(link)
        return rows.annotate(used_by=Coalesce(Subquery(users.annotate(n=Count("pk")).values("n")), 0))

    def delete_row(self, row: Model) -> None:
        """Delete `row`, or refuse with `in_use` while anything uses it (or with the delete service's reason)."""
        if self.used_by and (count := self.model.objects.filter(pk=row.pk).aggregate(n=Count(self.used_by))["n"]):
            raise ValidationError(self.in_use, params={"table": self.verbose_name, "code": row.code, "count": count})
        if self.delete is not None:
            self.delete(row)
            return
        with transaction.atomic():
            row.delete()

    def save_form(self, form: forms.ModelForm) -> Model | None:
        """Save the card's form (through the `save` service when there is one); None when it was refused."""
        if self.save is None:
            return save_or_report(form)
        try:
            return self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return None

    # --- pages --------------------------------------------------------------------------------------

    def urls(self) -> list:
        """The list, create, card and delete URLs, named <name>_list, _create, _update and _delete."""
        table = {"table": self}
        return [
            path(self.prefix, code_table_list, table, name=f"{self.name}_list"),
            path(f"{self.prefix}new/", code_table_create, table, name=f"{self.name}_create"),
            path(f"{self.prefix}<code:code>/", code_table_update, table, name=f"{self.name}_update"),
            path(f"{self.prefix}<code:code>/delete/", code_table_delete, table, name=f"{self.name}_delete"),
        ]

    def context(self, request: HttpRequest, **extra) -> dict:
        user = request.user
        row = extra.get("row")
        return {
            "code_table": self,
            "title": self.list_title,
            "list_url": reverse(self.url_name("list")),
            "create_url": reverse(self.url_name("create")),
            "can_add": user.has_perm(self.permission("add")),
            "can_change": user.has_perm(self.permission("change")),
            "can_delete": user.has_perm(self.permission("delete")),
            "delete_url": reverse(self.url_name("delete"), kwargs={"code": row.code}) if row else "",
            **extra,
        }


def require(request: HttpRequest, table: CodeTable, action: str) -> None:
    if not request.user.has_perm(table.permission(action)):
        raise PermissionDenied


def code_table_list(request: HttpRequest, table: CodeTable) -> HttpResponse:
    require(request, table, "view")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return table.spec.render(request, table.rows(), "components/code_table_list.html", table.context(request))


def code_table_create(request: HttpRequest, table: CodeTable) -> HttpResponse:
    require(request, table, "add")
    form = table.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid() and (row := table.save_form(form)) is not None:
        messages.success(
            request, _("%(table)s %(code)s has been created.") % {"table": table.verbose_name, "code": row.code}
        )
        return redirect(table.url_name("list"))
    return render(request, "components/code_table_form.html", table.context(request, form=form, row=None))


def code_table_update(request: HttpRequest, table: CodeTable, code: str) -> HttpResponse:
    """The card: editable with the change permission, read-only with the view permission."""
    require(request, table, "change" if request.method == "POST" else "view")
    row = get_object_or_404(table.model, code=code)
    form = table.form_class(request.POST or None, instance=row)
    if not request.user.has_perm(table.permission("change")):
        make_read_only(form)
    elif request.method == "POST" and form.is_valid() and table.save_form(form) is not None:
        messages.success(
            request, _("%(table)s %(code)s has been saved.") % {"table": table.verbose_name, "code": row.code}
        )
        return redirect(table.url_name("list"))
    return render(request, "components/code_table_form.html", table.context(request, form=form, row=row))


def code_table_delete(request: HttpRequest, table: CodeTable, code: str) -> HttpResponse:
    require(request, table, "delete")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = get_object_or_404(table.model, code=code)
    return delete_with_question(
        request,
        record=row,
        caption=table.caption(code),
        delete=lambda: table.delete_row(row),
        deleted=_("%(table)s %(code)s has been deleted.") % {"table": table.verbose_name, "code": code},
        done_url=reverse(table.url_name("list")),
    )
