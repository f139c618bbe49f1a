"""The best-price engine: BC's legacy FindSalesPrice / CalcBestUnitPrice and FindSalesLineDisc / CalcBestLineDisc.

DOMAIN 9.4–9.5, A.6. One calculation costs two queries: the line's context (unit, variant, currency rate,
the customer of a contact) and the candidates (prices and line discounts in one UNION ALL). Every row
that could apply is returned with the reason it was or was not eligible, so a user can see why.

Candidate order (part of the rule: specificity and ties depend on it) is BC's primary key order:
- prices:    Sales Type (Customer, Customer Price Group, All Customers, Campaign), Sales Code, Starting Date,
             Currency Code, Variant Code, Unit of Measure Code, Minimum Quantity;
- discounts: Type (Item, Item Disc. Group), Code, then the same as prices with Customer Disc. Group.
Blank codes and dates sort first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from core.decimals import as_decimal, bc_round
from core.prepared import Param, PreparedQuery
from pricing.models import (
    CampaignActivation,
    CampaignTargetGroup,
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

LCY_PRECISION = Decimal("0.01")

UNKNOWN_UNIT = _("Unit of Measure Code %(code)s is not a unit of measure of item %(item)s.")
UNKNOWN_VARIANT = _("Variant Code %(code)s is not a variant of item %(item)s.")
UNKNOWN_CURRENCY = _("Currency Code %(code)s does not exist.")
NO_EXCHANGE_RATE = _("There is no exchange rate for currency %(code)s valid on %(date)s.")
NO_CUSTOMER = _("Choose a customer or a contact.")

PRICE_SALES_TYPE_ORDER = {t: i for i, t in enumerate(SalesPrice.SalesType.values)}
DISCOUNT_SALES_TYPE_ORDER = {t: i for i, t in enumerate(SalesLineDiscount.SalesType.values)}
DISCOUNT_TYPE_ORDER = {t: i for i, t in enumerate(SalesLineDiscount.Type.values)}

PRICE = "price"
DISCOUNT = "discount"


@dataclass
class Candidate:
    """One sales price or line discount row looked at for the line, and what the engine made of it."""

    kind: str  # PRICE or DISCOUNT
    pk: int
    sales_type: str
    sales_code: str
    type: str  # discounts: item / item_disc_group; prices: ""
    code: str  # the item no. or the item discount group code
    starting_date: datetime.date | None
    ending_date: datetime.date | None
    currency_code: str
    variant_code: str
    unit_of_measure_code: str
    minimum_quantity: Decimal
    value: Decimal  # Unit Price as stored, or Line Discount %
    allow_line_disc: bool
    allow_invoice_disc: bool
    campaign_activated: bool = False
    customer_targeted: bool = False
    contact_targeted: bool = False
    eligible: bool = False
    reason: str = ""
    converted: Decimal | None = None  # prices: in the line's unit and currency, rounded
    line_amount: Decimal | None = None  # prices: converted × (1 − line discount %) when line discounts are allowed
    was_best: bool = False
    won: bool = False

    @property
    def sort_key(self) -> tuple:
        tail = (
            self.sales_code,
            self.starting_date or datetime.date.min,
            self.currency_code,
            self.variant_code,
            self.unit_of_measure_code,
            self.minimum_quantity,
        )
        if self.kind == PRICE:
            return (PRICE_SALES_TYPE_ORDER[self.sales_type], *tail)
        return (DISCOUNT_TYPE_ORDER[self.type], self.code, DISCOUNT_SALES_TYPE_ORDER[self.sales_type], *tail)

    @property
    def sales_type_label(self) -> str:
        choices = SalesPrice.SalesType if self.kind == PRICE else SalesLineDiscount.SalesType
        return str(choices(self.sales_type).label)

    @property
    def type_label(self) -> str:
        return str(SalesLineDiscount.Type(self.type).label) if self.type else ""

    @property
    def edit_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "pricing:price_update" if self.kind == PRICE else "pricing:discount_update", kwargs={"pk": self.pk}
        )


@dataclass
class SalesLinePrice:
    """The unit price and line discount a sales line gets, and how they were found."""

    unit_price: Decimal
    line_discount_pct: Decimal
    allow_line_disc: bool
    allow_invoice_disc: bool
    price: Candidate | None  # the winning sales price row; None: the item's Unit Price was used
    discount: Candidate | None  # the winning line discount row; None: no discount row applies
    price_candidates: list[Candidate]
    discount_candidates: list[Candidate]
    customer: Customer | None
    contact_company_id: int | None
    item: Item
    date: datetime.date
    quantity: Decimal
    unit_of_measure_code: str
    qty_per_unit_of_measure: Decimal
    variant_code: str
    currency_code: str
    price_reason: str = ""
    discount_reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def quantity_base(self) -> Decimal:
        return self.quantity * self.qty_per_unit_of_measure

    @property
    def line_amount(self) -> Decimal:
        return bc_round(self.quantity * self.unit_price * (1 - self.line_discount_pct / 100), LCY_PRECISION)


def exchange_rate_on(currency: Currency, date: datetime.date) -> CurrencyExchangeRate | None:
    """The exchange rate valid on the date: the latest one starting on or before it."""
    return currency.exchange_rates.filter(starting_date__lte=date).order_by("-starting_date").first()


# --- query 1: the line's context ------------------------------------------------------------------


def _scalar(queryset: models.QuerySet, field: str) -> Subquery:
    """One value of the first row, without the model's default ordering (no join for it)."""
    return Subquery(queryset.order_by().values(field)[:1])


