"""Sales Prices and Sales Line Discounts: the general lists and cards, and the campaign card's pages.

Both kinds of row have the same pages; `SalesRows` holds what differs (model, form, list, names, messages),
and each URL's view is a thin function that states its permission and hands over its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from campaigns.models import Campaign
from core.cards import delete_with_question, make_read_only, save_card
from core.http import usable_text
from core.lists import ListSpec
from pricing import services
from pricing.forms import SalesLineDiscountForm, SalesPriceForm
from pricing.lists import SALES_LINE_DISCOUNTS, SALES_PRICES
from pricing.models import CampaignActivation, Item, SalesLineDiscount, SalesPrice, SalesPricing
from pricing.views.common import campaign_card_url, paginate, permission_by_method


@dataclass(frozen=True)
class SalesRows:
    """What differs between the Sales Price pages and the Sales Line Discount pages."""

    model: type[SalesPricing]
    form_class: type
    spec: ListSpec
    name: str  # the URL names' stem: pricing:<name>_list, _create, _update, _delete
    related: tuple[str, ...]  # read with each row (select_related)
    initial_keys: tuple[str, ...]  # list filters a new row takes as its initial values
    save: Callable[..., SalesPricing]  # the service: save(row, expected_version=…)
    title: str
    verbose_name: str
    created: str
    saved: str
    deleted: str
    added_to_campaign: str  # %(no)s
    add_heading: str
    add_button: str
    campaign_testid: str
    campaign_order: tuple[str, ...]  # the campaign page's order (its Sales Type and Code are the campaign's)
    caption: Callable[[SalesPricing], str]  # the row in "Do you want to delete …?"
    heading: Callable[[SalesPricing], str]  # the card's heading after the kind

    def url(self, page: str) -> str:
        return f"pricing:{self.name}_{page}"

    @property
    def url_list(self) -> str:
        return self.url("list")

    @property
    def url_create(self) -> str:
        return self.url("create")

    @property
    def delete_url(self) -> str:
        return self.url("delete")

    @property
    def campaign_page(self) -> str:
        return f"pricing:campaign_{self.name}s"

    def permission(self, action: str) -> str:
        return f"pricing.{action}_{self.model._meta.model_name}"

    def rows(self):
        return self.model.objects.select_related(*self.related)

    def listed(self):
        """The list's rows, with the computed columns it shows, sorts and exports."""
        rows = self.rows().with_sales_code()
        return rows.with_code() if self.model is SalesLineDiscount else rows


PRICES = SalesRows(
    model=SalesPrice,
    form_class=SalesPriceForm,
    spec=SALES_PRICES,
    name="price",
    related=("item", "customer", "customer_price_group", "campaign", "currency"),
    initial_keys=("item", "sales_type", "sales_code"),
    save=lambda row, expected_version: services.save_sales_price(price=row, expected_version=expected_version),
    title=gettext_lazy("Sales Prices"),
    verbose_name=gettext_lazy("Sales Price"),
    created=gettext_lazy("The sales price has been created."),
    saved=gettext_lazy("The sales price has been saved."),
    deleted=gettext_lazy("The sales price has been deleted."),
    added_to_campaign=gettext_lazy("The sales price has been added to campaign %(no)s."),
    add_heading=gettext_lazy("Add a sales price"),
    add_button=gettext_lazy("Add price"),
    campaign_testid="add-price",
    campaign_order=("item__no", "currency__code", "variant_code", "unit_of_measure_code", "minimum_quantity"),
    caption=lambda price: (
        _("the sales price %(price)s of item %(item)s") % {"price": price.unit_price, "item": price.item.no}
    ),
    heading=lambda price: f"{price.item.no} {price.item.description}",
)

DISCOUNTS = SalesRows(
    model=SalesLineDiscount,
    form_class=SalesLineDiscountForm,
    spec=SALES_LINE_DISCOUNTS,
    name="discount",
    related=("item", "item_disc_group", "customer", "customer_disc_group", "campaign", "currency"),
    initial_keys=("type", "code", "sales_type", "sales_code"),
    save=lambda row, expected_version: services.save_line_discount(discount=row, expected_version=expected_version),
    title=gettext_lazy("Sales Line Discounts"),
    verbose_name=gettext_lazy("Sales Line Discount"),
    created=gettext_lazy("The sales line discount has been created."),
    saved=gettext_lazy("The sales line discount has been saved."),
    deleted=gettext_lazy("The sales line discount has been deleted."),
    added_to_campaign=gettext_lazy("The sales line discount has been added to campaign %(no)s."),
    add_heading=gettext_lazy("Add a sales line discount"),
    add_button=gettext_lazy("Add discount"),
    campaign_testid="add-discount",
    campaign_order=("type", "item__no", "item_disc_group__code", "currency__code", "variant_code", "minimum_quantity"),
    caption=lambda discount: _("the sales line discount of %(pct)s %%") % {"pct": discount.line_discount_pct},
    heading=lambda discount: f"{discount.get_type_display()} {discount.code}",
)


def _items_datalist():
    return Item.objects.filter(blocked=False).only("no", "description")[:500]


