"""The pricing home page and the price simulator ("Why this price?")."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from campaigns.models import Campaign
from core.http import query_param
from pricing import services
from pricing.forms import SimulatorForm
from pricing.models import Customer, Item
from pricing.views.common import add_service_errors


@permission_required("pricing.view_salesprice", raise_exception=True)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Pricing: prices, discounts, master data and the simulator."""
    return render(request, "pricing/home.html")


@permission_required("pricing.view_salesprice", raise_exception=True)
@require_safe
def simulator(request: HttpRequest) -> HttpResponse:
    """Price a sales line and show every candidate row with the reason it did or did not win.

    Pre-filled from ?customer=&contact=&item=&campaign= (a campaign sets a date inside its period).
    """
    asked = "item" in request.GET and "date" in request.GET
    form = SimulatorForm(request.GET if asked else None, initial=_initial(request))
    result = None
    if asked and form.is_valid():
        data = form.cleaned_data
        buyer = data["customer"] or data["contact"]
        currency = data["currency"]
        if currency is None and isinstance(buyer, Customer) and "currency" not in request.GET:
            currency = buyer.currency
        try:
            result = services.calculate_sales_line_price(
                customer=buyer,
                item=data["item"],
                date=data["date"],
                quantity=data["quantity"],
                unit_of_measure_code=data["unit_of_measure_code"],
                variant_code=data["variant_code"],
                currency_code=currency.code if currency else "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "form": form,
        "result": result,
        "items": Item.objects.filter(blocked=False).only("no", "description")[:500],
        "customers": Customer.objects.only("no", "name")[:500],
    }
    return render(request, "pricing/simulator.html", context)


def _initial(request: HttpRequest) -> dict:
    initial = {"date": timezone.localdate(), "quantity": 1}
    for key in ("customer", "contact", "item"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    customer = Customer.objects.filter(no=query_param(request, "customer")).select_related("currency").first()
    if customer and customer.currency:
        initial["currency"] = customer.currency.code
    campaign = Campaign.objects.filter(no=query_param(request, "campaign")).first()
    if campaign and campaign.starting_date:
        # Today when the campaign runs today, else its first day: the date its prices apply on.
        today = initial["date"]
        running = campaign.starting_date <= today and (campaign.ending_date is None or today <= campaign.ending_date)
        initial["date"] = today if running else campaign.starting_date
    return initial