CUSTOMER_CONTEXT_FIELDS = [
    "id",
    "no",
    "name",
    "customer_price_group_id",
    "customer_disc_group_id",
    "allow_line_disc",
    "blocked",
    "currency_id",
]


def _build_context_query(*, customer_of_contact: bool) -> models.QuerySet:
    """Unit, variant, currency rate and the company's number, for Params of the line.

    With `customer_of_contact` (the line names a contact), also the customer of the contact's company.
    """
    integer, char, date = models.BigIntegerField(), models.CharField(), models.DateField()
    rate = CurrencyExchangeRate.objects.filter(
        currency__code=Param("currency_code", char), starting_date__lte=Param("date", date)
    ).order_by("-starting_date")
    annotations: dict[str, models.Expression] = {
        "qty_per_uom": _scalar(
            ItemUnitOfMeasure.objects.filter(item=OuterRef("pk"), code=Param("uom", char)), "qty_per_unit_of_measure"
        ),
        "company_no": _scalar(Contact.objects.filter(pk=Param("company_id", integer)), "no"),
        "variant_exists": Exists(ItemVariant.objects.filter(item=OuterRef("pk"), code=Param("variant", char))),
        "currency_precision": _scalar(
            Currency.objects.filter(code=Param("currency_code", char)), "unit_amount_rounding_precision"
        ),
        "currency_id": _scalar(Currency.objects.filter(code=Param("currency_code", char)), "pk"),
        "rate_amount": Subquery(rate.values("exchange_rate_amount")[:1]),
        "rate_relational": Subquery(rate.values("relational_exch_rate_amount")[:1]),
    }
    if customer_of_contact:
        customer = Customer.objects.filter(contact_id=Param("company_id", integer))
        annotations |= {f"customer_{name}": _scalar(customer, name) for name in CUSTOMER_CONTEXT_FIELDS}
        customer_id = _scalar(customer, "pk")
    else:
        customer_id = Param("customer_id", integer)
    # BC ActivatedCampaignExists: the customer's target group rows of any campaign count, else the company's.
    annotations["customer_has_targets"] = Exists(CampaignTargetGroup.objects.filter(customer_id=customer_id))
    return Item.objects.filter(pk=Param("item_id", integer)).annotate(**annotations).values(*annotations).order_by()


CONTEXT_QUERIES = {
    contact: PreparedQuery(partial(_build_context_query, customer_of_contact=contact)) for contact in (True, False)
}


def _context(*, item: Item, customer_id, customer_of_contact: bool, company_id, uom, variant, currency_code, date):
    """Query 1: the line's context as a dict (the annotations of _build_context_query)."""
    values = {
        "item_id": item.pk,
        "customer_id": customer_id,
        "uom": uom,
        "company_id": company_id,
        "variant": variant,
        "currency_code": currency_code,
        "date": date,
    }
    (row,) = CONTEXT_QUERIES[customer_of_contact].execute_dicts(values)
    return row


# --- query 2: the candidates ----------------------------------------------------------------------


