"""Activate / Deactivate a campaign's prices and line discounts; live maintenance of target groups (DOMAIN 2.4, A.4).

A campaign's targets are derived from its segment lines and interaction log entries with Campaign
Target (entries: not postponed; canceled ones count, as in BC): each becomes its Contact Company No.
(a person without company: itself), stored as that company's customer when it has one, else as the
contact. All bulk work is one set-based statement per step, its SELECT built by the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from interactions.models import InteractionLogEntry
from pricing.models import (
    CampaignActivation,
    CampaignTargetGroup,
    Customer,
    SalesLineDiscount,
    SalesPrice,
)
from segments.models import SegmentLine

NO_PRICES_CONFIRM = _(
    "There are no Sales Prices or Sales Line Discounts currently linked to this Campaign. "
    "Do you still want to activate?"
)
NOTHING_TARGETED = _(
    "To activate the sales prices and/or line discounts, you must apply the relevant Segment Line(s) to the "
    "Campaign and place a check mark in the Campaign Target field on the Segment Line."
)
ACTIVATED = _("Campaign %(no)s is now activated.")
DEACTIVATED = _("Campaign %(no)s is now deactivated.")

CUSTOMER = CampaignTargetGroup.Type.CUSTOMER
CONTACT = CampaignTargetGroup.Type.CONTACT


# --- what a campaign targets ----------------------------------------------------------------------


def targeted_lines(campaign_ids) -> models.QuerySet[SegmentLine]:
    return SegmentLine.objects.filter(campaign_id__in=campaign_ids, campaign_target=True)


def targeted_entries(campaign_ids) -> models.QuerySet[InteractionLogEntry]:
    return InteractionLogEntry.objects.filter(campaign_id__in=campaign_ids, campaign_target=True, postponed=False)


def _as_targets(sources: models.QuerySet) -> models.QuerySet:
    """(type, customer, contact, campaign) of each targeted line or entry, in the target group's column order."""
    has_customer = Q(contact_company__customer__isnull=False)
    return (
        sources.annotate(
            tg_type=Case(When(has_customer, then=Value(CUSTOMER)), default=Value(CONTACT)),
            tg_customer=F("contact_company__customer__id"),
            tg_contact=Case(When(has_customer, then=None), default=Coalesce("contact_company_id", "contact_id")),
            tg_campaign=F("campaign_id"),
        )
        .values("tg_type", "tg_customer", "tg_contact", "tg_campaign")
        .order_by()
    )


def derived_targets(campaign_ids) -> models.QuerySet:
    """The distinct target group rows the campaigns' targeted lines and entries call for (a UNION)."""
    return _as_targets(targeted_lines(campaign_ids)).union(_as_targets(targeted_entries(campaign_ids))).order_by()


def targeted_source_count(campaign: Campaign) -> int:
    """How many segment lines and interaction log entries target the campaign (the size of an activation)."""
    return targeted_lines([campaign.pk]).count() + targeted_entries([campaign.pk]).count()


def campaign_has_prices(campaign: Campaign) -> bool:
    return (
        SalesPrice.objects.for_campaign(campaign).exists() or SalesLineDiscount.objects.for_campaign(campaign).exists()
    )


def derived_companies(campaign_ids) -> models.QuerySet:
    """The distinct (company, campaign) pairs of the campaigns' targeted lines and entries (a UNION).

    The company is the contact's company, or a person without a company itself (DOMAIN A.4).
    """

    def pairs(sources: models.QuerySet) -> models.QuerySet:
        return (
            sources.annotate(tg_company=Coalesce("contact_company_id", "contact_id"), tg_campaign=F("campaign_id"))
            .values("tg_company", "tg_campaign")
            .order_by()
        )

    return pairs(targeted_lines(campaign_ids)).union(pairs(targeted_entries(campaign_ids))).order_by()


