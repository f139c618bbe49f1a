"""Services of the interactions app: interaction groups and templates (setup).

Interaction log entries and logged segments have their own module (log_services).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from interactions.models import InteractionGroup, InteractionTemplate, InteractionTotal

GROUP_IN_USE = _("You cannot delete Interaction Group %(code)s because it is used by %(what)s.")
TEMPLATE_IN_USE = _("You cannot delete Interaction Template %(code)s because it is used by %(what)s.")


def with_statistics(queryset: QuerySet, *, entry_field: str) -> QuerySet:
    """BC's FlowFields No. of Interactions, Cost (LCY), Duration (Min.): entries that count (not canceled,
    not postponed) per group or template (`entry_field`), read from the interaction totals (one query for the
    whole list; a few rows per group or template, however many entries there are)."""
    totals = (
        InteractionTotal.objects.filter(**{f"{entry_field}_key": OuterRef("pk")}, canceled=False, postponed=False)
        .order_by()
        .values(f"{entry_field}_key")
    )
    return queryset.annotate(
        no_of_interactions=Subquery(totals.annotate(n=Sum("no_of_entries")).values("n"), output_field=IntegerField()),
        cost=Subquery(totals.annotate(total=Sum("cost")).values("total")),
        duration=Subquery(totals.annotate(total=Sum("duration")).values("total")),
    )


def _usage(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} ({count})" for label, count in counts.items() if count)


def group_delete_error(*, group: InteractionGroup) -> str | None:
    """Why the group cannot be deleted (templates, interactions or segments use it), or None."""
    usage = _usage(
        {
            str(_("interaction templates")): group.templates.count(),
            str(_("interaction log entries")): group.log_entries.count(),
            str(_("segments")): group.segments.count(),
            str(_("segment lines")): group.segment_lines.count(),
        }
    )
    return str(GROUP_IN_USE % {"code": group.code, "what": usage}) if usage else None


def template_delete_error(*, template: InteractionTemplate) -> str | None:
    """Why the template cannot be deleted (interactions or segments use it), or None."""
    usage = _usage(
        {
            str(_("interaction log entries")): template.log_entries.count(),
            str(_("segments")): template.segments.count(),
            str(_("segment lines")): template.segment_lines.count(),
        }
    )
    return str(TEMPLATE_IN_USE % {"code": template.code, "what": usage}) if usage else None


@transaction.atomic
def delete_group(*, group: InteractionGroup) -> None:
    if reason := group_delete_error(group=group):
        raise ValidationError(reason, code="in_use")
    group.delete()


@transaction.atomic
def delete_template(*, template: InteractionTemplate) -> None:
    if reason := template_delete_error(template=template):
        raise ValidationError(reason, code="in_use")
    template.delete()
