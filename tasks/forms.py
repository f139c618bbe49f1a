"""Forms: the activity card with its steps, the task card, Create Task and Assign Activity."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.fields import DateFormulaFormField, DateFormulaInput
from core.forms import VersionedModelForm
from core.http import usable_text
from core.lookups import LookupField
from core.widgets import date_input
from interactions.models import Evaluation, InteractionLogEntry, InteractionTemplate
from salespeople.models import Salesperson, Team
from segments.models import SegmentHeader
from tasks.models import STEP_NO_INCREMENT, Activity, ActivityStep, Priority, Task, TaskType
from tasks.services import TaskValues, messages
from tasks.services.common import active_opportunity_entry_no, check_date, check_duration

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# --- small fields ------------------------------------------------------------------------------


def checked(check: Any, value: Any) -> Any:
    """Run a service field check (BC's OnValidate) in a form's clean_<field>, with the field's own message."""
    try:
        check(value)
    except ValidationError as error:
        raise ValidationError([message for messages_ in error.message_dict.values() for message in messages_]) from None
    return value


_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)\b")


def parse_duration(text: str) -> datetime.timedelta:
    """Read a BC-style duration: "1 day", "2 hours 30 minutes", "1d 4h", "90 min", "1:30" (h:mm) or minutes."""
    text = text.strip().lower()
    if re.fullmatch(r"-?\d+", text):
        return datetime.timedelta(minutes=int(text))
    clock = re.fullmatch(r"(-?)(\d+):([0-5]\d)", text)
    if clock:
        sign = -1 if clock.group(1) else 1
        return sign * datetime.timedelta(hours=int(clock.group(2)), minutes=int(clock.group(3)))
    negative = text.startswith("-")
    rest = text.lstrip("-").strip()
    total = datetime.timedelta(0)
    position = 0
    for match in _DURATION_PART.finditer(rest):
        if rest[position : match.start()].strip(" ,and"):
            raise ValueError(text)
        amount = float(match.group(1).replace(",", "."))
        unit = match.group(2)[0]
        total += {
            "d": datetime.timedelta(days=amount),
            "h": datetime.timedelta(hours=amount),
            "m": datetime.timedelta(minutes=amount),
        }[unit]
        position = match.end()
    if position == 0 or rest[position:].strip():
        raise ValueError(text)
    return -total if negative else total


def format_duration(value: datetime.timedelta | None) -> str:
    """'1 day 2 hours 30 minutes', as BC shows a Duration."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (mins, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
    return sign + (" ".join(parts) or "0 minutes")


class DurationInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.timedelta):
            return format_duration(value)
        return super().format_value(value)


class BCDurationField(forms.Field):
    """A Duration typed as BC shows it ("1 day", "2 hours 30 minutes", "1:30")."""

    widget = DurationInput
    default_error_messages = {
        "invalid": _('Enter a duration such as "30 minutes", "2 hours", "1 day 4 hours" or "1:30".'),
    }

    def to_python(self, value: Any) -> datetime.timedelta | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.timedelta):
            return value
        try:
            return parse_duration(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        except OverflowError:  # beyond timedelta's ±999,999,999 days: far more than 10 years either way
            negative = str(value).strip().startswith("-")
            message = messages.DURATION_NEGATIVE if negative else messages.DURATION_OVER_TEN_YEARS
            raise ValidationError(message, code="duration") from None


# Where each record lookup finds its suggestions (core.lookups).
OPTIONS_URLS = {Contact: "contacts:options", Campaign: "campaigns:options", SegmentHeader: "segments:options"}


def _no_such_record(caption: str) -> str:
    return gettext("There is no %(caption)s with No. %%(value)s.") % {"caption": caption}


class NoField(LookupField):
    """A record typed by its No. (BC's lookup field), for tables too long for a select."""

    def __init__(self, queryset: Any, *, caption: str, **kwargs: Any) -> None:
        super().__init__(queryset, options_url=OPTIONS_URLS[queryset.model], **kwargs)
        # Fields are built when the module is imported: the message is translated when it is shown.
        self.error_messages["invalid_choice"] = lazy(_no_such_record, str)(caption)


class SalespersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Salesperson) -> str:
        return f"{obj.code} {obj.name}"


def selectable_salespeople(*current: int | None) -> Any:
    """Selectable salespeople (not blocked, not privacy blocked), plus the ones a record already refers to
    (existing references stay valid)."""
    keep = [pk for pk in current if pk]
    return Salesperson.objects.filter(Q(blocked=False, privacy_blocked=False) | Q(pk__in=keep)).order_by("code")