COLUMNS = [
    "c_kind",
    "c_id",
    "c_sales_type",
    "c_sales_code",
    "c_type",
    "c_code",
    "c_starting_date",
    "c_ending_date",
    "c_currency",
    "c_variant",
    "c_uom",
    "c_minimum_quantity",
    "c_value",
    "c_allow_line_disc",
    "c_allow_invoice_disc",
    "c_activated",
    "c_customer_targeted",
    "c_contact_targeted",
]


def _applicable_rows(item_field: str) -> Q:
    """The filters of FindSalesPrice / FindSalesLineDisc that SQL can apply before the rules run (DOMAIN 9.4).

    Date window, currency, variant, unit of measure, and for campaign rows the buyer's activated campaigns:
    customer target rows, or the company's contact rows when the customer has none (the line passes
    only the kind of target that counts). Rows left out would only have been listed with a reason.
    """
    integer, char, date = models.BigIntegerField(), models.CharField(), models.DateField()
    campaign = OuterRef("campaign_id")
    targeted = Exists(CampaignActivation.objects.filter(campaign_id=campaign)) & Exists(
        CampaignTargetGroup.objects.filter(campaign_id=campaign).filter(
            Q(customer_id=Param("target_customer_id", integer)) | Q(contact_id=Param("target_company_id", integer))
        )
    )
    return (
        (Q(starting_date__isnull=True) | Q(starting_date__lte=Param("date", date)))
        & (Q(ending_date__isnull=True) | Q(ending_date__gte=Param("date", date)))
        & (Q(currency_id__isnull=True) | Q(currency_id=Param("currency_id", integer)))
        & (Q(variant_code="") | Q(variant_code=Param("variant", char)))
        & (Q(unit_of_measure_code="") | Q(unit_of_measure_code=Param("uom", char)))
        & (~Q(sales_type="campaign") | targeted)
    )