def _save(request: HttpRequest, kind: SalesRows, form) -> bool:
    """Save the card's row through the kind's service; its refusals land next to the fields the form shows."""

    def update(form) -> None:
        kind.save(form.save(commit=False), expected_version=form.expected_version)

    return save_card(request, form, update)


def _context(request: HttpRequest, kind: SalesRows, **more) -> dict:
    user = request.user
    can = {"can_add": user.has_perm(kind.permission("add")), "can_delete": user.has_perm(kind.permission("delete"))}
    return {"rows": kind, **can, **more}


def _back_to(kind: SalesRows, row: SalesPricing) -> str:
    """Campaign rows return to the campaign's page, others to the general list."""
    if row.campaign_id:
        return reverse(kind.campaign_page, kwargs={"no": row.campaign.no})
    return reverse(kind.url("list"))


def _list(request: HttpRequest, kind: SalesRows) -> HttpResponse:
    new_row = {key: value for key in kind.initial_keys if (value := usable_text(request.GET.get(key)))}
    context = _context(request, kind, new_row=new_row)
    return kind.spec.render(request, kind.listed(), "pricing/sales_rows_list.html", context)


def _create(request: HttpRequest, kind: SalesRows) -> HttpResponse:
    initial = {key: value for key in kind.initial_keys if (value := usable_text(request.GET.get(key)))}
    form = kind.form_class(request.POST or None, initial=initial)
    if _save(request, kind, form):
        messages.success(request, kind.created)
        return redirect(_back_to(kind, form.instance))
    return render(request, "pricing/sales_row_form.html", _context(request, kind, form=form, items=_items_datalist()))


def _update(request: HttpRequest, kind: SalesRows, pk: int) -> HttpResponse:
    row = get_object_or_404(kind.rows(), pk=pk)
    form = kind.form_class(request.POST or None, instance=row)
    if not request.user.has_perm(kind.permission("change")):
        make_read_only(form)
    elif _save(request, kind, form):
        messages.success(request, kind.saved)
        return redirect(_back_to(kind, row))
    context = _context(request, kind, form=form, row=row, heading=kind.heading(row), items=_items_datalist())
    return render(request, "pricing/sales_row_form.html", context)


def _delete(request: HttpRequest, kind: SalesRows, pk: int) -> HttpResponse:
    row = get_object_or_404(kind.model.objects.select_related("campaign", "item"), pk=pk)
    return delete_with_question(
        request,
        record=row,
        caption=kind.caption(row),
        delete=row.delete,
        deleted=str(kind.deleted),
        done_url=_back_to(kind, row),
    )


def _campaign_rows(request: HttpRequest, kind: SalesRows, no: str) -> HttpResponse:
    """The campaign's rows, with a line to add one (Sales Type Campaign, the campaign's dates)."""
    campaign = get_object_or_404(Campaign, no=no)
    form = kind.form_class(request.POST or None, campaign=campaign)
    if _save(request, kind, form):
        messages.success(request, kind.added_to_campaign % {"no": campaign.no})
        return redirect(kind.campaign_page, no=campaign.no)
    rows = kind.rows().for_campaign(campaign).order_by(*kind.campaign_order, "pk")
    context = _context(
        request,
        kind,
        campaign=campaign,
        campaign_url=campaign_card_url(campaign),
        activated=CampaignActivation.objects.filter(campaign=campaign).exists(),
        form=form,
        page_obj=paginate(request, rows),
        items=_items_datalist(),
    )
    return render(request, "pricing/campaign_rows.html", context)


# --- sales prices ---------------------------------------------------------------------------------


@permission_required("pricing.view_salesprice", raise_exception=True)
@require_safe
def price_list(request: HttpRequest) -> HttpResponse:
    return _list(request, PRICES)


@permission_required("pricing.add_salesprice", raise_exception=True)
def price_create(request: HttpRequest) -> HttpResponse:
    return _create(request, PRICES)


@permission_by_method(get="pricing.view_salesprice", post="pricing.change_salesprice")
def price_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _update(request, PRICES, pk)


@permission_required("pricing.delete_salesprice", raise_exception=True)
@require_POST
def price_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, PRICES, pk)


@permission_by_method(get="pricing.view_salesprice", post="pricing.add_salesprice")
def campaign_prices(request: HttpRequest, no: str) -> HttpResponse:
    return _campaign_rows(request, PRICES, no)


# --- sales line discounts -------------------------------------------------------------------------


@permission_required("pricing.view_saleslinediscount", raise_exception=True)
@require_safe
def discount_list(request: HttpRequest) -> HttpResponse:
    return _list(request, DISCOUNTS)


@permission_required("pricing.add_saleslinediscount", raise_exception=True)
def discount_create(request: HttpRequest) -> HttpResponse:
    return _create(request, DISCOUNTS)


@permission_by_method(get="pricing.view_saleslinediscount", post="pricing.change_saleslinediscount")
def discount_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _update(request, DISCOUNTS, pk)


@permission_required("pricing.delete_saleslinediscount", raise_exception=True)
@require_POST
def discount_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, DISCOUNTS, pk)


@permission_by_method(get="pricing.view_saleslinediscount", post="pricing.add_saleslinediscount")
def campaign_discounts(request: HttpRequest, no: str) -> HttpResponse:
    return _campaign_rows(request, DISCOUNTS, no)
