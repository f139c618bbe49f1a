"""Salesperson and team cards, team members, user accounts; the salesperson field other apps reuse."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles
from core.forms import VersionedModelForm, card_helper
from core.models import User
from salespeople.models import Salesperson, Team
from salespeople.services import SALESPERSON_BLOCKED

COMMISSION_OUT_OF_RANGE = _("Commission % must be between 0 and 100.")
TASK_CAPACITY_TOO_LOW = _("Task Capacity per Week must be at least 1.")


def selectable_salespeople(current: Salesperson | None = None) -> QuerySet[Salesperson]:
    """Salespeople to offer on a record: the non-blocked ones, plus the one the record already has."""
    condition = Q(blocked=False, privacy_blocked=False)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Salesperson.objects.filter(condition)


class SalespersonChoiceField(forms.ModelChoiceField):
    """A Salesperson Code field: offers only non-blocked salespeople, but keeps the record's current one.

    Values are codes (`?salesperson=SP01` pre-fills it). Choosing a blocked salesperson other than the
    current one is refused with a clear message. Usage: `SalespersonChoiceField(current=record.salesperson)`.
    """

    def __init__(self, *, current: Salesperson | None = None, **kwargs) -> None:
        kwargs.setdefault("label", _("Salesperson Code"))
        kwargs.setdefault("required", False)
        self.current = current
        super().__init__(queryset=selectable_salespeople(current), to_field_name="code", **kwargs)

    def label_from_instance(self, obj: Salesperson) -> str:
        return f"{obj.code} {obj.name}" + (f" ({_('Blocked')})" if obj.blocked else "")

    def prepare_value(self, value):
        # A model form's initial value is the current salesperson's id; the choices are keyed by code.
        if self.current is not None and value == self.current.pk and not isinstance(value, str):
            return self.current.code
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)  # ModelChoiceField's own check, which this lookup replaces
        salesperson = Salesperson.objects.filter(code=str(value).strip().upper()).first()
        if salesperson is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        blocked = salesperson.blocked or salesperson.privacy_blocked
        if blocked and (self.current is None or salesperson.pk != self.current.pk):
            raise ValidationError(SALESPERSON_BLOCKED, code="blocked", params={"code": salesperson.code})
        return salesperson


class CodeField(forms.CharField):
    """A BC Code field: trimmed and upper-case."""

    def to_python(self, value):
        return super().to_python(value).upper()


class SalespersonForm(VersionedModelForm):
    code = CodeField(label=_("Code"), max_length=20)

    class Meta:
        model = Salesperson
        fields = [
            "code",
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current_user = self.instance.user if self.instance.pk else None
        users = User.objects.filter(Q(salesperson__isnull=True) | Q(pk=getattr(current_user, "pk", None)))
        self.fields["user"] = forms.ModelChoiceField(users, required=False, label=_("User"), to_field_name="username")
        self.fields["user"].label_from_instance = lambda user: f"{user.username} ({user})"
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.initial["user"] = getattr(current_user, "username", None)
        self.fields["task_capacity_per_week"].required = False
        self.fields["task_capacity_per_week"].help_text = _(
            "Open tasks a week the salesperson can carry; the Sales Manager's workload marks weeks above it."
        )
        self.helper = card_helper()

    def clean(self) -> dict:
        """As in BC, a privacy blocked salesperson is also blocked."""
        data = super().clean()
        if data.get("privacy_blocked"):
            data["blocked"] = True
        return data

    def clean_commission_pct(self):
        """Check the range next to the field (the database constraint would report it above the form)."""
        value = self.cleaned_data.get("commission_pct")
        if value is not None and not 0 <= value <= 100:
            raise ValidationError(COMMISSION_OUT_OF_RANGE, code="commission_pct")
        return value

    def clean_task_capacity_per_week(self):
        """Blank means the default (40); below 1 is refused next to the field, as the database would refuse it."""
        value = self.cleaned_data.get("task_capacity_per_week")
        if value is None:
            return Salesperson._meta.get_field("task_capacity_per_week").default
        if value < 1:
            raise ValidationError(TASK_CAPACITY_TOO_LOW, code="task_capacity_per_week")
        return value


class TeamForm(VersionedModelForm):
    code = CodeField(label=_("Code"), max_length=10)

    class Meta:
        model = Team
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.helper = card_helper()


class TeamMemberForm(forms.Form):
    """Add a salesperson to a team: non-blocked salespeople who are not members yet."""

    salesperson = SalespersonChoiceField(required=True)

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["salesperson"].queryset = Salesperson.objects.selectable().exclude(memberships__team=team)


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return gettext(obj.name)  # the roles' names are collected in core.roles


class UserForm(forms.ModelForm):
    """An Administrator's view of a user account: name, e-mail, roles, active, linked salesperson, password."""

    role_groups = RoleChoiceField(
        Group.objects.filter(name__in=roles.ROLES).order_by("name"),
        required=False,
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
    )
    password1 = forms.CharField(
        label=_("Password"), required=False, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]
        labels = {"is_active": _("Active")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = Salesperson.objects.filter(user=self.instance).first() if self.instance.pk else None
        self.fields["salesperson"] = forms.ModelChoiceField(
            Salesperson.objects.filter(Q(user__isnull=True) | Q(pk=getattr(current, "pk", None))),
            required=False,
            label=_("Salesperson Code"),
            to_field_name="code",
            initial=current,
        )
        self.fields["salesperson"].label_from_instance = lambda sp: f"{sp.code} {sp.name}"
        if self.instance.pk:
            self.initial["role_groups"] = list(self.instance.groups.filter(name__in=roles.ROLES))
            self.fields["password1"].label = _("New password")
            self.fields["password1"].help_text = _("Leave blank to keep the current password.")
        else:
            self.fields["password1"].required = True
            self.fields["password2"].required = True
            self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        self.helper = card_helper()

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1", "")
        password2 = self.cleaned_data.get("password2", "")
        if password1 and password1 != password2:
            raise ValidationError(_("The two password fields didn’t match."), code="password_mismatch")
        return password2

    def _post_clean(self) -> None:
        super()._post_clean()
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password1", error)
