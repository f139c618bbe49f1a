"""Items (with units and variants), customers, the group tables and currencies: lists, cards, create, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from contacts.models import Contact
from core.cards import delete_with_question, make_read_only
from core.forms import save_or_report
from pricing import services
from pricing.forms import (
    CurrencyForm,
    CustomerForm,
    CustomerFromContactForm,
    ExchangeRateForm,
    ItemForm,
    ItemUnitOfMeasureForm,
    ItemVariantForm,
)
from pricing.lists import CURRENCIES, CUSTOMERS, ITEMS
from pricing.models import (
    CampaignTargetGroup,
    Currency,
    CurrencyExchangeRate,
    Customer,
    Item,
    ItemUnitOfMeasure,
    ItemVariant,
    SalesLineDiscount,
    SalesPrice,
)
from pricing.views.common import add_service_errors, permission_by_method, refusing_protected

# --- items ----------------------------------------------------------------------------------------


@permission_required("pricing.view_item", raise_exception=True)
@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    return ITEMS.render(request, Item.objects.select_related("item_disc_group"), "pricing/item_list.html")


@permission_required("pricing.add_item", raise_exception=True)
def item_create(request: HttpRequest) -> HttpResponse:
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(item=form.save(commit=False), manual_no=form.cleaned_data["manual_no"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(no)s has been created.") % {"no": item.no})
            return redirect(item)
    return render(request, "pricing/item_form.html", {"form": form})


@permission_by_method(get="pricing.view_item", post="pricing.change_item")
def item_detail(request: HttpRequest, no: str) -> HttpResponse:
    """The item card: its fields (editable with the right), units, variants, prices and discounts."""
    item = get_object_or_404(Item.objects.select_related("item_disc_group"), no=no)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item=form.save(commit=False), expected_version=form.expected_version, fields=form.Meta.fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(no)s has been saved.") % {"no": item.no})
            return redirect(item)
    context = {
        "item": item,
        "form": form,
        "units": item.units_of_measure.all(),
        "variants": item.variants.all(),
        "prices": item.sales_prices.select_related("customer", "customer_price_group", "campaign", "currency")[:20],
        "price_count": item.sales_prices.count(),
        "discount_count": SalesLineDiscount.objects.filter(item=item).count(),
    }
    return render(request, "pricing/item_detail.html", context)


@permission_required("pricing.delete_item", raise_exception=True)
@require_POST
def item_delete(request: HttpRequest, no: str) -> HttpResponse:
    item = get_object_or_404(Item, no=no)
    caption = _("Item %(no)s") % {"no": no}
    return delete_with_question(
        request,
        record=item,
        caption=caption,
        delete=refusing_protected(caption, item.delete),
        deleted=_("Item %(no)s has been deleted.") % {"no": no},
        done_url=reverse("pricing:item_list"),
    )


def _item_child_form(request, item, form_class, instance, save, what: str, template_title: str) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(what)s %(code)s has been saved.") % {"what": what, "code": form.instance.code}
            )
            return redirect(item)
    return render(
        request,
        "pricing/item_child_form.html",
        {"form": form, "item": item, "title": template_title, "record": instance if instance.pk else None},
    )


@permission_required("pricing.add_itemunitofmeasure", raise_exception=True)
def item_unit_create(request: HttpRequest, no: str) -> HttpResponse:
    item = get_object_or_404(Item, no=no)
    return _item_child_form(
        request,
        item,
        ItemUnitOfMeasureForm,
        ItemUnitOfMeasure(item=item),
        lambda unit: services.save_item_unit_of_measure(unit=unit),
        _("Unit of measure"),
        _("New Item Unit of Measure"),
    )


@permission_required("pricing.change_itemunitofmeasure", raise_exception=True)
def item_unit_update(request: HttpRequest, no: str, code: str) -> HttpResponse:
    unit = get_object_or_404(ItemUnitOfMeasure.objects.select_related("item"), item__no=no, code=code)
    return _item_child_form(
        request,
        unit.item,
        ItemUnitOfMeasureForm,
        unit,
        lambda unit: services.save_item_unit_of_measure(unit=unit),
        _("Unit of measure"),
        _("Item Unit of Measure %(code)s") % {"code": code},
    )


@permission_required("pricing.delete_itemunitofmeasure", raise_exception=True)
@require_POST
def item_unit_delete(request: HttpRequest, no: str, code: str) -> HttpResponse:
    unit = get_object_or_404(ItemUnitOfMeasure.objects.select_related("item"), item__no=no, code=code)
    return _item_child_delete(
        request, unit, _("Unit of measure"), lambda record: services.delete_item_unit_of_measure(unit=record)
    )


def _item_child_delete(request: HttpRequest, record, what: str, delete) -> HttpResponse:
    """Delete a unit of measure or a variant of an item, after BC's question; refusals become messages."""
    params = {"what": what, "code": record.code, "no": record.item.no}
    return delete_with_question(
        request,
        record=record.item,  # the question's No and the refusal go back to the item card
        caption=_("%(what)s %(code)s of item %(no)s") % params,
        delete=lambda: delete(record),
        deleted=_("%(what)s %(code)s has been deleted.") % params,
        done_url=record.item.get_absolute_url(),
    )


