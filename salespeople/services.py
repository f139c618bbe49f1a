"""Salespeople, teams and the user accounts linked to salespeople: the writes and the delete rules."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from core import roles
from core.models import User
from core.services import update_if_unchanged
from salespeople.models import Salesperson, Team, TeamSalesperson

CANNOT_DELETE_REFERENCED = _("You cannot delete %(record)s %(code)s because it is used on %(uses)s.")
SALESPERSON_BLOCKED = _("Salesperson %(code)s is blocked and cannot be chosen.")
ALREADY_MEMBER = _("Salesperson %(code)s is already a member of team %(team)s.")
CANNOT_LOCK_OUT_YOURSELF = _("You cannot remove your own Administrator role or deactivate your own user.")

SALESPERSON_CARD_FIELDS = [
    "name",
    "job_title",
    "email",
    "phone_no",
    "commission_pct",
    "task_capacity_per_week",
    "blocked",
    "privacy_blocked",
    "user",
]
TEAM_CARD_FIELDS = ["name"]


def protecting_references(instance: models.Model, *, ignore: tuple[type[models.Model], ...] = ()) -> list[str]:
    """Describe the rows that still point at `instance` through a PROTECT/RESTRICT foreign key ("3 campaigns").

    Reverse relations are read from the model, so apps that land later (tasks, pricing…) are covered too.
    """
    uses = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many or relation.related_model in ignore:
            continue
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        count = relation.related_model._base_manager.filter(**{relation.field.name: instance}).count()
        if count:
            meta = relation.related_model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            uses.append(f"{count} {str(name).lower()}")
    return uses


def _refuse_if_referenced(instance: models.Model, code: str, *, ignore: tuple[type[models.Model], ...] = ()) -> None:
    uses = protecting_references(instance, ignore=ignore)
    if uses:
        raise ValidationError(
            CANNOT_DELETE_REFERENCED,
            params={"record": instance._meta.verbose_name, "code": code, "uses": get_text_list(uses, _("and"))},
            code="referenced",
        )


@transaction.atomic
def update_salesperson(*, salesperson: Salesperson, expected_version: int) -> Salesperson:
    """Save the card unless another user saved it since it was read."""
    update_if_unchanged(instance=salesperson, expected_version=expected_version, fields=SALESPERSON_CARD_FIELDS)
    return salesperson


@transaction.atomic
def delete_salesperson(*, salesperson: Salesperson) -> None:
    """Delete a salesperson nobody refers to; team memberships go with it (as BC's Team Salesperson rows)."""
    _refuse_if_referenced(salesperson, salesperson.code, ignore=(TeamSalesperson,))
    salesperson.memberships.all().delete()
    salesperson.delete()


@transaction.atomic
def update_team(*, team: Team, expected_version: int) -> Team:
    update_if_unchanged(instance=team, expected_version=expected_version, fields=TEAM_CARD_FIELDS)
    return team


@transaction.atomic
def delete_team(*, team: Team) -> None:
    """Delete a team no task refers to; its memberships go with it."""
    _refuse_if_referenced(team, team.code, ignore=(TeamSalesperson,))
    team.delete()


@transaction.atomic
def add_team_member(*, team: Team, salesperson: Salesperson) -> TeamSalesperson:
    """Add a salesperson to a team; a blocked salesperson cannot join."""
    if salesperson.blocked or salesperson.privacy_blocked:
        raise ValidationError(SALESPERSON_BLOCKED, params={"code": salesperson.code}, code="blocked")
    membership, created = TeamSalesperson.objects.get_or_create(team=team, salesperson=salesperson)
    if not created:
        raise ValidationError(ALREADY_MEMBER, params={"code": salesperson.code, "team": team.code}, code="member")
    return membership


@transaction.atomic
def remove_team_member(*, team: Team, salesperson: Salesperson) -> None:
    team.memberships.filter(salesperson=salesperson).delete()


@transaction.atomic
def save_user(
    *,
    user: User,
    role_groups: list[Group],
    salesperson: Salesperson | None,
    password: str = "",
    acting_user: User,
) -> User:
    """Save a user account with its roles, active flag and linked salesperson."""
    if user.pk == acting_user.pk:
        keeps_admin = any(group.name == roles.ADMINISTRATOR for group in role_groups)
        if not user.is_active or (acting_user.groups.filter(name=roles.ADMINISTRATOR).exists() and not keeps_admin):
            raise ValidationError(CANNOT_LOCK_OUT_YOURSELF, code="self")
    if password:
        user.set_password(password)
    user.save()
    other_groups = user.groups.exclude(name__in=roles.ROLES)
    user.groups.set([*other_groups, *role_groups])
    Salesperson.objects.filter(user=user).exclude(pk=getattr(salesperson, "pk", None)).update(user=None)
    if salesperson is not None and salesperson.user_id != user.pk:
        Salesperson.objects.filter(pk=salesperson.pk).update(user=user, version=models.F("version") + 1)
    return user