def _insert_missing_targets(campaign_ids) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING: add the target group rows that are not there yet.

    The same rows as derived_targets, found the cheaper way: the distinct companies first, then each
    company's customer once (a Customer row), or none (a Contact row).
    """
    select_sql, params = derived_companies(campaign_ids).query.sql_with_params()
    table = CampaignTargetGroup._meta.db_table
    customer_table = Customer._meta.db_table
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(CampaignTargetGroup._meta.get_field(name).column) for name in ("type", "customer", "contact", "campaign")
    )
    customer_contact = qn(Customer._meta.get_field("contact").column)
    # "WHERE true" lets SQLite tell the upsert clause from a join's ON; PostgreSQL accepts it as is.
    sql = (
        f"INSERT INTO {qn(table)} ({columns}) "  # noqa: S608 - the SELECT is compiled by the ORM and the table name quoted; values are parameters
        f"SELECT CASE WHEN cu.id IS NULL THEN %s ELSE %s END, cu.id, CASE WHEN cu.id IS NULL THEN d.tg_company END, "
        f"d.tg_campaign FROM ({select_sql}) AS d LEFT JOIN {qn(customer_table)} cu ON cu.{customer_contact} = "
        f"d.tg_company WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(CONTACT), str(CUSTOMER), *params])
        return max(cursor.rowcount, 0)


def _delete_underived_targets(campaign_ids) -> int:
    """Delete the campaigns' target group rows that no targeted line or entry calls for any more."""
    rows = CampaignTargetGroup.objects.filter(campaign_id__in=campaign_ids)
    customer_match = {"campaign_id": OuterRef("campaign_id"), "contact_company__customer__id": OuterRef("customer_id")}
    deleted_customers, _ = (
        rows.filter(type=CUSTOMER)
        .exclude(Exists(targeted_lines(campaign_ids).filter(**customer_match)))
        .exclude(Exists(targeted_entries(campaign_ids).filter(**customer_match)))
        .delete()
    )

    def contact_sources(sources):
        return sources.annotate(tg_contact=Coalesce("contact_company_id", "contact_id")).filter(
            campaign_id=OuterRef("campaign_id"),
            tg_contact=OuterRef("contact_id"),
            contact_company__customer__isnull=True,
        )

    deleted_contacts, _ = (
        rows.filter(type=CONTACT)
        .exclude(Exists(contact_sources(targeted_lines(campaign_ids))))
        .exclude(Exists(contact_sources(targeted_entries(campaign_ids))))
        .delete()
    )
    return deleted_customers + deleted_contacts


def lock_campaigns_targeting(company_id: int) -> list[int]:
    """Lock the activated campaigns whose targeted lines or entries name the company (or the person itself)."""
    names = Q(contact_company_id=company_id) | Q(contact_id=company_id)
    activated = CampaignActivation.objects.values("campaign_id")
    campaign_ids = set(
        SegmentLine.objects.filter(names, campaign_target=True, campaign_id__in=activated)
        .values_list("campaign_id", flat=True)
        .distinct()
        .order_by()
    ) | set(
        InteractionLogEntry.objects.filter(names, campaign_target=True, postponed=False, campaign_id__in=activated)
        .values_list("campaign_id", flat=True)
        .distinct()
        .order_by()
    )
    return _lock_campaigns(campaign_ids)


def _lock_campaigns(campaign_ids) -> list[int]:
    """Lock the campaign rows (in key order) so activation and live maintenance of one campaign never interleave."""
    return list(
        Campaign.objects.select_for_update().filter(pk__in=campaign_ids).order_by("pk").values_list("pk", flat=True)
    )


# --- activate / deactivate ------------------------------------------------------------------------


@dataclass
class ActivationResult:
    campaign: Campaign
    inserted: int
    target_customers: int
    target_contacts: int


def target_counts(campaign: Campaign) -> dict[str, int]:
    """Number of target customers and target contacts of the campaign, in one query."""
    return CampaignTargetGroup.objects.filter(campaign=campaign).aggregate(
        customers=Count("id", filter=Q(type=CUSTOMER)), contacts=Count("id", filter=Q(type=CONTACT))
    )


def pricing_figures() -> dict[str, models.Expression]:
    """Annotations for a Campaign query: its target customers, target contacts, prices and discounts (one query)."""

    def count(queryset) -> Subquery:
        return Coalesce(
            Subquery(queryset.order_by().values("campaign").annotate(n=Count("id")).values("n")[:1]), Value(0)
        )

    rows = CampaignTargetGroup.objects.filter(campaign=OuterRef("pk"))
    return {
        "target_customers": count(rows.filter(type=CUSTOMER)),
        "target_contacts": count(rows.filter(type=CONTACT)),
        "price_count": count(SalesPrice.objects.filter(sales_type="campaign", campaign=OuterRef("pk"))),
        "discount_count": count(SalesLineDiscount.objects.filter(sales_type="campaign", campaign=OuterRef("pk"))),
    }


