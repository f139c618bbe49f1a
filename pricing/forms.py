"""Cards and entry forms of the pricing app (crispy helpers here)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.forms import VersionedModelForm, card_helper
from core.widgets import date_input
from pricing.models import (
    Currency,
    CurrencyExchangeRate,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    ItemVariant,
    SalesLineDiscount,
    SalesPrice,
)
from pricing.services.masterdata import CONTACT_HAS_CUSTOMER
from pricing.services.prices import SALES_CODE_MUST_BE_BLANK, SALES_CODE_REQUIRED

NO_SUCH_RECORD = _("There is no %(model)s with %(field)s %(value)s.")
LINE_DISCOUNT_OUT_OF_RANGE = _("Line Discount % must be between 0 and 100.")
DATE_INPUT = date_input()


class CodeField(forms.ModelChoiceField):
    """A foreign key typed as its business key (No. or Code), as in BC, with a datalist of suggestions."""

    def __init__(self, queryset, *, to_field_name: str, datalist: str = "", **kwargs) -> None:
        attrs = {"autocomplete": "off", "list": datalist} if datalist else {"autocomplete": "off"}
        super().__init__(queryset, to_field_name=to_field_name, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        if isinstance(value, self.queryset.model):
            return value
        if isinstance(value, int):
            # A disabled field is cleaned from its initial value, which the model form gives as the primary key.
            return self.queryset.filter(pk=value).first()
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)  # ModelChoiceField's own check, which this lookup replaces
        try:
            return self.queryset.get(**{self.to_field_name: value})
        except self.queryset.model.DoesNotExist:
            model = self.queryset.model._meta
            raise ValidationError(
                NO_SUCH_RECORD,
                code="invalid_choice",
                params={
                    "model": model.verbose_name,
                    "field": model.get_field(self.to_field_name).verbose_name,
                    "value": value,
                },
            ) from None

    def prepare_value(self, value):
        if isinstance(value, int):
            obj = self.queryset.filter(pk=value).first()
            return getattr(obj, self.to_field_name, value) if obj else value
        if hasattr(value, self.to_field_name):
            return getattr(value, self.to_field_name)
        return value


def currency_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Currency.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("(LCY)"),
        label=_("Currency Code"),
        **kwargs,
    )


class NumberedCardMixin:
    """On a new record, No. may be typed when the number series allows it; blank draws the next number."""

    def add_manual_no_field(self) -> None:
        self.fields["manual_no"] = forms.CharField(
            label=_("No."),
            max_length=20,
            required=False,
            help_text=_("Leave blank to take the next number of the series."),
        )
        self.order_fields(["manual_no", *[name for name in self.fields if name != "manual_no"]])


# --- items ----------------------------------------------------------------------------------------


class ItemForm(NumberedCardMixin, VersionedModelForm):
    item_disc_group = CodeField(
        ItemDiscountGroup.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Item Disc. Group"),
        datalist="item-disc-groups",
    )

    class Meta:
        model = Item
        fields = [
            "description",
            "base_unit_of_measure",
            "sales_unit_of_measure",
            "unit_price",
            "unit_cost",
            "item_disc_group",
            "blocked",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.add_manual_no_field()
        self.helper = card_helper()


class ItemUnitOfMeasureForm(forms.ModelForm):
    class Meta:
        model = ItemUnitOfMeasure
        fields = ["code", "qty_per_unit_of_measure"]

    def __init__(self, *args, item: Item, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.item = item
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.helper = card_helper()


class ItemVariantForm(forms.ModelForm):
    class Meta:
        model = ItemVariant
        fields = ["code", "description"]

    def __init__(self, *args, item: Item, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.item = item
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.helper = card_helper()


# --- currencies -----------------------------------------------------------------------------------


class CurrencyForm(forms.ModelForm):
    class Meta:
        model = Currency
        fields = ["code", "description", "unit_amount_rounding_precision"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = card_helper()


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = CurrencyExchangeRate
        fields = ["starting_date", "exchange_rate_amount", "relational_exch_rate_amount"]
        widgets = {"starting_date": DATE_INPUT}

    def __init__(self, *args, currency: Currency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.currency = currency
        self.helper = card_helper()


# --- customers ------------------------------------------------------------------------------------


class CustomerForm(NumberedCardMixin, VersionedModelForm):
    contact = CodeField(
        Contact.objects.companies(),
        to_field_name="no",
        required=False,
        label=_("Contact No."),
        help_text=_("The company contact this customer is (one customer per company)."),
    )
    customer_price_group = CodeField(
        CustomerPriceGroup.objects.all(), to_field_name="code", required=False, label=_("Customer Price Group")
    )
    customer_disc_group = CodeField(
        CustomerDiscountGroup.objects.all(), to_field_name="code", required=False, label=_("Customer Disc. Group")
    )
    currency = currency_field()

    class Meta:
        model = Customer
        fields = [
            "name",
            "contact",
            "customer_price_group",
            "customer_disc_group",
            "currency",
            "allow_line_disc",
            "blocked",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The contact link is made when the customer is created (it moves the company's target groups).
            self.fields["contact"].disabled = True
        else:
            self.add_manual_no_field()
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Leave blank to take the contact's name.")
        self.helper = card_helper()

    def clean_contact(self):
        contact = self.cleaned_data.get("contact")
        existing = Customer.objects.filter(contact=contact).exclude(pk=self.instance.pk).first() if contact else None
        if existing:
            raise ValidationError(
                CONTACT_HAS_CUSTOMER, params={"no": contact.no, "name": contact.name, "customer": existing.no}
            )
        return contact

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("name") and not cleaned.get("contact"):
            self.add_error("name", _("Name must have a value."))
        return cleaned


class CustomerFromContactForm(forms.ModelForm):
    customer_price_group = CustomerForm.base_fields["customer_price_group"]
    customer_disc_group = CustomerForm.base_fields["customer_disc_group"]
    currency = currency_field()

    class Meta:
        model = Customer
        fields = ["customer_price_group", "customer_disc_group", "currency", "allow_line_disc"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manual_no"] = forms.CharField(
            label=_("No."), max_length=20, required=False, help_text=_("Leave blank to take the next number.")
        )
        self.order_fields(["manual_no"])
        self.helper = card_helper(_("Create customer"))


# --- prices and discounts -------------------------------------------------------------------------


def resolve_sales_code(sales_type: str, code: str, sources: dict) -> tuple[str, object | None, str | None]:
    """Find the record the Sales Code names for the Sales Type: (field name, record, error)."""
    if sales_type == "all_customers":
        return "", None, (str(SALES_CODE_MUST_BE_BLANK) if code else None)
    if not code:
        return "", None, str(SALES_CODE_REQUIRED)
    field_name, queryset, key = sources[sales_type]
    record = queryset.filter(**{key: code}).first()
    if record is None:
        model = queryset.model._meta
        message = NO_SUCH_RECORD % {
            "model": model.verbose_name,
            "field": model.get_field(key).verbose_name,
            "value": code,
        }
        return field_name, None, str(message)
    return field_name, record, None


PRICE_SOURCES = {
    "customer": ("customer", Customer.objects.all(), "no"),
    "customer_price_group": ("customer_price_group", CustomerPriceGroup.objects.all(), "code"),
    "campaign": ("campaign", Campaign.objects.all(), "no"),
}
DISCOUNT_SOURCES = {
    "customer": ("customer", Customer.objects.all(), "no"),
    "customer_disc_group": ("customer_disc_group", CustomerDiscountGroup.objects.all(), "code"),
    "campaign": ("campaign", Campaign.objects.all(), "no"),
}


def lock_campaign_dates(form: forms.ModelForm) -> None:
    """A campaign row's dates are the campaign's: shown, not editable here (DOMAIN 9.2)."""
    if form.instance.pk and form.instance.sales_type == "campaign":
        for name in ("starting_date", "ending_date"):
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Change the dates on the campaign card.")


class SalesPricingForm(VersionedModelForm):
    """The card of a Sales Price or a Sales Line Discount: Sales Type + Sales Code typed as in BC (the code
    becomes the customer, group or campaign). From a campaign's page (`campaign`), Sales Type and Code are the
    campaign and the dates are the campaign's, so those fields are not shown."""

    sales_code = forms.CharField(label=_("Sales Code"), max_length=20, required=False)
    currency = currency_field()
    sources: dict
    first_fields: tuple[str, ...]  # the card's first fields, in order

    class Meta:
        widgets = {"starting_date": DATE_INPUT, "ending_date": DATE_INPUT}

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.order_fields(self.first_fields)
        if self.instance.pk:
            self.fields["sales_code"].initial = self.instance.sales_code
        lock_campaign_dates(self)
        if campaign is not None:
            for name in ("sales_type", "sales_code", "starting_date", "ending_date"):
                del self.fields[name]
        self.helper = card_helper()

    def clean_sales_code_into_instance(self, cleaned: dict) -> None:
        if self.campaign is not None:
            self.instance.sales_type = self.instance.SalesType.CAMPAIGN
            self.instance.campaign = self.campaign
            return
        sales_type = cleaned.get("sales_type")
        if not sales_type:
            return
        field_name, record, error = resolve_sales_code(sales_type, cleaned.get("sales_code", ""), self.sources)
        if error:
            self.add_error("sales_code", error)
            return
        for name in ("customer", self.instance.group_field, "campaign"):
            setattr(self.instance, name, record if name == field_name else None)