@permission_required("pricing.add_itemvariant", raise_exception=True)
def item_variant_create(request: HttpRequest, no: str) -> HttpResponse:
    item = get_object_or_404(Item, no=no)
    return _item_child_form(
        request, item, ItemVariantForm, ItemVariant(item=item), _save_variant, _("Variant"), _("New Item Variant")
    )


@permission_required("pricing.change_itemvariant", raise_exception=True)
def item_variant_update(request: HttpRequest, no: str, code: str) -> HttpResponse:
    variant = get_object_or_404(ItemVariant.objects.select_related("item"), item__no=no, code=code)
    return _item_child_form(
        request,
        variant.item,
        ItemVariantForm,
        variant,
        _save_variant,
        _("Variant"),
        _("Item Variant %(code)s") % {"code": code},
    )


def _save_variant(variant: ItemVariant) -> None:
    variant.full_clean()
    variant.save()


@permission_required("pricing.delete_itemvariant", raise_exception=True)
@require_POST
def item_variant_delete(request: HttpRequest, no: str, code: str) -> HttpResponse:
    variant = get_object_or_404(ItemVariant.objects.select_related("item"), item__no=no, code=code)
    return _item_child_delete(
        request, variant, _("Variant"), lambda record: services.delete_item_variant(variant=record)
    )


# --- customers ------------------------------------------------------------------------------------


@permission_required("pricing.view_customer", raise_exception=True)
@require_safe
def customer_list(request: HttpRequest) -> HttpResponse:
    queryset = Customer.objects.select_related("contact", "customer_price_group", "customer_disc_group", "currency")
    return CUSTOMERS.render(request, queryset, "pricing/customer_list.html")


