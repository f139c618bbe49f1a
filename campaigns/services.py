"""Campaign operations: create, save the card, advance the status, entries (cancel, delete) and deletion."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from campaigns.models import Campaign, CampaignComment, CampaignEntry, CampaignStatus
from campaigns.signals import campaign_dates_changed, notify_targets_changed
from core.models import User
from core.services import assign_no, update_if_unchanged
from salespeople.models import Salesperson
from salespeople.services import CANNOT_DELETE_REFERENCED, SALESPERSON_BLOCKED, protecting_references

# BC validates the field the user changed; the model's check constraint carries the Starting Date wording.
STARTING_AFTER_ENDING = _("Starting Date must be before Ending Date.")
ENDING_BEFORE_STARTING = _("Ending Date must be after Starting Date.")
CAMPAIGN_EXISTS = _("The Campaign already exists. Identification fields and values: No.='%(no)s'")
NO_NEXT_STATUS = _("Campaign %(no)s already has the last status, %(status)s.")
NO_STATUS_CODES = _("There are no campaign status codes. An administrator sets them up under Setup.")
STATUS_IN_USE = ngettext_lazy(
    "You cannot delete Campaign Status %(code)s because %(count)d campaign uses it.",
    "You cannot delete Campaign Status %(code)s because %(count)d campaigns use it.",
    "count",
)
ENTRY_NOT_CANCELED = _("Campaign Entry %(no)s is not canceled. Only canceled campaign entries can be deleted.")
ENTRIES_DELETED = _("%(count)d Campaign Entry has been deleted.")
ENTRY_REGISTER_CANCELED = _("Canceled must be equal to 'No' in %(table)s: Entry No.=%(no)s. Current value is 'Yes'.")
CANNOT_DELETE_WITH_ENTRIES = ngettext_lazy(
    "You cannot delete Campaign %(no)s because %(count)d campaign entry is not canceled.",
    "You cannot delete Campaign %(no)s because %(count)d campaign entries are not canceled.",
    "count",
)
CANNOT_DELETE_WITH_INTERACTIONS = ngettext_lazy(
    "You cannot delete Campaign %(no)s because %(count)d interaction log entry without a campaign entry "
    "is not canceled.",
    "You cannot delete Campaign %(no)s because %(count)d interaction log entries without a campaign entry "
    "are not canceled.",
    "count",
)

# The fields the Campaign Card edits; Last Date Modified is written with them on every save.
CARD_FIELDS = ["description", "starting_date", "ending_date", "status", "salesperson"]


def interaction_model() -> type[models.Model]:
    """The Interaction Log Entry model, reached through the reverse relation (campaigns does not import it)."""
    return CampaignEntry._meta.get_field("interactions").related_model


def default_salesperson(user: User | None) -> Salesperson | None:
    """The salesperson linked to the user (BC's User Setup), if it may be chosen."""
    if user is None or not user.is_authenticated:
        return None
    return Salesperson.objects.selectable().filter(user=user).first()


# --- campaign -----------------------------------------------------------------------------------


def check_card(campaign: Campaign, *, current_salesperson_id: int | None = None) -> None:
    """What the card form checks, for every caller: a chosen salesperson is not blocked (the record's current
    one may stay), and Starting Date is not after Ending Date."""
    if campaign.salesperson_id and campaign.salesperson_id != current_salesperson_id:
        salesperson = Salesperson.objects.filter(pk=campaign.salesperson_id).first()
        if salesperson is not None and (salesperson.blocked or salesperson.privacy_blocked):
            raise ValidationError(
                {"salesperson": ValidationError(SALESPERSON_BLOCKED, params={"code": salesperson.code}, code="blocked")}
            )
    if campaign.starting_date and campaign.ending_date and campaign.starting_date > campaign.ending_date:
        raise ValidationError({"starting_date": ValidationError(STARTING_AFTER_ENDING, code="starting_after_ending")})


@transaction.atomic
def create_campaign(*, campaign: Campaign, user: User | None, manual_no: str = "") -> Campaign:
    """Insert a campaign: No. from the Campaign Nos. series (or typed), salesperson defaulted from the user."""
    campaign.no, campaign.no_series = assign_no(setup_field="campaign_nos", manual_no=manual_no)
    exists = ValidationError({"no": ValidationError(CAMPAIGN_EXISTS, params={"no": campaign.no}, code="exists")})
    if Campaign.objects.filter(no=campaign.no).exists():
        raise exists
    if campaign.salesperson_id is None:
        campaign.salesperson = default_salesperson(user)
    check_card(campaign)
    campaign.last_date_modified = None  # BC sets it on modify and rename, not on insert
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        # The same No. typed by another user at the same moment: the unique index decided.
        raise exists from None
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, expected_version: int) -> Campaign:
    """Save the card (optimistic locking), stamp Last Date Modified, tell pricing when the dates moved."""
    old = Campaign.objects.filter(pk=campaign.pk).values_list("starting_date", "ending_date", "salesperson_id").first()
    old_dates = old[:2] if old else None
    check_card(campaign, current_salesperson_id=old[2] if old else None)
    campaign.last_date_modified = timezone.localdate()
    update_if_unchanged(
        instance=campaign, expected_version=expected_version, fields=[*CARD_FIELDS, "last_date_modified"]
    )
    if old_dates != (campaign.starting_date, campaign.ending_date):
        campaign_dates_changed.send(sender=Campaign, campaign=campaign)
    return campaign