def _build_candidate_query(*, explain: bool) -> models.QuerySet:
    """The price and discount rows that name this buyer, a group of it, all customers, or a campaign.

    With `explain`, every such row (also other campaigns' and those outside the date window), so the
    simulator can say why each did or did not count; without, only the rows that can apply (a sales
    line). Codes are read by scalar subqueries on primary keys rather than joins: planning stays cheap.
    """
    integer, char = models.BigIntegerField(), models.CharField()
    boolean = models.BooleanField()
    applicable = Q() if explain else _applicable_rows("item_id")

    def common(model: type[models.Model]) -> dict[str, models.Expression]:
        campaign = OuterRef("campaign_id")
        if explain:
            targeting = {
                "c_activated": Exists(CampaignActivation.objects.filter(campaign_id=campaign)),
                "c_customer_targeted": Exists(
                    CampaignTargetGroup.objects.filter(campaign_id=campaign, customer_id=Param("customer_id", integer))
                ),
                "c_contact_targeted": Exists(
                    CampaignTargetGroup.objects.filter(campaign_id=campaign, contact_id=Param("company_id", integer))
                ),
            }
        else:
            # The WHERE clause let through only campaign rows of activated campaigns that target the buyer
            # the way that counts (_applicable_rows), so the flags are known without reading them.
            targeting = {
                "c_activated": Value(True, output_field=boolean),
                "c_customer_targeted": Param("customer_targeted", boolean),
                "c_contact_targeted": Param("contact_targeted", boolean),
            }
        return {
            "c_id": F("id"),
            "c_sales_type": F("sales_type"),
            "c_starting_date": F("starting_date"),
            "c_ending_date": F("ending_date"),
            "c_currency": Coalesce(
                _scalar(Currency.objects.filter(pk=OuterRef("currency_id")), "code"), Value(""), output_field=char
            ),
            "c_variant": F("variant_code"),
            "c_uom": F("unit_of_measure_code"),
            "c_minimum_quantity": F("minimum_quantity"),
            **targeting,
        }

    def sales_code(group_model: type[models.Model], group_fk: str, group_type: str) -> Case:
        from campaigns.models import Campaign

        return Case(
            When(sales_type="customer", then=_scalar(Customer.objects.filter(pk=OuterRef("customer_id")), "no")),
            When(sales_type=group_type, then=_scalar(group_model.objects.filter(pk=OuterRef(group_fk)), "code")),
            When(sales_type="campaign", then=_scalar(Campaign.objects.filter(pk=OuterRef("campaign_id")), "no")),
            default=Value(""),
            output_field=char,
        )

    price_sources = (
        Q(sales_type__in=[SalesPrice.SalesType.ALL_CUSTOMERS, SalesPrice.SalesType.CAMPAIGN])
        | Q(sales_type=SalesPrice.SalesType.CUSTOMER, customer_id=Param("customer_id", integer))
        | Q(
            sales_type=SalesPrice.SalesType.CUSTOMER_PRICE_GROUP,
            customer_price_group_id=Param("price_group_id", integer),
        )
    )
    prices = (
        SalesPrice.objects.filter(price_sources, applicable, item_id=Param("item_id", integer))
        .annotate(
            c_kind=Value(PRICE, output_field=char),
            c_sales_code=sales_code(CustomerPriceGroup, "customer_price_group_id", "customer_price_group"),
            c_type=Value("", output_field=char),
            c_code=Param("item_no", char),
            c_value=F("unit_price"),
            c_allow_line_disc=F("allow_line_disc"),
            c_allow_invoice_disc=F("allow_invoice_disc"),
            **common(SalesPrice),
        )
        .values(*COLUMNS)
        .order_by()
    )
    discount_codes = Q(type=SalesLineDiscount.Type.ITEM, item_id=Param("item_id", integer)) | Q(
        type=SalesLineDiscount.Type.ITEM_DISC_GROUP, item_disc_group_id=Param("item_disc_group_id", integer)
    )
    discount_sources = (
        Q(sales_type__in=[SalesLineDiscount.SalesType.ALL_CUSTOMERS, SalesLineDiscount.SalesType.CAMPAIGN])
        | Q(sales_type=SalesLineDiscount.SalesType.CUSTOMER, customer_id=Param("customer_id", integer))
        | Q(
            sales_type=SalesLineDiscount.SalesType.CUSTOMER_DISC_GROUP,
            customer_disc_group_id=Param("disc_group_id", integer),
        )
    )
    discounts = (
        SalesLineDiscount.objects.filter(discount_codes, discount_sources, applicable)
        .annotate(
            c_kind=Value(DISCOUNT, output_field=char),
            c_sales_code=sales_code(CustomerDiscountGroup, "customer_disc_group_id", "customer_disc_group"),
            c_type=F("type"),
            c_code=Case(
                When(type=SalesLineDiscount.Type.ITEM, then=Param("item_no", char)),
                default=_scalar(ItemDiscountGroup.objects.filter(pk=OuterRef("item_disc_group_id")), "code"),
                output_field=char,
            ),
            c_value=F("line_discount_pct"),
            c_allow_line_disc=Value(True, output_field=boolean),
            c_allow_invoice_disc=Value(True, output_field=boolean),
            **common(SalesLineDiscount),
        )
        .values(*COLUMNS)
        .order_by()
    )
    return prices.union(discounts, all=True).order_by()


EXPLAINED_CANDIDATE_QUERY = PreparedQuery(partial(_build_candidate_query, explain=True))
APPLICABLE_CANDIDATE_QUERY = PreparedQuery(partial(_build_candidate_query, explain=False))


def _candidate_rows(
    *,
    explain: bool,
    item: Item,
    customer_id,
    price_group_id,
    disc_group_id,
    company_id,
    has_customer_targets: bool,
    line: _Line,
    currency_id,
) -> list[dict]:
    """Query 2: the candidate rows as dicts (COLUMNS)."""
    values = {
        "item_id": item.pk,
        "item_no": item.no,
        "item_disc_group_id": item.item_disc_group_id,
        "customer_id": customer_id,
        "price_group_id": price_group_id,
        "disc_group_id": disc_group_id,
        "company_id": company_id,
    }
    if explain:
        query = EXPLAINED_CANDIDATE_QUERY
    else:
        query = APPLICABLE_CANDIDATE_QUERY
        values |= {
            "date": line.date,
            "currency_id": currency_id,
            "variant": line.variant,
            "uom": line.uom,
            "target_customer_id": customer_id if has_customer_targets else None,
            "target_company_id": None if has_customer_targets else company_id,
            "customer_targeted": has_customer_targets,
            "contact_targeted": not has_customer_targets,
        }
    return query.execute_dicts(values)