# --- activities --------------------------------------------------------------------------------


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["code", "description"]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class ActivityStepForm(forms.ModelForm):
    date_formula = DateFormulaFormField(label=_("Date Formula"), base_field="start")

    class Meta:
        model = ActivityStep
        fields = ["step_no", "type", "priority", "description", "date_formula"]
        widgets = {"step_no": forms.NumberInput(attrs={"min": 1, "step": 1})}

    def __init__(self, *args: Any, start: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_formula"].widget = DateFormulaInput(base_field="start", base_date=start, show_blank=True)
        self.fields["step_no"].min_value = 1
        # The steps are table rows: Bootstrap classes on the inputs, the column headers are the labels.
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if name != "DELETE":
                field.widget.attrs.setdefault(
                    "class", f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"
                )


class BaseStepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            step_no = form.cleaned_data.get("step_no")
            if step_no is None:
                continue
            if step_no in seen:
                form.add_error(
                    "step_no",
                    ValidationError(
                        messages.ACTIVITY_STEP_EXISTS,
                        params={"activity": self.instance.code, "step": step_no},
                        code="duplicate",
                    ),
                )
            seen.add(step_no)

    def validate_unique(self) -> None:
        # clean() reports duplicate Step Nos. with BC's message.
        return


def step_formset(*, activity: Activity, data: Any = None, start: datetime.date | None = None, extra: int = 3) -> Any:
    """The inline Activity Steps of the card, with Step Nos. of new lines proposed in steps of 10000."""
    formset_class = inlineformset_factory(
        Activity, ActivityStep, form=ActivityStepForm, formset=BaseStepFormSet, extra=extra, can_delete=True
    )
    last = (activity.steps.aggregate(last=Max("step_no"))["last"] or 0) if activity.pk else 0
    initial = [{"step_no": last + STEP_NO_INCREMENT * (i + 1)} for i in range(extra)]
    return formset_class(
        data,
        instance=activity,
        prefix="steps",
        initial=initial,
        queryset=ActivityStep.objects.filter(activity=activity) if activity.pk else ActivityStep.objects.none(),
        form_kwargs={"start": start},
    )


# --- tasks -------------------------------------------------------------------------------------


class TaskCardForm(VersionedModelForm):
    """The editable fields of the task card."""

    duration = BCDurationField(label=_("Duration"), required=False)
    contact = NoField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    campaign = NoField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    segment = NoField(SegmentHeader.objects.all(), caption=_("Segment"), label=_("Segment No."))
    recurring_date_interval = DateFormulaFormField(label=_("Recurring Date Interval"), base_field="date")

    class Meta:
        model = Task
        fields = [
            "description",
            "type",
            "status",
            "priority",
            "date",
            "start_time",
            "duration",
            "all_day_event",
            "location",
            "salesperson",
            "team",
            "contact",
            "campaign",
            "segment",
            "opportunity_no",
            "recurring",
            "recurring_date_interval",
            "calc_due_date_from",
        ]
        widgets = {"date": date_input(), "start_time": TIME_INPUT}
        field_classes = {"salesperson": SalespersonChoiceField}

    def clean_duration(self) -> datetime.timedelta | None:
        return checked(check_duration, self.cleaned_data.get("duration"))

    def clean_date(self) -> datetime.date | None:
        return checked(check_date, self.cleaned_data.get("date"))

    def __init__(self, *args: Any, may_reassign: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        task = self.instance
        self.fields["salesperson"].queryset = selectable_salespeople(task.salesperson_id)
        self.fields["team"].queryset = Team.objects.order_by("code")
        self.fields["recurring_date_interval"].widget.base_date = task.date
        if not self.is_bound:
            # Lookup fields show the No., not the row id.
            for name in ("contact", "campaign", "segment"):
                related = getattr(task, name)
                self.initial[name] = related.no if related else ""
        if task.is_sub_task:
            for name in ("salesperson", "team"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Follows the team task %(no)s.") % {"no": task.organizer_no}
        elif not may_reassign:
            # A salesperson works on own and own teams' tasks; moving them to others is the sales manager's.
            for name in ("salesperson", "team"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("A sales manager can assign the task to someone else.")


class CallOutcomeForm(forms.Form):
    """Log call outcome on the task card: the interaction with the task's contact, and whether the task is done."""

    interaction_template = forms.ModelChoiceField(
        queryset=InteractionTemplate.objects.order_by("code"),
        to_field_name="code",
        label=_("Interaction Template"),
        error_messages={"required": _("Choose the kind of interaction, for example a phone call.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=100,
        error_messages={"required": _("Say in a few words how the call went.")},
    )
    evaluation = forms.ChoiceField(
        label=_("Evaluation"), choices=[("", _("(not evaluated)")), *Evaluation.choices[1:]], required=False
    )
    campaign_response = forms.BooleanField(label=_("Campaign Response"), required=False)
    close = forms.BooleanField(label=_("Close the task"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(
        self, *args: Any, task: Task, user: Any, may_close: bool, salesperson: Salesperson | None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "outcome")
        super().__init__(*args, **kwargs)
        if salesperson is None:
            # A team task logged by a user without a salesperson of their own: they say who made the call.
            self.fields["salesperson"] = SalespersonChoiceField(
                queryset=selectable_salespeople(), to_field_name="code", required=False, label=_("Salesperson Code")
            )
            self.order_fields(["interaction_template", "description", "salesperson"])
        self.fields["interaction_template"].label_from_instance = lambda t: f"{t.code} {t.description}".strip()
        if task.campaign_id is None:
            del self.fields["campaign_response"]
        else:
            self.fields["campaign_response"].help_text = _("The contact responded to campaign %(no)s.") % {
                "no": task.campaign.no
            }
        if task.closed or not may_close:
            del self.fields["close"]
        if not self.is_bound:
            self.fields["version"].initial = task.version
            self.fields["description"].initial = task.description
            # The template the user logged with last: a salesperson's calls are mostly of one kind.
            last = (
                InteractionLogEntry.objects.filter(user=user, interaction_template__isnull=False)
                .order_by("-pk")
                .values_list("interaction_template__code", flat=True)
                .first()
            )
            self.fields["interaction_template"].initial = last


class WizardForm(forms.Form):
    """Fields the Create Task and Assign Activity wizards share (BC's wizard fields)."""

    team_task = forms.BooleanField(label=_("Team Task"), required=False)
    salesperson = SalespersonChoiceField(
        queryset=Salesperson.objects.none(), to_field_name="code", required=False, label=_("Salesperson Code")
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("code"), to_field_name="code", required=False, label=_("Team Code")
    )
    team_meeting_organizer = SalespersonChoiceField(
        queryset=Salesperson.objects.none(), to_field_name="code", required=False, label=_("Team Meeting Organizer")
    )
    contact = NoField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    campaign = NoField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    segment = NoField(SegmentHeader.objects.all(), caption=_("Segment"), label=_("Segment No."))
    opportunity_no = forms.CharField(label=_("Opportunity No."), max_length=20, required=False)
    assignment_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["salesperson"].queryset = selectable_salespeople()
        self.fields["team_meeting_organizer"].queryset = selectable_salespeople()
        if not self.is_bound:
            self.fields["assignment_id"].initial = uuid.uuid4()
        # A team task goes to the team's members, never to one salesperson: with Team Task ticked the Salesperson
        # Code is disabled, here (a disabled field ignores what is posted) and as it is ticked (static/js/tasks.js).
        self.fields["team_task"].widget.attrs["data-disables"] = self["salesperson"].auto_id
        if self._team_task_ticked():
            self.fields["salesperson"].disabled = True
            self.fields["salesperson"].initial = None

    def _team_task_ticked(self) -> bool:
        if self.is_bound:
            return self.fields["team_task"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("team_task")
            )
        return bool(self.initial.get("team_task"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("team") and not data.get("team_task"):
            if data.get("salesperson"):
                self.add_error("team", _("Tick Team Task to give the task to the team, or clear Team Code."))
            else:
                data["team_task"] = True  # only a team was chosen: the user means a team task
        return data

    def clean_assignment_id(self) -> uuid.UUID:
        # The run's identity: the preview carries it to the confirmation, so a second Yes creates nothing.
        return self.cleaned_data.get("assignment_id") or uuid.uuid4()

    def common_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        team_task = data.get("team_task")
        return {
            "salesperson": None if team_task else data.get("salesperson"),
            "team": data.get("team") if team_task else None,
            "team_meeting_organizer": data.get("team_meeting_organizer") if team_task else None,
            "contact": data.get("contact"),
            "campaign": data.get("campaign"),
            "segment": data.get("segment"),
            "opportunity_no": data.get("opportunity_no", ""),
            "opportunity_entry_no": active_opportunity_entry_no(data.get("opportunity_no", "")),
        }


class CreateTaskForm(WizardForm):
    type = forms.ChoiceField(label=_("Type"), choices=TaskType.choices, required=False)
    description = forms.CharField(label=_("Description"), max_length=100, required=False)
    date = forms.DateField(label=_("Date"), widget=date_input(), required=False)
    start_time = forms.TimeField(label=_("Start Time"), widget=TIME_INPUT, required=False)
    duration = BCDurationField(label=_("Duration"), required=False)
    all_day_event = forms.BooleanField(label=_("All Day Event"), required=False)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    recurring = forms.BooleanField(label=_("Recurring"), required=False)
    recurring_date_interval = DateFormulaFormField(label=_("Recurring Date Interval"), base_field="date")
    calc_due_date_from = forms.ChoiceField(
        label=_("Calc. Due Date From"), choices=Task.CalcDueDateFrom.choices, required=False
    )

    field_order = [
        "team_task",
        "salesperson",
        "team",
        "team_meeting_organizer",
        "type",
        "description",
        "date",
        "start_time",
        "duration",
        "all_day_event",
        "location",
        "priority",
        "contact",
        "campaign",
        "segment",
        "opportunity_no",
        "recurring",
        "recurring_date_interval",
        "calc_due_date_from",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # BC's wizard defaults: Date = today, Duration = 1 day.
        self.fields["date"].initial = timezone.localdate()
        self.fields["duration"].initial = datetime.timedelta(days=1)

    def clean_duration(self) -> datetime.timedelta | None:
        return checked(check_duration, self.cleaned_data.get("duration"))

    def task_values(self) -> TaskValues:
        data = self.cleaned_data
        return TaskValues(
            date=data.get("date"),
            description=data.get("description", ""),
            type=data.get("type") or TaskType.BLANK,
            priority=data.get("priority") or Priority.NORMAL,
            start_time=data.get("start_time"),
            duration=data.get("duration"),
            all_day_event=bool(data.get("all_day_event")),
            location=data.get("location", ""),
            recurring=bool(data.get("recurring")),
            recurring_date_interval=data.get("recurring_date_interval", ""),
            calc_due_date_from=data.get("calc_due_date_from", ""),
            **self.common_values(),
        )


class AssignActivityForm(WizardForm):
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.order_by("code"), to_field_name="code", required=False, label=_("Activity Code")
    )
    date = forms.DateField(label=_("Date"), widget=date_input(), required=False)

    field_order = [
        "activity",
        "date",
        "team_task",
        "salesperson",
        "team",
        "team_meeting_organizer",
        "contact",
        "campaign",
        "segment",
        "opportunity_no",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].help_text = _("The start date: every step's Date Formula counts from it.")

    def task_values(self) -> TaskValues:
        data = self.cleaned_data
        return TaskValues(date=data.get("date"), activity=data.get("activity"), **self.common_values())


def origin_initial(params: Any) -> dict[str, Any]:
    """Pre-fill the wizards from the record they were started from (BC SetFilterFromTask).

    contact → Contact No. and its salesperson; salesperson → Salesperson Code; team → Team Code (team task);
    campaign → Campaign No. and its salesperson; segment → Segment No., its campaign and salesperson;
    activity → Activity Code (Assign Activity opened from the activity card).
    """
    params = _origin_params(params)
    initial: dict[str, Any] = {}
    if contact := Contact.objects.filter(no=params.get("contact", "")).select_related("salesperson").first():
        initial |= {"contact": contact.no, "salesperson": contact.salesperson.code if contact.salesperson else None}
    if salesperson := Salesperson.objects.filter(code=params.get("salesperson", "")).first():
        initial["salesperson"] = salesperson.code
    if team := Team.objects.filter(code=params.get("team", "")).first():
        initial |= {"team": team.code, "team_task": True}
    if campaign := Campaign.objects.filter(no=params.get("campaign", "")).select_related("salesperson").first():
        initial |= {"campaign": campaign.no}
        if campaign.salesperson:
            initial["salesperson"] = campaign.salesperson.code
    if (
        segment := SegmentHeader.objects.filter(no=params.get("segment", ""))
        .select_related("campaign", "salesperson")
        .first()
    ):
        initial |= {"segment": segment.no}
        if segment.campaign:
            initial["campaign"] = segment.campaign.no
        if segment.salesperson:
            initial["salesperson"] = segment.salesperson.code
    if opportunity_no := params.get("opportunity", "").strip():
        initial["opportunity_no"] = opportunity_no
    if activity := Activity.objects.filter(code=params.get("activity", "").strip().upper()).first():
        initial["activity"] = activity.code
    return {key: value for key, value in initial.items() if value is not None}


def origin_privacy_blocked_contact(params: Any) -> Contact | None:
    """The origin contact when it is privacy blocked (BC raises an error when a wizard starts from it)."""
    return Contact.objects.filter(no=_origin_params(params)["contact"], privacy_blocked=True).first()


def _origin_params(params: Any) -> dict[str, str]:
    """The origin's keys from the query string; a value no record can have (a NUL byte) counts as none."""
    names = ("contact", "salesperson", "team", "campaign", "segment", "opportunity", "activity")
    return {name: usable_text(params.get(name, "")) for name in names}