@transaction.atomic
def activate_campaign(*, campaign: Campaign, user=None) -> ActivationResult:
    """Activate the campaign's prices and discounts for its targets (BC ActivateCampaign); additive and idempotent.

    The caller has asked NO_PRICES_CONFIRM when the campaign has no prices or discounts.
    """
    _lock_campaigns([campaign.pk])
    if not (targeted_lines([campaign.pk]).exists() or targeted_entries([campaign.pk]).exists()):
        raise ValidationError(NOTHING_TARGETED, code="nothing_targeted")
    CampaignActivation.objects.get_or_create(campaign=campaign, defaults={"activated_by": user})
    inserted = _insert_missing_targets([campaign.pk])
    counts = target_counts(campaign)
    return ActivationResult(campaign, inserted, counts["customers"], counts["contacts"])


@transaction.atomic
def deactivate_campaign(*, campaign: Campaign) -> int:
    """Remove the campaign's target groups (BC DeactivateCampaign); returns how many rows went."""
    _lock_campaigns([campaign.pk])
    deleted, _ = CampaignTargetGroup.objects.filter(campaign=campaign).delete()
    CampaignActivation.objects.filter(campaign=campaign).delete()
    return deleted


@transaction.atomic(savepoint=False)
def resync_target_groups(*, campaign_ids) -> list[int]:
    """Bring the target groups of the activated campaigns among `campaign_ids` exactly in step (DOMAIN A.4).

    Called (through campaign_targets_changed) inside the transaction that changed segment lines or
    interaction log entries, and part of it (no savepoint: a failure fails the change). Two queries when
    none of the campaigns is activated: the lock that serialises with a concurrent Activate, and the check.
    """
    locked = _lock_campaigns({pk for pk in campaign_ids if pk})
    activated = list(
        CampaignActivation.objects.filter(campaign_id__in=locked)
        .order_by("campaign_id")
        .values_list("campaign_id", flat=True)
    )
    if activated:
        _delete_underived_targets(activated)
        _insert_missing_targets(activated)
    return activated


# --- preflight ------------------------------------------------------------------------------------

PREVIEW_LIMIT = 20


@dataclass
class Preflight:
    """What activating the campaign will do, and what is wrong with it, before the user confirms."""

    campaign: Campaign
    activated: bool
    no_of_prices: int
    no_of_discounts: int
    targeted_lines: int
    targeted_entries: int
    target_customers: int
    target_contacts: int
    existing_rows: int
    contacts_without_customer: list[Contact] = field(default_factory=list)
    overlaps: list[dict] = field(default_factory=list)
    below_cost: list[dict] = field(default_factory=list)

    @property
    def has_prices(self) -> bool:
        return bool(self.no_of_prices or self.no_of_discounts)

    @property
    def has_targets(self) -> bool:
        return bool(self.targeted_lines or self.targeted_entries)

    @property
    def new_rows(self) -> int:
        return max(self.target_customers + self.target_contacts - self.existing_rows, 0)


