"""Logging a single interaction and the Canceled toggles of interactions and logged segments (DOMAIN 2.5, 3.6, 5.2).

Segment logging lives in segments.services.logging (segments sit above interactions).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignEntry
from campaigns.signals import notify_targets_changed
from contacts.models import Contact
from contacts.services.contacts import check_not_privacy_blocked
from core.models import User
from interactions.models import InteractionLogEntry, InteractionTemplate, LoggedSegment
from salespeople.models import Salesperson

FILL_IN_FIELD = _("You must fill in the %(field)s field.")
# Description of the campaign entry all ad-hoc interactions of a campaign share (BC SegManagement InteractionsLbl).
AD_HOC_ENTRY_DESCRIPTION = _("Interactions")

# BC's confirmations of "Switch Check Mark in Canceled" (tables 5065 and 5075).
CONFIRM_MARK_ONE = _("Do you wish to mark %(table)s %(no)s as Canceled?")
CONFIRM_UNMARK_ONE = _("%(table)s %(no)s is marked Canceled. Do you wish to remove the checkmark?")
CONFIRM_MARK_SELECTED = _("Do you wish to mark the selected %(table)s lines as Canceled?")
CONFIRM_UNMARK_SELECTED = _("Do you wish to remove the checkmark from the selected %(table)s lines?")
MUST_NOT_BE_CANCELED = _("Canceled must be equal to 'No' in %(table)s: Entry No.=%(no)s. Current value is 'Yes'.")
NOTHING_SELECTED = _("Select at least one line.")


# --- single interaction ------------------------------------------------------------------------------------------


def ad_hoc_campaign_entry(
    *, campaign: Campaign, date: datetime.date, user: User | None, salesperson: Salesperson | None
) -> CampaignEntry:
    """Find or create the campaign entry that all interactions logged outside a segment share (BC GetCampaignEntryNo).

    One per (campaign, blank segment no., blank document type); the unique constraint makes the
    find-or-create safe when two users log at the same moment. A canceled ad-hoc entry is live again
    when a new interaction joins it (its earlier interactions stay canceled): a live interaction never
    belongs to a canceled entry, which could then be deleted with it (DOMAIN A.3).
    """
    entry, _created = CampaignEntry.objects.get_or_create(
        campaign=campaign,
        segment_no="",
        document_type=CampaignEntry.DocumentType.BLANK,
        defaults={
            "description": AD_HOC_ENTRY_DESCRIPTION,
            "date": date,
            "user": user,
            "salesperson": salesperson,
        },
    )
    if entry.canceled:
        CampaignEntry.objects.filter(pk=entry.pk).update(canceled=False)
        entry.canceled = False
    return entry


@transaction.atomic
def log_interaction(
    *,
    contact: Contact,
    template: InteractionTemplate | None,
    user: User | None,
    date: datetime.date | None,
    salesperson: Salesperson | None,
    description: str,
    time_of_interaction: datetime.time | None = None,
    cost: Decimal = Decimal(0),
    duration: Decimal = Decimal(0),
    information_flow: str = "",
    initiated_by: str = "",
    evaluation: str = "",
    campaign: Campaign | None = None,
    campaign_target: bool = False,
    campaign_response: bool = False,
    attempt_failed: bool = False,
    correspondence_type: str = "",
    opportunity_no: str = "",
    task_id: int | None = None,
) -> InteractionLogEntry:
    """Log one interaction with a contact (BC Create Interaction); with a campaign it joins the ad-hoc entry.

    `task_id` is the task the interaction was logged from (To-do No.); tasks sit above interactions, so its id.
    """
    check_not_privacy_blocked(contact)
    required = [
        ("interaction_template", template, _("Interaction Template Code")),
        ("salesperson", salesperson, _("Salesperson Code")),
        ("date", date, _("Date")),
        ("description", description.strip(), _("Description")),
    ]
    for name, value, caption in required:
        if not value:
            raise ValidationError({name: ValidationError(FILL_IN_FIELD, params={"field": caption}, code="required")})
    campaign_entry = None
    if campaign is not None:
        campaign_entry = ad_hoc_campaign_entry(campaign=campaign, date=date, user=user, salesperson=salesperson)
    entry = InteractionLogEntry.objects.create(
        contact=contact,
        contact_company_id=contact.company_id,
        date=date,
        time_of_interaction=time_of_interaction,
        description=description,
        information_flow=information_flow,
        initiated_by=initiated_by,
        cost=cost,
        duration=duration,
        user=user,
        interaction_group_id=template.interaction_group_id,
        interaction_template=template,
        campaign=campaign,
        campaign_entry=campaign_entry,
        campaign_target=campaign_target,
        campaign_response=campaign_response,
        evaluation=evaluation,
        attempt_failed=attempt_failed,
        salesperson=salesperson,
        correspondence_type=correspondence_type,
        opportunity_no=opportunity_no.strip(),
        task_id=task_id,
    )
    if campaign is not None:
        notify_targets_changed({campaign.pk})
    return entry


# --- Switch Check Mark in Canceled ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CancelToggle:
    """What a toggle will do (or did): the new Canceled value for the selected rows, and BC's question for it."""

    canceled: bool
    count: int
    first_no: int
    table: str

    @property
    def question(self) -> str:
        params = {"table": self.table, "no": self.first_no}
        if self.count == 1:
            return str((CONFIRM_MARK_ONE if self.canceled else CONFIRM_UNMARK_ONE) % params)
        return str((CONFIRM_MARK_SELECTED if self.canceled else CONFIRM_UNMARK_SELECTED) % params)