class SalesPriceForm(SalesPricingForm):
    item = CodeField(Item.objects.all(), to_field_name="no", label=_("Item No."), datalist="items")
    sources = PRICE_SOURCES
    first_fields = ("sales_type", "sales_code", "item")

    class Meta(SalesPricingForm.Meta):
        model = SalesPrice
        fields = [
            "sales_type",
            "item",
            "currency",
            "starting_date",
            "ending_date",
            "unit_of_measure_code",
            "variant_code",
            "minimum_quantity",
            "unit_price",
            "allow_line_disc",
            "allow_invoice_disc",
        ]

    def clean(self):
        cleaned = super().clean()
        self.clean_sales_code_into_instance(cleaned)
        if self.instance.pk:
            return cleaned
        # New rows get BC's defaults from what was entered (OnValidate of Item No. and Sales Code).
        item = cleaned.get("item")
        if item is not None and not cleaned.get("unit_of_measure_code"):
            cleaned["unit_of_measure_code"] = item.sales_unit_of_measure
        customer = self.instance.customer if self.instance.sales_type == "customer" else None
        if customer is not None:
            if cleaned.get("currency") is None and customer.currency_id:
                cleaned["currency"] = customer.currency
            cleaned["allow_line_disc"] = cleaned.get("allow_line_disc") and customer.allow_line_disc
        group = self.instance.customer_price_group if self.instance.sales_type == "customer_price_group" else None
        if group is not None:
            cleaned["allow_line_disc"] = cleaned.get("allow_line_disc") and group.allow_line_disc
            cleaned["allow_invoice_disc"] = cleaned.get("allow_invoice_disc") and group.allow_invoice_disc
        return cleaned