def _derived_type_counts(campaign: Campaign) -> dict[str, int]:
    """How many distinct customer and contact rows activation would produce (before it runs)."""
    select_sql, params = derived_targets([campaign.pk]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.tg_type, COUNT(*) FROM ({select_sql}) AS d GROUP BY d.tg_type", params)  # noqa: S608 - the SELECT is compiled by the ORM and the table name quoted; values are parameters
        return {str(kind): count for kind, count in cursor.fetchall()}


def _contacts_without_customer(campaign: Campaign) -> models.QuerySet[Contact]:
    """The targeted companies (and persons without company) that have no customer: their rows are Contact rows."""

    def targeting(sources):
        return sources.annotate(tg_contact=Coalesce("contact_company_id", "contact_id")).filter(
            tg_contact=OuterRef("pk")
        )

    return (
        Contact.objects.filter(customer__isnull=True)
        .filter(Exists(targeting(targeted_lines([campaign.pk]))) | Exists(targeting(targeted_entries([campaign.pk]))))
        .order_by("no")
    )


def _overlapping_campaign_prices(campaign: Campaign) -> list[dict]:
    """Items this campaign prices that another activated campaign, overlapping in time, prices for the same targets."""
    items = set(SalesPrice.objects.for_campaign(campaign).values_list("item_id", flat=True)) | set(
        SalesLineDiscount.objects.for_campaign(campaign).filter(item__isnull=False).values_list("item_id", flat=True)
    )
    if not items:
        return []
    others = (
        Campaign.objects.overlapping(campaign.starting_date, campaign.ending_date)
        .filter(activation__isnull=False)
        .exclude(pk=campaign.pk)
    )
    customer_ids = _as_targets(targeted_lines([campaign.pk])).filter(tg_type=CUSTOMER).values("tg_customer")
    entry_customer_ids = _as_targets(targeted_entries([campaign.pk])).filter(tg_type=CUSTOMER).values("tg_customer")
    contact_ids = _as_targets(targeted_lines([campaign.pk])).filter(tg_type=CONTACT).values("tg_contact")
    entry_contact_ids = _as_targets(targeted_entries([campaign.pk])).filter(tg_type=CONTACT).values("tg_contact")
    shared = (
        CampaignTargetGroup.objects.filter(campaign__in=others)
        .filter(
            Q(customer_id__in=customer_ids)
            | Q(customer_id__in=entry_customer_ids)
            | Q(contact_id__in=contact_ids)
            | Q(contact_id__in=entry_contact_ids)
        )
        .values("campaign_id")
        .annotate(shared=Count("id"))
    )
    shared_by_campaign = {row["campaign_id"]: row["shared"] for row in shared}
    if not shared_by_campaign:
        return []
    overlaps = {}
    for model in (SalesPrice, SalesLineDiscount):
        rows = (
            model.objects.filter(sales_type="campaign", campaign_id__in=shared_by_campaign, item_id__in=items)
            .values(
                "item__no",
                "item__description",
                "campaign_id",
                "campaign__no",
                "campaign__starting_date",
                "campaign__ending_date",
            )
            .distinct()
        )
        for row in rows:
            key = (row["item__no"], row["campaign__no"])
            overlaps[key] = {
                "item_no": row["item__no"],
                "item_description": row["item__description"],
                "campaign_no": row["campaign__no"],
                "starting_date": row["campaign__starting_date"],
                "ending_date": row["campaign__ending_date"],
                "shared_targets": shared_by_campaign[row["campaign_id"]],
            }
    return [overlaps[key] for key in sorted(overlaps)]


def _prices_below_cost(campaign: Campaign) -> list[dict]:
    """Campaign prices below the item's Unit Cost, compared per base unit in LCY (rate valid at the campaign start)."""
    from pricing.services.engine import exchange_rate_on

    prices = list(
        SalesPrice.objects.for_campaign(campaign)
        .select_related("item", "currency")
        .prefetch_related("item__units_of_measure")
        .order_by("item__no", "unit_of_measure_code", "minimum_quantity")
    )
    on = campaign.starting_date or timezone.localdate()
    found = []
    for price in prices:
        qty = next(
            (
                u.qty_per_unit_of_measure
                for u in price.item.units_of_measure.all()
                if u.code == price.unit_of_measure_code
            ),
            Decimal(1),
        )
        per_base = price.unit_price / qty
        if price.currency_id:
            rate = exchange_rate_on(price.currency, on)
            if rate is None:
                continue
            per_base = per_base / rate.factor
        if per_base < price.item.unit_cost:
            found.append(
                {
                    "price": price,
                    "price_lcy_per_base_unit": per_base.quantize(Decimal("0.01")),
                    "unit_cost": price.item.unit_cost,
                }
            )
    return found


def preflight(campaign: Campaign) -> Preflight:
    """Count what activation will produce and list the problems: contacts without customer, overlaps, low prices."""
    counts = {CUSTOMER.value: 0, CONTACT.value: 0, **_derived_type_counts(campaign)}
    return Preflight(
        campaign=campaign,
        activated=CampaignActivation.objects.filter(campaign=campaign).exists(),
        no_of_prices=SalesPrice.objects.for_campaign(campaign).count(),
        no_of_discounts=SalesLineDiscount.objects.for_campaign(campaign).count(),
        targeted_lines=targeted_lines([campaign.pk]).count(),
        targeted_entries=targeted_entries([campaign.pk]).count(),
        target_customers=counts[CUSTOMER.value],
        target_contacts=counts[CONTACT.value],
        existing_rows=CampaignTargetGroup.objects.filter(campaign=campaign).count(),
        contacts_without_customer=list(_contacts_without_customer(campaign)[:PREVIEW_LIMIT]),
        overlaps=_overlapping_campaign_prices(campaign),
        below_cost=_prices_below_cost(campaign),
    )
