"""Items, customers, currencies, sales prices and line discounts, campaign target groups (DOMAIN 9, 2.4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import CodeDescription
from core.record_urls import record_url

# Blank dates take part in the unique keys as the earliest date, as BC's 0D sorts first.
BLANK_DATE = datetime.date(1, 1, 1)

STARTING_AFTER_ENDING = _("Starting Date cannot be after Ending Date")


# --- currencies -------------------------------------------------------------------------------------


class Currency(CodeDescription):
    """A foreign currency; the local currency (LCY) is a blank Currency Code and has no row."""

    unit_amount_rounding_precision = models.DecimalField(
        _("Unit-Amount Rounding Precision"),
        max_digits=10,
        decimal_places=5,
        default=Decimal("0.01"),
        help_text=_("Unit prices in this currency are rounded to this precision, e.g. 0.01."),
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta(CodeDescription.Meta):
        verbose_name = _("Currency")
        verbose_name_plural = _("Currencies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_amount_rounding_precision__gt=0),
                name="pricing_currency_precision_positive",
                violation_error_message=_("Unit-Amount Rounding Precision must be greater than 0."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return record_url("pricing:currency_update", "code", self.code)


class CurrencyExchangeRate(models.Model):
    """How much the currency is worth in LCY from a starting date: Exchange Rate Amount = Relational Exch. Rate Amount.

    A rate is valid from its Starting Date until the next rate's Starting Date.
    """

    currency = models.ForeignKey(
        Currency, verbose_name=_("Currency Code"), on_delete=models.CASCADE, related_name="exchange_rates"
    )
    starting_date = models.DateField(_("Starting Date"))
    exchange_rate_amount = models.DecimalField(
        _("Exchange Rate Amount"), max_digits=18, decimal_places=6, default=Decimal(1)
    )
    relational_exch_rate_amount = models.DecimalField(
        _("Relational Exch. Rate Amount"), max_digits=18, decimal_places=6
    )

    class Meta:
        ordering = ["currency_id", "-starting_date"]
        verbose_name = _("Currency Exchange Rate")
        verbose_name_plural = _("Currency Exchange Rates")
        constraints = [
            # Also serves "the rate valid on a date": currency = X and starting date <= D, latest first.
            models.UniqueConstraint(
                fields=["currency", "starting_date"],
                name="pricing_currencyexchangerate_unique_date",
                violation_error_message=_("There is already an exchange rate for this currency and Starting Date."),
            ),
            models.CheckConstraint(
                condition=models.Q(exchange_rate_amount__gt=0) & models.Q(relational_exch_rate_amount__gt=0),
                name="pricing_currencyexchangerate_amounts_positive",
                violation_error_message=_("Exchange rate amounts must be greater than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency_id} {self.starting_date}"

    @property
    def factor(self) -> Decimal:
        """Currency units per one LCY unit (BC's Currency Factor)."""
        return self.exchange_rate_amount / self.relational_exch_rate_amount


# --- groups ---------------------------------------------------------------------------------------


# Code tables (core.codetables, declared in pricing.lists): their cards are found through the table.


class ItemDiscountGroup(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Item Discount Group")
        verbose_name_plural = _("Item Discount Groups")


class CustomerPriceGroup(CodeDescription):
    allow_line_disc = models.BooleanField(_("Allow Line Disc."), default=True)
    allow_invoice_disc = models.BooleanField(_("Allow Invoice Disc."), default=True)

    class Meta(CodeDescription.Meta):
        verbose_name = _("Customer Price Group")
        verbose_name_plural = _("Customer Price Groups")


class CustomerDiscountGroup(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Customer Discount Group")
        verbose_name_plural = _("Customer Discount Groups")


# --- items ----------------------------------------------------------------------------------------


class Item(models.Model):
    """An item that can be sold (BC table 27, the fields pricing needs)."""

    no = models.CharField(_("No."), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100)
    unit_price = models.DecimalField(_("Unit Price"), max_digits=18, decimal_places=2, default=Decimal(0))
    unit_cost = models.DecimalField(_("Unit Cost"), max_digits=18, decimal_places=2, default=Decimal(0))
    base_unit_of_measure = models.CharField(_("Base Unit of Measure"), max_length=10)
    sales_unit_of_measure = models.CharField(_("Sales Unit of Measure"), max_length=10, blank=True)
    item_disc_group = models.ForeignKey(
        ItemDiscountGroup,
        verbose_name=_("Item Disc. Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    blocked = models.BooleanField(_("Blocked"), default=False)
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["no"]
        verbose_name = _("Item")
        verbose_name_plural = _("Items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0) & models.Q(unit_cost__gte=0),
                name="pricing_item_amounts_not_negative",
                violation_error_message=_("Unit Price and Unit Cost cannot be negative."),
            ),
        ]
        indexes = [
            # Serves the item list's description search and sort.
            models.Index(fields=["description"], name="pricing_item_description_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}"

    def get_absolute_url(self) -> str:
        return record_url("pricing:item_detail", "no", self.no)

    @property
    def default_sales_unit_of_measure(self) -> str:
        """The unit a new sales line gets: the Sales Unit of Measure, else the Base Unit of Measure."""
        return self.sales_unit_of_measure or self.base_unit_of_measure


class ItemUnitOfMeasure(models.Model):
    """A unit the item is sold in, and how many base units it holds (the base unit holds 1)."""

    item = models.ForeignKey(
        Item, verbose_name=_("Item No."), on_delete=models.CASCADE, related_name="units_of_measure"
    )
    code = models.CharField(_("Code"), max_length=10)
    qty_per_unit_of_measure = models.DecimalField(
        _("Qty. per Unit of Measure"), max_digits=18, decimal_places=5, default=Decimal(1)
    )

    class Meta:
        ordering = ["item_id", "qty_per_unit_of_measure", "code"]
        verbose_name = _("Item Unit of Measure")
        verbose_name_plural = _("Item Units of Measure")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"],
                name="pricing_itemunitofmeasure_unique_code",
                violation_error_message=_("The item already has this unit of measure."),
            ),
            models.CheckConstraint(
                condition=models.Q(qty_per_unit_of_measure__gt=0),
                name="pricing_itemunitofmeasure_qty_positive",
                violation_error_message=_("Qty. per Unit of Measure must be greater than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.qty_per_unit_of_measure.normalize():f})"


class ItemVariant(models.Model):
    item = models.ForeignKey(Item, verbose_name=_("Item No."), on_delete=models.CASCADE, related_name="variants")
    code = models.CharField(_("Code"), max_length=10)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        ordering = ["item_id", "code"]
        verbose_name = _("Item Variant")
        verbose_name_plural = _("Item Variants")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"],
                name="pricing_itemvariant_unique_code",
                violation_error_message=_("The item already has this variant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()


# --- customers ------------------------------------------------------------------------------------


class Customer(models.Model):
    """A customer (BC table 18, the fields pricing needs), linked to at most one company contact."""

    class Blocked(models.TextChoices):
        BLANK = "", _(" ")
        SHIP = "ship", _("Ship")
        INVOICE = "invoice", _("Invoice")
        ALL = "all", _("All")

    no = models.CharField(_("No."), max_length=20, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    # BC's Contact Business Relation with Link to Table = Customer: one customer per company contact.
    contact = models.OneToOneField(
        "contacts.Contact",
        verbose_name=_("Contact No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customer",
    )
    customer_price_group = models.ForeignKey(
        CustomerPriceGroup,
        verbose_name=_("Customer Price Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
    )
    customer_disc_group = models.ForeignKey(
        CustomerDiscountGroup,
        verbose_name=_("Customer Disc. Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
    )
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("Currency Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
    )
    allow_line_disc = models.BooleanField(_("Allow Line Disc."), default=True)
    blocked = models.CharField(_("Blocked"), max_length=10, choices=Blocked, blank=True, default=Blocked.BLANK)
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["no"]
        verbose_name = _("Customer")
        verbose_name_plural = _("Customers")
        indexes = [
            # Serves the customer list's name search and sort.
            models.Index(fields=["name"], name="pricing_customer_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.name}"

    def get_absolute_url(self) -> str:
        return record_url("pricing:customer_detail", "no", self.no)


# --- sales prices and line discounts ----------------------------------------------------------------


def sales_code_matches_type(group_field: str) -> models.CheckConstraint:
    """Exactly the Sales Code field the Sales Type names is set (none for All Customers)."""

    def only(sales_type: str, chosen: str | None) -> models.Q:
        fields = ("customer", group_field, "campaign")
        return models.Q(sales_type=sales_type, **{f"{name}__isnull": name != chosen for name in fields})

    return models.CheckConstraint(
        condition=(
            only("customer", "customer")
            | only(group_field, group_field)
            | only("all_customers", None)
            | only("campaign", "campaign")
        ),
        name="%(app_label)s_%(class)s_sales_code_matches_type",
        violation_error_message=_("The Sales Code must name a record of the Sales Type."),
    )


def starting_before_ending() -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            models.Q(starting_date__isnull=True)
            | models.Q(ending_date__isnull=True)
            | models.Q(starting_date__lte=models.F("ending_date"))
        ),
        name="%(app_label)s_%(class)s_starting_before_ending",
        violation_error_message=STARTING_AFTER_ENDING,
    )


class SalesPricingQuerySet(models.QuerySet):
    def for_campaign(self, campaign) -> SalesPricingQuerySet:
        return self.filter(sales_type="campaign", campaign=campaign)

    def with_sales_code(self) -> SalesPricingQuerySet:
        """Annotate `sales_code_text`: the Sales Code as a list shows, sorts and exports it."""
        group = self.model.group_field
        return self.annotate(
            sales_code_text=Coalesce("customer__no", f"{group}__code", "campaign__no", models.Value(""))
        )


class SalesPricing(models.Model):
    """What a Sales Price and a Sales Line Discount share: who it is for (Sales Type + Sales Code), the
    line it applies to (currency, variant, unit, minimum quantity) and when (Starting and Ending Date).

    Sales Code is one of three foreign keys: the customer, the group named by `group_field` (the customer
    price group of a price, the customer discount group of a discount) or the campaign. The subclasses
    declare those keys, Sales Type and Currency Code, since their related names and choices differ.
    """

    group_field: str  # "customer_price_group" or "customer_disc_group"

    starting_date = models.DateField(_("Starting Date"), null=True, blank=True)
    ending_date = models.DateField(_("Ending Date"), null=True, blank=True)
    minimum_quantity = models.DecimalField(_("Minimum Quantity"), max_digits=18, decimal_places=5, default=Decimal(0))
    unit_of_measure_code = models.CharField(_("Unit of Measure Code"), max_length=10, blank=True)
    variant_code = models.CharField(_("Variant Code"), max_length=10, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = SalesPricingQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        # Beside Ending Date (the database constraint says the same, without a field).
        if self.starting_date and self.ending_date and self.starting_date > self.ending_date:
            raise ValidationError({"ending_date": ValidationError(STARTING_AFTER_ENDING, code="dates")})

    @property
    def sales_code(self) -> str:
        source = self.customer or getattr(self, self.group_field) or self.campaign
        if source is None:
            return ""
        return getattr(source, "no", None) or source.code


class SalesPrice(SalesPricing):
    """A special unit price for an item (BC table 7002, legacy Sales Price)."""

    group_field = "customer_price_group"

    class SalesType(models.TextChoices):
        # In BC's option order, which is also the order candidates are compared in.
        CUSTOMER = "customer", _("Customer")
        CUSTOMER_PRICE_GROUP = "customer_price_group", _("Customer Price Group")
        ALL_CUSTOMERS = "all_customers", _("All Customers")
        CAMPAIGN = "campaign", _("Campaign")

    item = models.ForeignKey(Item, verbose_name=_("Item No."), on_delete=models.PROTECT, related_name="sales_prices")
    sales_type = models.CharField(_("Sales Type"), max_length=20, choices=SalesType, default=SalesType.CUSTOMER)
    # Sales Code: exactly one of these is set, the one the Sales Type names (none for All Customers).
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("Customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_prices",
    )
    customer_price_group = models.ForeignKey(
        CustomerPriceGroup,
        verbose_name=_("Customer Price Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_prices",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign"),
        on_delete=models.CASCADE,  # DOMAIN A.2: deleting a campaign deletes its prices
        null=True,
        blank=True,
        related_name="sales_prices",
    )
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("Currency Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_prices",
    )
    unit_price = models.DecimalField(_("Unit Price"), max_digits=18, decimal_places=2, default=Decimal(0))
    allow_invoice_disc = models.BooleanField(_("Allow Invoice Disc."), default=True)
    allow_line_disc = models.BooleanField(_("Allow Line Disc."), default=True)

    class Meta:
        ordering = ["item_id", "sales_type", "starting_date", "minimum_quantity", "id"]
        verbose_name = _("Sales Price")
        verbose_name_plural = _("Sales Prices")
        constraints = [
            sales_code_matches_type("customer_price_group"),
            starting_before_ending(),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0) & models.Q(minimum_quantity__gte=0),
                name="pricing_salesprice_amounts_not_negative",
                violation_error_message=_("Unit Price and Minimum Quantity cannot be negative."),
            ),
            # BC's primary key; blank parts compare equal, so they are coalesced.
            models.UniqueConstraint(
                models.F("item"),
                models.F("sales_type"),
                Coalesce("customer", "customer_price_group", "campaign", models.Value(0)),
                Coalesce("starting_date", models.Value(BLANK_DATE)),
                Coalesce("currency", models.Value(0)),
                models.F("variant_code"),
                models.F("unit_of_measure_code"),
                models.F("minimum_quantity"),
                name="pricing_salesprice_unique_key",
                violation_error_message=_(
                    "A sales price with this Item No., Sales Type, Sales Code, Starting Date, Currency Code, "
                    "Variant Code, Unit of Measure Code and Minimum Quantity already exists."
                ),
            ),
        ]
        indexes = [
            # Serves the price engine's candidates: the prices of one item.
            models.Index(fields=["item", "sales_type"], name="pricing_salesprice_item_idx"),
            # Serves a customer's prices (and the delete check) and the campaign date UPDATE.
            models.Index(fields=["customer", "item"], name="pricing_salesprice_cust_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_sales_type_display()} {self.sales_code} {self.unit_price}"

    def get_absolute_url(self) -> str:
        return record_url("pricing:price_update", "pk", self.pk)


class SalesLineDiscountQuerySet(SalesPricingQuerySet):
    def with_code(self) -> SalesLineDiscountQuerySet:
        """Annotate `code_text`: the Code (item no. or item discount group) as a list shows, sorts and exports it."""
        return self.annotate(code_text=Coalesce("item__no", "item_disc_group__code", models.Value("")))


class SalesLineDiscount(SalesPricing):
    """A line discount % for an item or an item discount group (BC table 7004, legacy Sales Line Discount)."""

    group_field = "customer_disc_group"

    class Type(models.TextChoices):
        ITEM = "item", _("Item")
        ITEM_DISC_GROUP = "item_disc_group", _("Item Disc. Group")

    class SalesType(models.TextChoices):
        # In BC's option order, which is also the order candidates are compared in.
        CUSTOMER = "customer", _("Customer")
        CUSTOMER_DISC_GROUP = "customer_disc_group", _("Customer Disc. Group")
        ALL_CUSTOMERS = "all_customers", _("All Customers")
        CAMPAIGN = "campaign", _("Campaign")

    type = models.CharField(_("Type"), max_length=20, choices=Type, default=Type.ITEM)
    # Code: the item (Type Item) or the item discount group (Type Item Disc. Group).
    item = models.ForeignKey(
        Item, verbose_name=_("Item"), on_delete=models.PROTECT, null=True, blank=True, related_name="line_discounts"
    )
    item_disc_group = models.ForeignKey(
        ItemDiscountGroup,
        verbose_name=_("Item Disc. Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_discounts",
    )
    sales_type = models.CharField(_("Sales Type"), max_length=20, choices=SalesType, default=SalesType.CUSTOMER)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("Customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_discounts",
    )
    customer_disc_group = models.ForeignKey(
        CustomerDiscountGroup,
        verbose_name=_("Customer Disc. Group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_discounts",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign"),
        on_delete=models.CASCADE,  # DOMAIN A.2: deleting a campaign deletes its line discounts
        null=True,
        blank=True,
        related_name="line_discounts",
    )
    currency = models.ForeignKey(
        Currency,
        verbose_name=_("Currency Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_discounts",
    )
    line_discount_pct = models.DecimalField(_("Line Discount %"), max_digits=5, decimal_places=2, default=Decimal(0))

    objects = SalesLineDiscountQuerySet.as_manager()

    class Meta:
        ordering = ["type", "item_id", "item_disc_group_id", "sales_type", "starting_date", "minimum_quantity", "id"]
        verbose_name = _("Sales Line Discount")
        verbose_name_plural = _("Sales Line Discounts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(type="item", item__isnull=False, item_disc_group__isnull=True)
                    | models.Q(
                        type="item_disc_group", item__isnull=True, item_disc_group__isnull=False, variant_code=""
                    )
                ),
                name="pricing_saleslinediscount_code_matches_type",
                violation_error_message=_("The Code must name an item (Type Item) or an item discount group."),
            ),
            sales_code_matches_type("customer_disc_group"),
            starting_before_ending(),
            models.CheckConstraint(
                condition=models.Q(line_discount_pct__gte=0)
                & models.Q(line_discount_pct__lte=100)
                & models.Q(minimum_quantity__gte=0),
                name="pricing_saleslinediscount_percent_and_quantity",
                violation_error_message=_(
                    # Django formats the message with %(name)s: a literal percent sign is written %%.
                    "Line Discount %% must be between 0 and 100 and Minimum Quantity cannot be negative."
                ),
            ),
            models.UniqueConstraint(
                models.F("type"),
                Coalesce("item", "item_disc_group", models.Value(0)),
                models.F("sales_type"),
                Coalesce("customer", "customer_disc_group", "campaign", models.Value(0)),
                Coalesce("starting_date", models.Value(BLANK_DATE)),
                Coalesce("currency", models.Value(0)),
                models.F("variant_code"),
                models.F("unit_of_measure_code"),
                models.F("minimum_quantity"),
                name="pricing_saleslinediscount_unique_key",
                violation_error_message=_(
                    "A sales line discount with this Type, Code, Sales Type, Sales Code, Starting Date, Currency Code, "
                    "Variant Code, Unit of Measure Code and Minimum Quantity already exists."
                ),
            ),
        ]
        indexes = [
            # Serve the price engine's discount candidates: by item, and by the item's discount group.
            models.Index(fields=["item", "sales_type"], name="pricing_sld_item_idx"),
            models.Index(fields=["item_disc_group", "sales_type"], name="pricing_sld_group_idx"),
            # Serves a customer's discounts (and the delete check).
            models.Index(fields=["customer"], name="pricing_sld_cust_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_sales_type_display()} {self.sales_code} {self.line_discount_pct}%"

    def get_absolute_url(self) -> str:
        return record_url("pricing:discount_update", "pk", self.pk)

    @property
    def code(self) -> str:
        if self.item_id:
            return self.item.no
        return self.item_disc_group.code if self.item_disc_group_id else ""


# --- campaign target groups -------------------------------------------------------------------------


class CampaignTargetGroup(models.Model):
    """A customer or company contact an activated campaign's prices and discounts apply to (BC table 7030).

    Rows are derived from the campaign's targeted segment lines and interaction log entries; they exist
    only while the campaign is activated.
    """

    class Type(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        CONTACT = "contact", _("Contact")

    type = models.CharField(_("Type"), max_length=10, choices=Type)
    # No.: the customer (Type Customer) or the company contact (Type Contact).
    customer = models.ForeignKey(
        Customer, verbose_name=_("Customer"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("Campaign No."), on_delete=models.CASCADE, related_name="target_groups"
    )

    class Meta:
        ordering = ["campaign_id", "type", "customer_id", "contact_id"]
        verbose_name = _("Campaign Target Group")
        verbose_name_plural = _("Campaign Target Groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type="customer", customer__isnull=False, contact__isnull=True)
                | models.Q(type="contact", customer__isnull=True, contact__isnull=False),
                name="pricing_campaigntargetgroup_no_matches_type",
                violation_error_message=_("No. must name a customer (Type Customer) or a contact (Type Contact)."),
            ),
            # BC's key (Type, No., Campaign No.); also serves the price engine: "campaigns of customer X".
            models.UniqueConstraint(
                fields=["customer", "campaign"],
                condition=models.Q(customer__isnull=False),
                name="pricing_campaigntargetgroup_unique_customer",
                violation_error_message=_("The customer is already a target of this campaign."),
            ),
            # Also serves the price engine: "campaigns of company contact X".
            models.UniqueConstraint(
                fields=["contact", "campaign"],
                condition=models.Q(contact__isnull=False),
                name="pricing_campaigntargetgroup_unique_contact",
                violation_error_message=_("The contact is already a target of this campaign."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.no} {self.campaign_id}"

    @property
    def no(self) -> str:
        target = self.customer if self.customer_id else self.contact
        return target.no if target else ""


class CampaignActivation(models.Model):
    """The fact that a campaign's prices and discounts are activated (Activate … Deactivate).

    BC derives Activated from the existence of target group rows, so a campaign whose last target
    is removed silently stops being activated and later targets are not picked up; we keep the
    decision as a row, and live maintenance keeps the target groups of activated campaigns in step.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("Campaign No."), on_delete=models.CASCADE, related_name="activation"
    )
    activated_at = models.DateTimeField(_("Activated"), auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Activated By"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Campaign Activation")
        verbose_name_plural = _("Campaign Activations")

    def __str__(self) -> str:
        return f"{self.campaign_id} activated {self.activated_at:%Y-%m-%d}"
