"""Sales Prices and Sales Line Discounts: the general lists and cards, and the campaign card's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from campaigns.models import Campaign
from core.confirm import ask_to_delete
from pricing import services
from pricing.filters import SalesLineDiscountFilter, SalesPriceFilter
from pricing.forms import SalesLineDiscountForm, SalesPriceForm
from pricing.models import CampaignActivation, Item, SalesLineDiscount, SalesPrice
from pricing.views.common import add_service_errors, campaign_card_url, paginate, permission_by_method

PRICE_RELATED = ("item", "customer", "customer_price_group", "campaign", "currency")
DISCOUNT_RELATED = ("item", "item_disc_group", "customer", "customer_disc_group", "campaign", "currency")


def _items_datalist():
    return Item.objects.filter(blocked=False).only("no", "description")[:500]


# --- sales prices ---------------------------------------------------------------------------------


@permission_required("pricing.view_salesprice", raise_exception=True)
@require_safe
def price_list(request: HttpRequest) -> HttpResponse:
    prices = SalesPriceFilter(request.GET, SalesPrice.objects.select_related(*PRICE_RELATED))
    return render(request, "pricing/price_list.html", {"filter": prices, "page_obj": paginate(request, prices.qs)})


def _save_price(request: HttpRequest, form: SalesPriceForm) -> SalesPrice | None:
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        return services.save_sales_price(price=form.save(commit=False), expected_version=form.expected_version)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@permission_required("pricing.add_salesprice", raise_exception=True)
def price_create(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET[key] for key in ("item", "sales_type", "sales_code") if key in request.GET}
    form = SalesPriceForm(request.POST or None, initial=initial)
    if price := _save_price(request, form):
        messages.success(request, _("The sales price has been created."))
        return redirect(_back_to(request, price))
    return render(request, "pricing/price_form.html", {"form": form, "items": _items_datalist()})


@permission_by_method(get="pricing.view_salesprice", post="pricing.change_salesprice")
def price_update(request: HttpRequest, pk: int) -> HttpResponse:
    price = get_object_or_404(SalesPrice.objects.select_related(*PRICE_RELATED), pk=pk)
    form = SalesPriceForm(request.POST or None, instance=price)
    if _save_price(request, form):
        messages.success(request, _("The sales price has been saved."))
        return redirect(_back_to(request, price))
    return render(request, "pricing/price_form.html", {"form": form, "price": price, "items": _items_datalist()})


@permission_required("pricing.delete_salesprice", raise_exception=True)
@require_POST
def price_delete(request: HttpRequest, pk: int) -> HttpResponse:
    price = get_object_or_404(SalesPrice.objects.select_related("campaign", "item"), pk=pk)
    caption = _("the sales price %(price)s of item %(item)s") % {"price": price.unit_price, "item": price.item.no}
    if (question := ask_to_delete(request, caption, _back_to(request, price))) is not None:
        return question
    price.delete()
    messages.success(request, _("The sales price has been deleted."))
    return redirect(_back_to(request, price))


# --- sales line discounts -------------------------------------------------------------------------


@permission_required("pricing.view_saleslinediscount", raise_exception=True)
@require_safe
def discount_list(request: HttpRequest) -> HttpResponse:
    discounts = SalesLineDiscountFilter(request.GET, SalesLineDiscount.objects.select_related(*DISCOUNT_RELATED))
    return render(
        request, "pricing/discount_list.html", {"filter": discounts, "page_obj": paginate(request, discounts.qs)}
    )


def _save_discount(request: HttpRequest, form: SalesLineDiscountForm) -> SalesLineDiscount | None:
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        return services.save_line_discount(discount=form.save(commit=False), expected_version=form.expected_version)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@permission_required("pricing.add_saleslinediscount", raise_exception=True)
def discount_create(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET[key] for key in ("type", "code", "sales_type", "sales_code") if key in request.GET}
    form = SalesLineDiscountForm(request.POST or None, initial=initial)
    if discount := _save_discount(request, form):
        messages.success(request, _("The sales line discount has been created."))
        return redirect(_back_to(request, discount))
    return render(request, "pricing/discount_form.html", {"form": form, "items": _items_datalist()})


@permission_by_method(get="pricing.view_saleslinediscount", post="pricing.change_saleslinediscount")
def discount_update(request: HttpRequest, pk: int) -> HttpResponse:
    discount = get_object_or_404(SalesLineDiscount.objects.select_related(*DISCOUNT_RELATED), pk=pk)
    form = SalesLineDiscountForm(request.POST or None, instance=discount)
    if _save_discount(request, form):
        messages.success(request, _("The sales line discount has been saved."))
        return redirect(_back_to(request, discount))
    return render(
        request, "pricing/discount_form.html", {"form": form, "discount": discount, "items": _items_datalist()}
    )


@permission_required("pricing.delete_saleslinediscount", raise_exception=True)
@require_POST
def discount_delete(request: HttpRequest, pk: int) -> HttpResponse:
    discount = get_object_or_404(SalesLineDiscount.objects.select_related("campaign"), pk=pk)
    caption = _("the sales line discount of %(pct)s %%") % {"pct": discount.line_discount_pct}
    if (question := ask_to_delete(request, caption, _back_to(request, discount))) is not None:
        return question
    discount.delete()
    messages.success(request, _("The sales line discount has been deleted."))
    return redirect(_back_to(request, discount))


def _back_to(request: HttpRequest, row) -> str:
    """Campaign rows return to the campaign's page, others to the general list."""
    if row.campaign_id:
        name = "pricing:campaign_prices" if isinstance(row, SalesPrice) else "pricing:campaign_discounts"
        return reverse(name, kwargs={"no": row.campaign.no})
    return reverse("pricing:price_list" if isinstance(row, SalesPrice) else "pricing:discount_list")