def _candidate(row: dict) -> Candidate:
    return Candidate(
        kind=row["c_kind"],
        pk=row["c_id"],
        sales_type=row["c_sales_type"],
        sales_code=row["c_sales_code"],
        type=row["c_type"],
        code=row["c_code"],
        starting_date=row["c_starting_date"],
        ending_date=row["c_ending_date"],
        currency_code=row["c_currency"],
        variant_code=row["c_variant"],
        unit_of_measure_code=row["c_uom"],
        minimum_quantity=as_decimal(row["c_minimum_quantity"]),
        value=as_decimal(row["c_value"]),
        allow_line_disc=bool(row["c_allow_line_disc"]),
        allow_invoice_disc=bool(row["c_allow_invoice_disc"]),
        campaign_activated=bool(row["c_activated"]),
        customer_targeted=bool(row["c_customer_targeted"]),
        contact_targeted=bool(row["c_contact_targeted"]),
    )


# --- the rules ------------------------------------------------------------------------------------


def _num(value: Decimal) -> str:
    """A quantity or percentage without trailing zeros: 24, 2.5."""
    return f"{value.normalize():f}"


def _money(amount: Decimal) -> str:
    """An amount with at least two decimals: 8.00, 3.333."""
    return _num(amount) if -amount.normalize().as_tuple().exponent > 2 else f"{amount:.2f}"


class _Line:
    """The sales line the candidates are judged against."""

    def __init__(
        self, *, date, quantity, uom, qty_per_uom, variant, currency_code, customer, company_no, has_customer_targets
    ):
        self.date = date
        self.quantity = quantity
        self.uom = uom
        self.qty_per_uom = qty_per_uom
        self.variant = variant
        self.currency_code = currency_code
        self.customer = customer
        self.company_no = company_no
        self.has_customer_targets = has_customer_targets

    def filter_reason(self, c: Candidate) -> str:
        """Why FindSalesPrice / FindSalesLineDisc would not pick the row up; "" when it would."""
        if c.sales_type == "campaign":
            if not c.campaign_activated:
                return str(_("Campaign %(no)s is not activated.") % {"no": c.sales_code})
            if self.has_customer_targets:
                if not c.customer_targeted:
                    if c.contact_targeted:
                        return str(
                            _(
                                "Campaign %(no)s targets contact %(contact)s, but customer %(customer)s has customer "
                                "target groups, so contact rows do not count."
                            )
                            % {"no": c.sales_code, "contact": self.company_no, "customer": self.customer.no}
                        )
                    return str(
                        _("Customer %(customer)s is not a target of campaign %(no)s.")
                        % {"customer": self.customer.no, "no": c.sales_code}
                    )
            elif not c.contact_targeted:
                who = self.customer.no if self.customer else self.company_no
                return str(_("%(who)s is not a target of campaign %(no)s.") % {"who": who or "-", "no": c.sales_code})
        if c.starting_date and c.starting_date > self.date:
            return str(
                _("Starts on %(start)s, after the date %(date)s.")
                % {
                    "start": date_format(c.starting_date, "SHORT_DATE_FORMAT"),
                    "date": date_format(self.date, "SHORT_DATE_FORMAT"),
                }
            )
        if c.ending_date and c.ending_date < self.date:
            return str(
                _("Ended on %(end)s, before the date %(date)s.")
                % {
                    "end": date_format(c.ending_date, "SHORT_DATE_FORMAT"),
                    "date": date_format(self.date, "SHORT_DATE_FORMAT"),
                }
            )
        if c.currency_code and c.currency_code != self.currency_code:
            return str(
                _("Currency %(code)s is not the line's currency (%(line)s).")
                % {"code": c.currency_code, "line": self.currency_code or _("LCY")}
            )
        if c.variant_code and c.variant_code != self.variant:
            return str(
                _("Variant %(code)s is not the line's variant (%(line)s).")
                % {"code": c.variant_code, "line": self.variant or _("none")}
            )
        if self.uom and c.unit_of_measure_code and c.unit_of_measure_code != self.uom:
            return str(
                _("Unit of measure %(code)s is not the line's unit (%(line)s).")
                % {"code": c.unit_of_measure_code, "line": self.uom}
            )
        return ""

    def minimum_quantity_reason(self, c: Candidate) -> str:
        """BC's IsInMinQty: a blank-unit row counts base units, a row with a unit counts the line's quantity."""
        if not c.unit_of_measure_code:
            base = abs(self.quantity) * self.qty_per_uom
            if c.minimum_quantity <= base:
                return ""
            return str(
                _("Minimum Quantity %(min)s (base units) is not met: the line has %(base)s base units.")
                % {"min": _num(c.minimum_quantity), "base": _num(base)}
            )
        if c.minimum_quantity <= abs(self.quantity):
            return ""
        return str(
            _("Minimum Quantity %(min)s %(unit)s is not met: the line has %(qty)s %(unit)s.")
            % {"min": _num(c.minimum_quantity), "unit": c.unit_of_measure_code, "qty": _num(self.quantity)}
        )

    def source_reason(self, c: Candidate) -> str:
        if c.sales_type == "campaign":
            if self.has_customer_targets:
                return str(
                    _("Campaign %(no)s targets customer %(who)s.") % {"no": c.sales_code, "who": self.customer.no}
                )
            return str(_("Campaign %(no)s targets contact %(who)s.") % {"no": c.sales_code, "who": self.company_no})
        return ""