@transaction.atomic
def advance_status(*, campaign: Campaign, expected_version: int) -> CampaignStatus:
    """Move the campaign to the next status in Sort Order (the first one when it has none)."""
    next_status = campaign.next_status()
    if next_status is None:
        if campaign.status_id is None:
            raise ValidationError(NO_STATUS_CODES, code="no_status_codes")
        raise ValidationError(NO_NEXT_STATUS, params={"no": campaign.no, "status": campaign.status.code}, code="last")
    campaign.status = next_status
    campaign.last_date_modified = timezone.localdate()
    update_if_unchanged(instance=campaign, expected_version=expected_version, fields=["status", "last_date_modified"])
    return next_status


@transaction.atomic
def delete_campaign(*, campaign: Campaign) -> None:
    """Delete a campaign whose history is all canceled (DOMAIN A.2).

    Canceled entries go with their interaction log entries; postponed interactions that belong to no entry
    are detached; segments, tasks and opportunities are detached by their SET_NULL keys; prices, line
    discounts and target groups cascade from pricing; comments cascade.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    open_entries = campaign.entries.filter(canceled=False).count()
    if open_entries:
        raise ValidationError(
            CANNOT_DELETE_WITH_ENTRIES, params={"no": campaign.no, "count": open_entries}, code="open_entries"
        )
    interactions = interaction_model()._base_manager.filter(campaign=campaign)
    loose = interactions.filter(campaign_entry__isnull=True)
    open_interactions = interactions.filter(canceled=False, postponed=False).count()
    if open_interactions:
        raise ValidationError(
            CANNOT_DELETE_WITH_INTERACTIONS,
            params={"no": campaign.no, "count": open_interactions},
            code="open_interactions",
        )
    loose.filter(canceled=False, postponed=True).update(campaign=None)
    interactions.delete()
    campaign.entries.all().delete()
    try:
        campaign.delete()
    except (ProtectedError, RestrictedError):
        uses = get_text_list(protecting_references(campaign), _("and"))
        raise ValidationError(
            CANNOT_DELETE_REFERENCED,
            params={"record": Campaign._meta.verbose_name, "code": campaign.no, "uses": uses},
            code="referenced",
        ) from None


# --- status codes -------------------------------------------------------------------------------


@transaction.atomic
def delete_status(*, status: CampaignStatus) -> None:
    """Delete a status code that no campaign uses."""
    in_use = status.campaigns.count()
    if in_use:
        raise ValidationError(STATUS_IN_USE, params={"code": status.code, "count": in_use}, code="in_use")
    status.delete()


# --- comments -----------------------------------------------------------------------------------


@transaction.atomic
def add_comment(*, campaign: Campaign, date: datetime.date, comment: str, user: User | None) -> CampaignComment:
    return CampaignComment.objects.create(campaign=campaign, date=date, comment=comment, created_by=user)


# --- campaign entries ---------------------------------------------------------------------------


@transaction.atomic
def set_entry_canceled(*, entry: CampaignEntry, canceled: bool) -> CampaignEntry:
    """Set Canceled on the entry and on all its interaction log entries (DOMAIN 2.5).

    An entry of a canceled logged segment cannot be un-canceled on its own: un-cancel the logged segment.
    """
    entry = CampaignEntry.objects.select_for_update(of=("self",)).select_related("register").get(pk=entry.pk)
    if not canceled and entry.register is not None and entry.register.canceled:
        raise ValidationError(
            ENTRY_REGISTER_CANCELED,
            params={"table": entry.register._meta.verbose_name, "no": entry.register.pk},
            code="parent_canceled",
        )
    entry.canceled = canceled
    entry.save(update_fields=["canceled"])
    entry.interactions.update(canceled=canceled)
    notify_targets_changed({entry.campaign_id})
    return entry


def _delete_entries(entries: models.QuerySet[CampaignEntry]) -> int:
    """Delete the given campaign entries and their interaction log entries; return how many entries."""
    rows = list(entries.values_list("pk", "campaign_id"))
    if not rows:
        return 0
    entry_ids = [pk for pk, _campaign_id in rows]
    interaction_model()._base_manager.filter(campaign_entry__in=entry_ids).delete()
    CampaignEntry.objects.filter(pk__in=entry_ids).delete()
    notify_targets_changed({campaign_id for _pk, campaign_id in rows})
    return len(entry_ids)


@transaction.atomic
def delete_campaign_entry(*, entry: CampaignEntry) -> None:
    """Delete one canceled campaign entry (DOMAIN A.3)."""
    entry = CampaignEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.canceled:
        raise ValidationError(ENTRY_NOT_CANCELED, params={"no": entry.pk}, code="not_canceled")
    _delete_entries(CampaignEntry.objects.filter(pk=entry.pk))


@transaction.atomic
def delete_campaign_entries(
    *,
    campaign: Campaign | None = None,
    entry_no_from: int | None = None,
    entry_no_to: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    salesperson: Salesperson | None = None,
) -> int:
    """The batch "Delete Campaign Entries": delete the canceled entries within the filters; return the count."""
    entries = deletable_entries(
        campaign=campaign,
        entry_no_from=entry_no_from,
        entry_no_to=entry_no_to,
        date_from=date_from,
        date_to=date_to,
        salesperson=salesperson,
    )
    return _delete_entries(entries.select_for_update())


def deletable_entries(
    *,
    campaign: Campaign | None = None,
    entry_no_from: int | None = None,
    entry_no_to: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    salesperson: Salesperson | None = None,
) -> models.QuerySet[CampaignEntry]:
    """The entries "Delete Campaign Entries" deletes: within the filters, always only canceled ones (report 5189)."""
    entries = CampaignEntry.objects.canceled()
    if campaign is not None:
        entries = entries.filter(campaign=campaign)
    if entry_no_from is not None:
        entries = entries.filter(pk__gte=entry_no_from)
    if entry_no_to is not None:
        entries = entries.filter(pk__lte=entry_no_to)
    if date_from is not None:
        entries = entries.filter(date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(date__lte=date_to)
    if salesperson is not None:
        entries = entries.filter(salesperson=salesperson)
    return entries