class SalesLineDiscountForm(SalesPricingForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Item No. (Type Item) or Item Disc. Group code."),
        widget=forms.TextInput(attrs={"list": "items", "autocomplete": "off"}),
    )
    sources = DISCOUNT_SOURCES
    first_fields = ("type", "code", "sales_type", "sales_code")

    class Meta(SalesPricingForm.Meta):
        model = SalesLineDiscount
        fields = [
            "type",
            "sales_type",
            "currency",
            "starting_date",
            "ending_date",
            "unit_of_measure_code",
            "variant_code",
            "minimum_quantity",
            "line_discount_pct",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].initial = self.instance.code

    def clean_line_discount_pct(self):
        percent = self.cleaned_data.get("line_discount_pct")
        if percent is not None and not 0 <= percent <= 100:
            raise ValidationError(LINE_DISCOUNT_OUT_OF_RANGE, code="percent_range")
        return percent

    def clean(self):
        cleaned = super().clean()
        self.clean_sales_code_into_instance(cleaned)
        kind, code = cleaned.get("type"), cleaned.get("code", "")
        if kind == SalesLineDiscount.Type.ITEM:
            item = Item.objects.filter(no=code).first()
            if item is None:
                self.add_error("code", NO_SUCH_RECORD % {"model": _("Item"), "field": _("No."), "value": code})
            self.instance.item, self.instance.item_disc_group = item, None
            if item is not None and not self.instance.pk and not cleaned.get("unit_of_measure_code"):
                cleaned["unit_of_measure_code"] = item.sales_unit_of_measure
        elif kind == SalesLineDiscount.Type.ITEM_DISC_GROUP:
            group = ItemDiscountGroup.objects.filter(code=code).first()
            if group is None:
                self.add_error(
                    "code", NO_SUCH_RECORD % {"model": _("Item Discount Group"), "field": _("Code"), "value": code}
                )
            self.instance.item, self.instance.item_disc_group = None, group
        return cleaned


# --- simulator ------------------------------------------------------------------------------------


class SimulatorForm(forms.Form):
    """The sales line to price: who buys, what, how many, when, in which unit and currency."""

    customer = CodeField(
        Customer.objects.all(), to_field_name="no", required=False, label=_("Customer No."), datalist="customers"
    )
    contact = CodeField(
        Contact.objects.all(),
        to_field_name="no",
        required=False,
        label=_("Contact No."),
        help_text=_("Or a company or person contact; a person counts as its company."),
    )
    item = CodeField(Item.objects.all(), to_field_name="no", label=_("Item No."), datalist="items")
    variant_code = forms.CharField(label=_("Variant Code"), max_length=10, required=False)
    unit_of_measure_code = forms.CharField(
        label=_("Unit of Measure Code"),
        max_length=10,
        required=False,
        help_text=_("Blank: the item's Sales Unit of Measure."),
    )
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=5, initial=1)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    currency = currency_field(help_text=_("Blank: the customer's currency."))

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("customer") or cleaned.get("contact")
        if not chosen and not self.has_error("customer") and not self.has_error("contact"):
            self.add_error("customer", _("Choose a customer or a contact."))
        return cleaned