def _specificity_wins(best: Candidate | None, c: Candidate) -> str:
    best_currency = best.currency_code if best else ""
    best_variant = best.variant_code if best else ""
    if not best_currency and c.currency_code:
        return str(_("A row for currency %(code)s beats a row without currency.") % {"code": c.currency_code})
    if not best_variant and c.variant_code:
        return str(_("A row for variant %(code)s beats a row without variant.") % {"code": c.variant_code})
    return ""


def _may_compete(best: Candidate | None, c: Candidate) -> bool:
    """A row without currency (variant) cannot replace a best row with one."""
    if best is None:
        return True
    return (not best.currency_code or bool(c.currency_code)) and (not best.variant_code or bool(c.variant_code))


def _best_line_discount(line: _Line, candidates: list[Candidate]) -> Candidate | None:
    """CalcBestLineDisc: specificity first, then the strictly higher Line Discount %."""
    best: Candidate | None = None
    for c in candidates:
        if not c.eligible:
            continue
        if reason := line.minimum_quantity_reason(c):
            c.eligible, c.reason = False, reason
            continue
        source = line.source_reason(c)
        if won := _specificity_wins(best, c):
            best, c.reason = c, won
        elif not _may_compete(best, c):
            c.reason = str(_("A row without currency or variant cannot replace the best row, which has one."))
        elif (best.value if best else Decimal(0)) < c.value:
            c.reason = (
                str(_("First discount found."))
                if best is None
                else str(
                    _("Higher discount: %(pct)s%% > %(best)s%%.") % {"pct": _num(c.value), "best": _num(best.value)}
                )
            )
            best = c
        else:
            c.reason = str(
                _("Not higher than the best discount %(best)s%% (ties keep the earlier row).")
                % {"best": _num(best.value if best else Decimal(0))}
            )
        if source:
            c.reason = f"{source} {c.reason}"
        if best is c:
            c.was_best = True
    return best


def _best_unit_price(
    line: _Line, candidates: list[Candidate], *, line_discount: Decimal, factor: Decimal | None, precision: Decimal
) -> Candidate | None:
    """CalcBestUnitPrice: convert to the line's unit and currency; specificity first, then the lowest line amount."""
    best: Candidate | None = None
    for c in candidates:
        if not c.eligible:
            continue
        if reason := line.minimum_quantity_reason(c):
            c.eligible, c.reason = False, reason
            continue
        price = c.value
        if not c.unit_of_measure_code:
            price *= line.qty_per_uom
        if not c.currency_code and factor is not None:
            price *= factor
        c.converted = bc_round(price, precision)
        c.line_amount = c.converted * (1 - line_discount / 100) if c.allow_line_disc else c.converted
        source = line.source_reason(c)
        if won := _specificity_wins(best, c):
            best, c.reason = c, won
        elif not _may_compete(best, c):
            c.reason = str(_("A row without currency or variant cannot replace the best row, which has one."))
        elif best is None or best.converted == 0 or best.line_amount > c.line_amount:
            if best is None:
                c.reason = str(_("First price found."))
            elif best.converted == 0:
                c.reason = str(_("Replaces a best price of 0 (BC: a price of 0 counts as no price)."))
            else:
                c.reason = str(
                    _("Lower line amount: %(amount)s < %(best)s.")
                    % {"amount": _money(c.line_amount), "best": _money(best.line_amount)}
                )
            best = c
        else:
            c.reason = str(
                _("Line amount %(amount)s is not lower than the best %(best)s (ties keep the earlier row).")
                % {"amount": _money(c.line_amount), "best": _money(best.line_amount)}
            )
        if source:
            c.reason = f"{source} {c.reason}"
        if best is c:
            c.was_best = True
    return best