# --- from the campaign card -----------------------------------------------------------------------


def _campaign_context(campaign: Campaign) -> dict:
    return {
        "campaign": campaign,
        "campaign_url": campaign_card_url(campaign),
        "activated": CampaignActivation.objects.filter(campaign=campaign).exists(),
    }


@permission_by_method(get="pricing.view_salesprice", post="pricing.add_salesprice")
def campaign_prices(request: HttpRequest, no: str) -> HttpResponse:
    """The campaign's Sales Prices, with a line to add one (Sales Type Campaign, the campaign's dates)."""
    campaign = get_object_or_404(Campaign, no=no)
    form = SalesPriceForm(request.POST or None, campaign=campaign)
    if _save_price(request, form):
        messages.success(request, _("The sales price has been added to campaign %(no)s.") % {"no": campaign.no})
        return redirect("pricing:campaign_prices", no=campaign.no)
    prices = (
        SalesPrice.objects.for_campaign(campaign)
        .select_related("item", "currency")
        .order_by("item__no", "currency__code", "variant_code", "unit_of_measure_code", "minimum_quantity")
    )
    context = {
        **_campaign_context(campaign),
        "form": form,
        "page_obj": paginate(request, prices),
        "items": _items_datalist(),
    }
    return render(request, "pricing/campaign_prices.html", context)


@permission_by_method(get="pricing.view_saleslinediscount", post="pricing.add_saleslinediscount")
def campaign_discounts(request: HttpRequest, no: str) -> HttpResponse:
    """The campaign's Sales Line Discounts, with a line to add one."""
    campaign = get_object_or_404(Campaign, no=no)
    form = SalesLineDiscountForm(request.POST or None, campaign=campaign)
    if _save_discount(request, form):
        messages.success(request, _("The sales line discount has been added to campaign %(no)s.") % {"no": campaign.no})
        return redirect("pricing:campaign_discounts", no=campaign.no)
    discounts = SalesLineDiscount.objects.for_campaign(campaign).select_related("item", "item_disc_group", "currency")
    context = {
        **_campaign_context(campaign),
        "form": form,
        "page_obj": paginate(request, discounts),
        "items": _items_datalist(),
    }
    return render(request, "pricing/campaign_discounts.html", context)