@permission_required("pricing.add_customer", raise_exception=True)
def customer_create(request: HttpRequest) -> HttpResponse:
    initial = {"contact": request.GET.get("contact", "")}
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.create_customer(
                customer=form.save(commit=False), manual_no=form.cleaned_data["manual_no"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Customer %(no)s has been created.") % {"no": customer.no})
            return redirect(customer)
    return render(request, "pricing/customer_form.html", {"form": form})


@permission_by_method(get="pricing.view_customer", post="pricing.change_customer")
def customer_detail(request: HttpRequest, no: str) -> HttpResponse:
    """The customer card: its fields, its campaigns (target groups), prices and line discounts."""
    customer = get_object_or_404(
        Customer.objects.select_related("contact", "customer_price_group", "customer_disc_group", "currency"), no=no
    )
    form = CustomerForm(request.POST or None, instance=customer)
    if not request.user.has_perm("pricing.change_customer"):
        make_read_only(form)
    elif request.method == "POST" and form.is_valid():
        fields = [name for name in form.Meta.fields if name != "contact"]
        try:
            services.update_customer(
                customer=form.save(commit=False), expected_version=form.expected_version, fields=fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Customer %(no)s has been saved.") % {"no": customer.no})
            return redirect(customer)
    context = {
        "customer": customer,
        "form": form,
        "campaigns": CampaignTargetGroup.objects.filter(customer=customer).select_related("campaign")[:20],
        "prices": SalesPrice.objects.filter(customer=customer).select_related("item", "currency")[:20],
        "price_count": SalesPrice.objects.filter(customer=customer).count(),
        "discount_count": SalesLineDiscount.objects.filter(customer=customer).count(),
    }
    return render(request, "pricing/customer_detail.html", context)


@permission_required("pricing.delete_customer", raise_exception=True)
@require_POST
def customer_delete(request: HttpRequest, no: str) -> HttpResponse:
    customer = get_object_or_404(Customer, no=no)
    caption = _("Customer %(no)s") % {"no": no}
    return delete_with_question(
        request,
        record=customer,
        caption=caption,
        delete=refusing_protected(caption, lambda: services.delete_customer(customer=customer)),
        deleted=_("Customer %(no)s has been deleted.") % {"no": no},
        done_url=reverse("pricing:customer_list"),
    )


@permission_required("pricing.add_customer", raise_exception=True)
def customer_from_contact(request: HttpRequest, no: str) -> HttpResponse:
    """Create as Customer, from the contact card; a person's customer is its company's (DOMAIN 4)."""
    contact = get_object_or_404(Contact.objects.select_related("company"), no=no)
    company = contact.company if contact.company_id else contact
    existing = Customer.objects.filter(contact=company).first()
    form = CustomerFromContactForm(request.POST or None, instance=Customer(contact=company, name=company.name))
    if existing is None and company.type == Contact.Type.COMPANY and request.method == "POST" and form.is_valid():
        try:
            customer = services.create_customer(
                customer=form.save(commit=False), manual_no=form.cleaned_data["manual_no"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Customer %(no)s has been created for contact %(contact)s.")
                % {"no": customer.no, "contact": company.no},
            )
            return redirect(customer)
    context = {"contact": contact, "company": company, "existing": existing, "form": form}
    return render(request, "pricing/customer_from_contact.html", context)


# --- currencies -----------------------------------------------------------------------------------


@permission_required("pricing.view_currency", raise_exception=True)
@require_safe
def currency_list(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("Currencies"),
        "can_add": request.user.has_perm("pricing.add_currency"),
        "create_url": reverse("pricing:currency_create"),
    }
    return CURRENCIES.render(request, Currency.objects.all(), "pricing/currency_list.html", context)


@permission_required("pricing.add_currency", raise_exception=True)
def currency_create(request: HttpRequest) -> HttpResponse:
    form = CurrencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (currency := save_or_report(form)) is not None:
        messages.success(request, _("Currency %(code)s has been created.") % {"code": currency.code})
        return redirect(currency)
    return render(request, "pricing/currency_detail.html", {"form": form})


@permission_by_method(get="pricing.view_currency", post="pricing.change_currency")
def currency_update(request: HttpRequest, code: str) -> HttpResponse:
    """The currency card with its exchange rates."""
    currency = get_object_or_404(Currency, code=code)
    form = CurrencyForm(request.POST or None, instance=currency)
    if not request.user.has_perm("pricing.change_currency"):
        make_read_only(form)
    elif request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(request, _("Currency %(code)s has been saved.") % {"code": currency.code})
        return redirect(currency)
    context = {"form": form, "currency": currency, "rates": currency.exchange_rates.all()}
    return render(request, "pricing/currency_detail.html", context)


@permission_required("pricing.delete_currency", raise_exception=True)
@require_POST
def currency_delete(request: HttpRequest, code: str) -> HttpResponse:
    currency = get_object_or_404(Currency, code=code)
    caption = _("Currency %(code)s") % {"code": code}
    return delete_with_question(
        request,
        record=currency,
        caption=caption,
        delete=refusing_protected(caption, currency.delete),
        deleted=_("Currency %(code)s has been deleted.") % {"code": code},
        done_url=reverse("pricing:currency_list"),
    )


def _rate_form(request: HttpRequest, currency: Currency, rate: CurrencyExchangeRate) -> HttpResponse:
    form = ExchangeRateForm(request.POST or None, instance=rate, currency=currency)
    if request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(
            request,
            _("The exchange rate from %(date)s has been saved.")
            % {"date": date_format(rate.starting_date, "SHORT_DATE_FORMAT")},
        )
        return redirect(currency)
    return render(
        request,
        "pricing/exchange_rate_form.html",
        {"form": form, "currency": currency, "rate": rate if rate.pk else None},
    )


@permission_required("pricing.add_currencyexchangerate", raise_exception=True)
def exchange_rate_create(request: HttpRequest, code: str) -> HttpResponse:
    currency = get_object_or_404(Currency, code=code)
    return _rate_form(request, currency, CurrencyExchangeRate(currency=currency))


@permission_required("pricing.change_currencyexchangerate", raise_exception=True)
def exchange_rate_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    rate = get_object_or_404(CurrencyExchangeRate.objects.select_related("currency"), currency__code=code, pk=pk)
    return _rate_form(request, rate.currency, rate)


@permission_required("pricing.delete_currencyexchangerate", raise_exception=True)
@require_POST
def exchange_rate_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    rate = get_object_or_404(CurrencyExchangeRate.objects.select_related("currency"), currency__code=code, pk=pk)
    return delete_with_question(
        request,
        record=rate.currency,  # the question's No and the result go back to the currency card
        caption=_("the exchange rate from %(date)s") % {"date": date_format(rate.starting_date, "SHORT_DATE_FORMAT")},
        delete=rate.delete,
        deleted=_("The exchange rate from %(date)s has been deleted.")
        % {"date": date_format(rate.starting_date, "SHORT_DATE_FORMAT")},
        done_url=rate.currency.get_absolute_url(),
    )