def _mark_winner(candidates: list[Candidate], winner: Candidate | None) -> None:
    for c in candidates:
        if c is winner:
            c.won = True
        elif c.was_best:
            c.reason = f"{c.reason} {_('Later replaced by a better row.')}"


# --- the calculation ------------------------------------------------------------------------------


def _buyer(customer: Customer | Contact) -> tuple[Customer | None, int | None]:
    """The bill-to customer (None when a contact is given: query 1 reads its company's customer) and the
    company contact's id (a person counts as its company, DOMAIN 4)."""
    if isinstance(customer, Contact):
        return None, customer.company_id or customer.pk
    if isinstance(customer, Customer):
        return customer, customer.contact_id
    raise ValidationError(NO_CUSTOMER)


def _customer_of_company(context: dict, company_id: int | None) -> Customer | None:
    """The company's customer as query 1 read it (unsaved fields only; no further query), or None."""
    if not context.get("customer_id"):
        return None
    return Customer(
        pk=context["customer_id"],
        no=context["customer_no"],
        name=context["customer_name"],
        contact_id=company_id,
        customer_price_group_id=context["customer_customer_price_group_id"],
        customer_disc_group_id=context["customer_customer_disc_group_id"],
        allow_line_disc=context["customer_allow_line_disc"],
        blocked=context["customer_blocked"],
        currency_id=context["customer_currency_id"],
    )


def _check_context(
    context: dict, *, item: Item, uom: str, variant_code: str, currency_code: str, date: datetime.date
) -> None:
    """Refuse a line whose unit, variant or currency the item or the setup does not have (one message per field)."""
    errors = {}
    if context["qty_per_uom"] is None:
        errors["unit_of_measure_code"] = ValidationError(UNKNOWN_UNIT, params={"code": uom, "item": item.no})
    if variant_code and not context["variant_exists"]:
        errors["variant_code"] = ValidationError(UNKNOWN_VARIANT, params={"code": variant_code, "item": item.no})
    if currency_code and context["currency_precision"] is None:
        errors["currency_code"] = ValidationError(UNKNOWN_CURRENCY, params={"code": currency_code})
    elif currency_code and context["rate_amount"] is None:
        errors["currency_code"] = ValidationError(
            NO_EXCHANGE_RATE, params={"code": currency_code, "date": date_format(date, "SHORT_DATE_FORMAT")}
        )
    if errors:
        raise ValidationError(errors)


def _currency_factor(context: dict, currency_code: str) -> tuple[Decimal | None, Decimal]:
    """The line currency's factor (None in LCY) and its unit-amount rounding precision."""
    if not currency_code:
        return None, LCY_PRECISION
    factor = as_decimal(context["rate_amount"]) / as_decimal(context["rate_relational"])
    return factor, as_decimal(context["currency_precision"])


def _item_unit_price(
    item: Item, qty_per_uom: Decimal, *, factor: Decimal | None, precision: Decimal
) -> tuple[Decimal, str]:
    """The fallback when no sales price row qualified: the item's Unit Price in the line's unit and currency.

    BC CalcBestUnitPrice uses it only when BestSalesPriceFound is false; a winning price of 0 is a price
    (a free item), it is only replaced by any later qualifying row.
    """
    unit_price = item.unit_price * qty_per_uom
    if factor is not None:
        unit_price *= factor
    reason = _("No sales price applies: the item's Unit Price %(price)s is used.") % {"price": _money(item.unit_price)}
    return bc_round(unit_price, precision), str(reason)


def _screened_candidates(line: _Line, rows: list[dict]) -> tuple[list[Candidate], list[Candidate]]:
    """The price and the discount candidates in BC's key order, each marked eligible or with why not."""
    candidates = [_candidate(row) for row in rows]
    for c in candidates:
        c.reason = line.filter_reason(c)
        c.eligible = not c.reason
    prices = sorted((c for c in candidates if c.kind == PRICE), key=lambda c: c.sort_key)
    discounts = sorted((c for c in candidates if c.kind == DISCOUNT), key=lambda c: c.sort_key)
    return prices, discounts