def _plan(model, ids: Iterable[int], canceled: bool | None = None) -> CancelToggle:
    """The new value is NOT the first selected row's Canceled (BC: first in Entry No. order).

    `canceled` is the value the user confirmed, when the question was asked before: it is applied as
    asked, so a repeated submission or another user's toggle in between cannot flip it the other way.
    """
    rows = model.objects.filter(pk__in=set(ids)).order_by("pk")
    first = rows.values("pk", "canceled").first()
    if first is None:
        raise ValidationError(NOTHING_SELECTED, code="nothing_selected")
    return CancelToggle(
        canceled=(not first["canceled"]) if canceled is None else canceled,
        count=rows.count(),
        first_no=first["pk"],
        table=str(model._meta.verbose_name),
    )


def plan_interaction_cancel_toggle(*, entry_ids: Iterable[int]) -> CancelToggle:
    return _plan(InteractionLogEntry, entry_ids)


def plan_logged_segment_cancel_toggle(*, logged_segment_ids: Iterable[int]) -> CancelToggle:
    return _plan(LoggedSegment, logged_segment_ids)


@transaction.atomic
def toggle_interactions_canceled(*, entry_ids: Iterable[int], canceled: bool | None = None) -> CancelToggle:
    """Switch Canceled on the selected interaction log entries (BC InteractionLogEntry.ToggleCanceledCheckmark).

    An entry whose logged segment or campaign entry is canceled cannot be un-canceled on its own:
    un-cancel the logged segment (or campaign entry) instead.
    """
    ids = set(entry_ids)
    plan = _plan(InteractionLogEntry, ids, canceled)
    selected = InteractionLogEntry.objects.filter(pk__in=ids)
    if not plan.canceled:
        blocked = (
            selected.filter(canceled=True)
            .filter(Q(logged_segment__canceled=True) | Q(campaign_entry__canceled=True))
            .order_by("pk")
            .values("logged_segment", "logged_segment__canceled", "campaign_entry")
            .first()
        )
        if blocked is not None:
            if blocked["logged_segment__canceled"]:
                params = {"table": LoggedSegment._meta.verbose_name, "no": blocked["logged_segment"]}
            else:
                params = {"table": CampaignEntry._meta.verbose_name, "no": blocked["campaign_entry"]}
            raise ValidationError(MUST_NOT_BE_CANCELED, params=params, code="parent_canceled")
    campaign_ids = set(selected.filter(campaign__isnull=False).values_list("campaign", flat=True).order_by().distinct())
    selected.update(canceled=plan.canceled)
    notify_targets_changed(campaign_ids)
    return plan


@transaction.atomic
def toggle_logged_segments_canceled(*, logged_segment_ids: Iterable[int], canceled: bool | None = None) -> CancelToggle:
    """Switch Canceled on the selected logged segments, their campaign entries and interactions (BC table 5075)."""
    ids = set(logged_segment_ids)
    plan = _plan(LoggedSegment, ids, canceled)
    entries = InteractionLogEntry.objects.filter(logged_segment__in=ids)
    campaign_ids = set(entries.filter(campaign__isnull=False).values_list("campaign", flat=True).order_by().distinct())
    LoggedSegment.objects.filter(pk__in=ids).update(canceled=plan.canceled)
    CampaignEntry.objects.filter(register__in=ids).update(canceled=plan.canceled)
    entries.update(canceled=plan.canceled)
    notify_targets_changed(campaign_ids)
    return plan
