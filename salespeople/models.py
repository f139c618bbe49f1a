"""Salespeople/purchasers and teams of salespeople (DOMAIN 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.record_urls import record_url


class SalespersonQuerySet(models.QuerySet["Salesperson"]):
    def selectable(self) -> SalespersonQuerySet:
        """Salespeople that may be chosen on new records (not blocked, not privacy blocked)."""
        return self.filter(blocked=False, privacy_blocked=False)


class Salesperson(models.Model):
    """A salesperson/purchaser: carries out campaigns and tasks; may be linked to a user account."""

    code = models.CharField(_("Code"), max_length=20, unique=True)
    name = models.CharField(_("Name"), max_length=50)
    job_title = models.CharField(_("Job Title"), max_length=30, blank=True)
    email = models.EmailField(_("E-Mail"), max_length=80, blank=True)
    phone_no = models.CharField(_("Phone No."), max_length=30, blank=True)
    commission_pct = models.DecimalField(_("Commission %"), max_digits=5, decimal_places=2, default=0)
    # How many tasks a week the salesperson can carry: the Sales Manager's workload colours weeks above it.
    task_capacity_per_week = models.PositiveIntegerField(_("Task Capacity per Week"), default=40)
    blocked = models.BooleanField(_("Blocked"), default=False)
    privacy_blocked = models.BooleanField(_("Privacy Blocked"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salesperson",
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = SalespersonQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("Salesperson/Purchaser")
        verbose_name_plural = _("Salespeople/Purchasers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commission_pct__gte=0) & models.Q(commission_pct__lte=100),
                name="salespeople_salesperson_commission_percent",
                # "%%": Django formats the message with the constraint name.
                violation_error_message=_("Commission %% must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(task_capacity_per_week__gte=1),
                name="salespeople_salesperson_task_capacity_positive",
                violation_error_message=_("Task Capacity per Week must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return record_url("salespeople:detail", "code", self.code)


class Team(models.Model):
    """A team: a group of salespeople that activities and tasks can be assigned to."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    name = models.CharField(_("Name"), max_length=50)
    members = models.ManyToManyField(
        Salesperson, through="TeamSalesperson", related_name="teams", verbose_name=_("Salespeople")
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return record_url("salespeople:team_detail", "code", self.code)

    def ordered_members(self) -> models.QuerySet[Salesperson]:
        """Members in Salesperson Code order (the order per-member tasks are created in)."""
        return self.members.order_by("code")


class TeamSalesperson(models.Model):
    """Membership of a salesperson in a team (BC "Team Salesperson")."""

    team = models.ForeignKey(Team, verbose_name=_("Team Code"), on_delete=models.CASCADE, related_name="memberships")
    salesperson = models.ForeignKey(
        Salesperson, verbose_name=_("Salesperson Code"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        ordering = ["team__code", "salesperson__code"]
        verbose_name = _("Team Salesperson")
        verbose_name_plural = _("Team Salespeople")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "salesperson"],
                name="salespeople_teamsalesperson_unique",
                violation_error_message=_("The salesperson is already a member of this team."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team.code} – {self.salesperson.code}"