def calculate_sales_line_price(
    *,
    customer: Customer | Contact,
    item: Item,
    date: datetime.date,
    quantity: Decimal | int | str,
    unit_of_measure_code: str = "",
    variant_code: str = "",
    currency_code: str = "",
    explain: bool = True,
) -> SalesLinePrice:
    """Find the unit price and line discount % of a sales line as BC's legacy engine does (DOMAIN 9.4–9.5).

    `customer` is the bill-to Customer, or a Contact (a person maps to its company and that company's
    customer, if any). A blank unit of measure means the item's Sales Unit of Measure (else its base
    unit), which is what a new sales line gets. Two queries.

    With `explain` (the simulator), the candidates include every row that names the buyer or a
    campaign, each with why it did or did not count; `explain=False` (a sales line) reads only the rows
    that can apply. The price, the discount and the winning rows are the same either way.
    """
    quantity = Decimal(quantity)  # signed: a return line; minimum quantities compare its size (BC Abs)
    uom = unit_of_measure_code or item.default_sales_unit_of_measure
    known_customer, company_id = _buyer(customer)
    context = _context(
        item=item,
        customer_id=known_customer.pk if known_customer else None,
        customer_of_contact=known_customer is None,
        company_id=company_id,
        uom=uom,
        variant=variant_code,
        currency_code=currency_code,
        date=date,
    )
    _check_context(context, item=item, uom=uom, variant_code=variant_code, currency_code=currency_code, date=date)
    known_customer = known_customer or _customer_of_company(context, company_id)
    qty_per_uom = as_decimal(context["qty_per_uom"])
    factor, precision = _currency_factor(context, currency_code)

    has_customer_targets = bool(known_customer) and bool(context["customer_has_targets"])
    line = _Line(
        date=date,
        quantity=quantity,
        uom=uom,
        qty_per_uom=qty_per_uom,
        variant=variant_code,
        currency_code=currency_code,
        customer=known_customer,
        company_no=context.get("company_no") or "",
        has_customer_targets=has_customer_targets,
    )
    rows = _candidate_rows(
        explain=explain,
        item=item,
        customer_id=known_customer.pk if known_customer else None,
        price_group_id=known_customer.customer_price_group_id if known_customer else None,
        disc_group_id=known_customer.customer_disc_group_id if known_customer else None,
        company_id=company_id,
        has_customer_targets=has_customer_targets,
        line=line,
        currency_id=context["currency_id"],
    )
    price_candidates, discount_candidates = _screened_candidates(line, rows)

    # BC finds the line discount first; the price comparison uses it (Sales Line.UpdateUnitPrice).
    best_discount = _best_line_discount(line, discount_candidates)
    found_discount = best_discount.value if best_discount else Decimal(0)
    best_price = _best_unit_price(
        line, price_candidates, line_discount=found_discount, factor=factor, precision=precision
    )
    _mark_winner(discount_candidates, best_discount)

    if best_price is None:
        unit_price, price_reason = _item_unit_price(item, qty_per_uom, factor=factor, precision=precision)
        # The item's price allows invoice discount; line discount as the customer allows it.
        allow_line_disc = known_customer.allow_line_disc if known_customer else True
        allow_invoice_disc = True
    else:
        unit_price = best_price.converted
        allow_line_disc, allow_invoice_disc = best_price.allow_line_disc, best_price.allow_invoice_disc
        price_reason = best_price.reason
    _mark_winner(price_candidates, best_price)

    line_discount = found_discount
    discount_reason = best_discount.reason if best_discount else str(_("No line discount applies."))
    notes = []
    if not allow_line_disc and line_discount:
        notes.append(str(_("Allow Line Disc. is off, so the Line Discount % is 0.")))
        discount_reason = str(_("Allow Line Disc. is off, so the Line Discount % is 0."))
        line_discount = Decimal(0)
    return SalesLinePrice(
        unit_price=unit_price,
        line_discount_pct=line_discount,
        allow_line_disc=allow_line_disc,
        allow_invoice_disc=allow_invoice_disc,
        price=best_price,
        discount=best_discount,
        price_candidates=price_candidates,
        discount_candidates=discount_candidates,
        customer=known_customer,
        contact_company_id=company_id,
        item=item,
        date=date,
        quantity=quantity,
        unit_of_measure_code=uom,
        qty_per_unit_of_measure=qty_per_uom,
        variant_code=variant_code,
        currency_code=currency_code,
        price_reason=price_reason,
        discount_reason=discount_reason,
        notes=notes,
    )
