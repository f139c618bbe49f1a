"""Views of the tasks app: activities (setup), the task lists, agenda, workload, card, actions and wizards."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.cards import delete_with_question, make_read_only
from core.confirm import confirm, posted_fields
from core.forms import save_or_report
from core.http import as_date, date_param, local_url, query_param
from core.lists import ListSpec
from core.services import start_job
from tasks import access, list_cells, services
from tasks.filters import AgendaFilter, TaskFilter
from tasks.forms import (
    ActivityForm,
    AssignActivityForm,
    CallOutcomeForm,
    CreateTaskForm,
    TaskCardForm,
    origin_initial,
    origin_privacy_blocked_contact,
    selectable_salespeople,
    step_formset,
)
from tasks.jobs import OPERATION, values_to_params
from tasks.lists import ACTIVITIES, MY_TASKS, TASKS
from tasks.models import Activity, ActivityStep, Task, TaskType
from tasks.services import messages as bc
from tasks.workload import workload_grid

PANEL_SIZE = 10
PANEL_FILTERS = ("campaign", "contact", "segment", "salesperson", "team", "opportunity")
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


# --- helpers -----------------------------------------------------------------------------------


def add_service_error(form: Any, error: ValidationError) -> None:
    """Show a service's error next to its field when the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def show_result(request: HttpRequest, result: services.TaskChangeResult) -> None:
    for text in result.messages:
        messages.info(request, text)


def interaction_url(task: Task, user: Any) -> str | None:
    """The Log Interaction page pre-filled from the task, if it exists and the user may log interactions."""
    if not user.has_perm("interactions.add_interactionlogentry"):
        return None
    try:
        url = reverse("interactions:log_interaction")
    except NoReverseMatch:
        return None
    # `task` names the task the entry belongs to; `next` brings the user back to the task afterwards.
    params = {"task": task.no, "next": task.get_absolute_url()}
    if task.contact_id:
        params["contact"] = task.contact.no
    if task.campaign_id:
        params["campaign"] = task.campaign.no
    if task.opportunity_no:
        params["opportunity"] = task.opportunity_no
    return f"{url}?{urlencode(params)}"


def expected_version(request: HttpRequest, task: Task) -> int:
    """The version the user's page was built from; a post without one (or a garbled one) matches no version."""
    posted = request.POST.get("version", "")
    return int(posted) if posted.isdigit() and len(posted) < 10 else -1


# --- activities (setup) ------------------------------------------------------------------------


@permission_required("tasks.view_activity", raise_exception=True)
@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    meetings = ActivityStep.objects.filter(activity=OuterRef("pk"), type=TaskType.MEETING)
    activities = Activity.objects.annotate(no_of_steps=Count("steps"), includes_meeting=Exists(meetings))
    return ACTIVITIES.render(request, activities, "tasks/activity_list.html")


@permission_required("tasks.add_activity", raise_exception=True)
@GET_OR_POST
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (activity := save_or_report(form)) is not None:
        messages.success(request, _("Activity %(code)s has been created. Add its steps.") % {"code": activity.code})
        return redirect(activity)
    return render(request, "tasks/activity_form.html", {"form": form})


@permission_required("tasks.view_activity", raise_exception=True)
@GET_OR_POST
def activity_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The activity card: header and steps edited together; each step's date previewed from a start date."""
    activity = get_object_or_404(Activity, code=code)
    can_change = request.user.has_perm("tasks.change_activity")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    start = as_date(request.POST.get("start") or request.GET.get("start")) or timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity)
    formset = step_formset(activity=activity, data=data, start=start)
    if data is not None and form.is_valid() and formset.is_valid():
        activity = services.save_activity(form=form, formset=formset)
        messages.success(request, _("Activity %(code)s has been saved.") % {"code": activity.code})
        return redirect(f"{activity.get_absolute_url()}?start={start.isoformat()}")
    if not can_change:
        for each in [form, *formset.forms]:
            make_read_only(each)
    schedule = [(step, services.step_date(step, start)) for step in activity.steps.order_by("step_no")]
    context = {"activity": activity, "form": form, "formset": formset, "start": start, "schedule": schedule}
    context["can_change"] = can_change
    return render(request, "tasks/activity_detail.html", context)


@permission_required("tasks.delete_activity", raise_exception=True)
@require_POST
def activity_delete(request: HttpRequest, code: str) -> HttpResponse:
    activity = get_object_or_404(Activity, code=code)
    return delete_with_question(
        request,
        record=activity,
        caption=_("Activity %(code)s and its steps") % {"code": code},
        delete=activity.delete,
        deleted=_("Activity %(code)s and its steps have been deleted.") % {"code": code},
        done_url=reverse("tasks:activity_list"),
    )


# --- task lists --------------------------------------------------------------------------------


def _task_list(request: HttpRequest, spec: ListSpec, base: QuerySet[Task], *, mine: bool) -> HttpResponse:
    context = {
        "title": spec.title,
        "mine": mine,
        "today": timezone.localdate(),
        "salesperson": access.linked_salesperson(request.user),
        "wizard_query": urlencode({key: request.GET[key] for key in PANEL_FILTERS if request.GET.get(key)}),
        "active_filters": sum(1 for key in TaskFilter.base_filters if request.GET.get(key)),
        "counts": base.day_counts(timezone.localdate()) if mine else None,
        "may_close": request.user.has_perm("tasks.change_task"),
    }
    cells = list_cells.close_buttons(request) if mine and context["may_close"] else None
    return spec.render(request, base.for_list(), "tasks/task_list.html", context, cells=cells)


@permission_required("tasks.view_task", raise_exception=True)
@require_safe
def task_list(request: HttpRequest) -> HttpResponse:
    return _task_list(request, TASKS, access.visible_tasks(request.user), mine=False)


@permission_required("tasks.view_task", raise_exception=True)
@require_safe
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The logged-in salesperson's own tasks and their teams' tasks."""
    return _task_list(request, MY_TASKS, access.my_tasks(request.user), mine=True)


@permission_required("tasks.view_task", raise_exception=True)
@require_safe
def agenda(request: HttpRequest) -> HttpResponse:
    """A week of tasks, Monday to Sunday, with links to the previous and next week."""
    today = timezone.localdate()
    day = date_param(request, "week") or today
    monday = day - datetime.timedelta(days=day.weekday())  # 0001-01-01 is a Monday: never before the calendar
    days = [monday + datetime.timedelta(days=i) for i in range(min(7, (datetime.date.max - monday).days + 1))]
    base = access.my_tasks(request.user) if request.GET.get("mine") else access.visible_tasks(request.user)
    filterset = AgendaFilter(request.GET, queryset=base.for_list())
    week = filterset.qs.filter(date__range=(days[0], days[-1])).order_by("date", "start_time", "no")
    by_day: dict[datetime.date, list[Task]] = {d: [] for d in days}
    for task in week:
        by_day[task.date].append(task)
    context = {
        "filter": filterset,
        "days": list(by_day.items()),
        "monday": monday,
        # The first and the last week of the calendar have no week before or after them.
        "previous": monday - datetime.timedelta(days=7) if monday > datetime.date.min else None,
        "next": days[-1] + datetime.timedelta(days=1) if days[-1] < datetime.date.max else None,
        "today": today,
        "overdue": filterset.qs.overdue(monday).count(),
        "before_monday": monday - datetime.timedelta(days=1) if monday > datetime.date.min else None,
        "week_no": monday.isocalendar().week,
    }
    return render(request, "tasks/agenda.html", context)


@permission_required("tasks.add_task", raise_exception=True)
@require_safe
def workload(request: HttpRequest) -> HttpResponse:
    """Open tasks per salesperson per week for the next 8 weeks (one grouped query)."""
    grid = workload_grid(today=timezone.localdate(), team_code=query_param(request, "team"))
    return render(request, "tasks/workload.html", {"grid": grid, "teams": grid.teams})


@permission_required("tasks.view_task", raise_exception=True)
@require_safe
def panel(request: HttpRequest) -> HttpResponse:
    """The htmx fragment on campaign, contact, segment, salesperson, team and opportunity cards: their open tasks."""
    params = {key: request.GET[key] for key in PANEL_FILTERS if request.GET.get(key)}
    # The card's System To-do Type filter (BC's Tasks action), kept for the list but not for the wizards.
    types = [value for value in request.GET.getlist("system_task_type") if value in Task.SystemTaskType.values]
    data = QueryDict(mutable=True)
    data.update(params)
    data.setlist("system_task_type", types)
    # Only the joins the panel shows: planning the list's seven took 28 ms, longer than reading the tasks.
    filterset = TaskFilter(data, queryset=access.visible_tasks(request.user).select_related("salesperson", "team"))
    tasks = filterset.qs
    today = timezone.localdate()
    upcoming = list(tasks.open().order_by("date", "no")[:PANEL_SIZE])
    context = {
        "tasks": upcoming,
        "counts": tasks.counts(today),
        "query": urlencode(params),
        "list_query": urlencode({**params, "system_task_type": types}, doseq=True),
        "today": today,
        "params": params,
    }
    return render(request, "tasks/_panel.html", context)


# --- the task card and its actions -------------------------------------------------------------


@permission_required("tasks.view_task", raise_exception=True)
@GET_OR_POST
def task_detail(request: HttpRequest, no: str) -> HttpResponse:
    task = access.get_task_for(request.user, no)
    can_change = request.user.has_perm("tasks.change_task")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = TaskCardForm(request.POST or None, instance=task, may_reassign=access.sees_all_tasks(request.user))
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        try:
            result = services.update_task(
                task=task, expected_version=form.expected_version, confirmed=request.POST.get("confirmed") == "yes"
            )
        except services.ConfirmationRequired as question:
            return confirm(
                request,
                title=_("Save Task %(no)s") % {"no": no},
                question=question.question,
                cancel_url=request.path,
                hidden=posted_fields(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Task %(no)s has been saved.") % {"no": task.no})
            show_result(request, result)
            return redirect(task)
    if not can_change:
        make_read_only(form)
    return render(
        request, "tasks/task_detail.html", _card_context(request, access.get_task_for(request.user, no), form)
    )


def _card_context(
    request: HttpRequest, task: Task, form: TaskCardForm, outcome_form: CallOutcomeForm | None = None
) -> dict[str, Any]:
    choices = access.completed_by_choices(request.user, selectable_salespeople(task.completed_by_id))
    default = task.completed_by or access.linked_salesperson(request.user)
    sub_tasks = task.sub_tasks.filter(pk__in=access.visible_tasks(request.user).values("pk"))
    if outcome_form is None and task.contact_id and access.may_log_call_outcome(request.user, task):
        outcome_form = _outcome_form(request, task)
    return {
        "task": task,
        "form": form,
        "outcome_form": outcome_form,
        "sub_tasks": sub_tasks.select_related("salesperson", "contact", "completed_by").order_by("no"),
        "completed_by_choices": list(choices),
        "default_completed_by": default.code if default else "",
        "today": timezone.localdate(),
        "interaction_url": interaction_url(task, request.user),
    }


def _outcome_form(request: HttpRequest, task: Task, data: QueryDict | None = None) -> CallOutcomeForm:
    may_close = request.user.has_perm("tasks.change_task")
    salesperson = _outcome_salesperson(request, task)
    return CallOutcomeForm(data, task=task, user=request.user, may_close=may_close, salesperson=salesperson)


def _outcome_salesperson(request: HttpRequest, task: Task) -> Any:
    """Who made the call: the task's salesperson, else (a team task) the user's own salesperson."""
    return task.salesperson or access.linked_salesperson(request.user)


@permission_required("tasks.view_task", raise_exception=True)
@require_POST
def log_call_outcome(request: HttpRequest, no: str) -> HttpResponse:
    """Log call outcome: an interaction with the task's contact and, if ticked, the task closed, together."""
    task = access.get_task_for(request.user, no)
    if not access.may_log_call_outcome(request.user, task):
        raise PermissionDenied
    form = _outcome_form(request, task, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        salesperson = _outcome_salesperson(request, task) or data.get("salesperson")
        own = access.linked_salesperson(request.user)
        try:
            outcome = services.log_call_outcome(
                task=task,
                user=request.user,
                template=data["interaction_template"],
                description=data["description"],
                salesperson=salesperson,
                evaluation=data["evaluation"],
                campaign_response=data.get("campaign_response", False),
                close=data.get("close", False),
                completed_by=task.completed_by or own or salesperson,
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_error(form, _moved_to_close(error))
        else:
            _tell_outcome(request, task, outcome)
            return redirect(task)
    card = TaskCardForm(instance=task, may_reassign=access.sees_all_tasks(request.user))
    if not request.user.has_perm("tasks.change_task"):
        make_read_only(card)
    return render(request, "tasks/task_detail.html", _card_context(request, task, card, form))


def _moved_to_close(error: ValidationError) -> ValidationError:
    """Closing's Completed By message belongs next to "Close the task" (the form has no Completed By)."""
    if hasattr(error, "error_dict") and "completed_by" in error.error_dict:
        return ValidationError({"close": error.error_dict["completed_by"]})
    return error


def _tell_outcome(request: HttpRequest, task: Task, outcome: services.CallOutcome) -> None:
    entry = outcome.interaction
    logged = _("Interaction Log Entry %(no)s has been logged for contact %(contact)s.")
    if outcome.closed is not None and outcome.closed.closed:
        logged += " " + _("Task %(task)s has been closed.")
    messages.success(request, logged % {"no": entry.pk, "contact": task.contact.no, "task": task.no})
    if outcome.closed is not None:
        show_result(request, outcome.closed)


def _completed_by(request: HttpRequest, task: Task) -> Any:
    """The Completed By the user chose; a salesperson can only name themselves."""
    code = request.POST.get("completed_by", "")
    if not code:
        return None
    choices = access.completed_by_choices(request.user, selectable_salespeople(task.completed_by_id))
    return choices.filter(code=code).first()


def _close_now(request: HttpRequest, task: Task, completed_by: Any) -> HttpResponse | None:
    """Close the task and tell the user; None when it closed, else the redirect that shows the error."""
    try:
        result = services.close_task(
            task=task, expected_version=expected_version(request, task), completed_by=completed_by
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task)
    messages.success(request, _("Task %(no)s has been closed.") % {"no": task.no})
    show_result(request, result)
    return None


@permission_required("tasks.change_task", raise_exception=True)
@require_POST
def close(request: HttpRequest, no: str) -> HttpResponse:
    """Close a task; who can log interactions is first asked "Do you want to register an Interaction Log Entry?"."""
    task = access.get_task_for(request.user, no)
    completed_by = _completed_by(request, task)
    answer = request.POST.get("confirmed")
    try:
        services.check_can_close(task, completed_by=completed_by)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task)
    log_url = interaction_url(task, request.user)
    if log_url and answer not in {"yes", "no"} and not task.closed:
        title = _("Close Task %(no)s") % {"no": no}
        return confirm(
            request,
            title=title,
            question=str(bc.REGISTER_INTERACTION_QST),
            with_no=True,
            hidden=posted_fields(request),
        )
    failed = _close_now(request, task, completed_by)
    if failed is None and log_url and answer == "yes":
        return redirect(log_url)
    return failed or redirect(task)


@permission_required("tasks.change_task", raise_exception=True)
@require_POST
def close_from_list(request: HttpRequest, no: str) -> HttpResponse:
    """Close a task from My Tasks (a team task with the user as Completed By); htmx updates the counts too."""
    task = access.get_task_for(request.user, no)
    own = access.linked_salesperson(request.user)
    completed_by = None if task.completed_by_id or not task.team_id else own
    try:
        result = services.close_task(
            task=task, expected_version=expected_version(request, task), completed_by=completed_by
        )
    except ValidationError as error:
        messages.error(request, _("Task %(no)s: %(error)s") % {"no": no, "error": " ".join(error.messages)})
    else:
        messages.success(request, _("Task %(no)s has been closed.") % {"no": no})
        show_result(request, result)
    if not request.htmx:
        return redirect(local_url(request, request.POST.get("next")) or reverse("tasks:my_tasks"))
    task.refresh_from_db(fields=["closed", "status", "version"])
    context = {
        "task": task,
        "counts": access.my_tasks(request.user).day_counts(timezone.localdate()),
        "next": local_url(request, request.POST.get("next")),
    }
    return render(request, "tasks/_closed_from_list.html", context)


@permission_required("tasks.change_task", raise_exception=True)
@require_POST
def set_completed_by(request: HttpRequest, no: str) -> HttpResponse:
    """Fill in Completed By; from blank BC asks "Do you want to close the Task?"."""
    task = access.get_task_for(request.user, no)
    salesperson = _completed_by(request, task)
    if salesperson is None:
        messages.error(request, str(bc.MUST_FILL_IN % {"field": _("Completed By")}))
        return redirect(task)
    answer = request.POST.get("confirmed")
    if task.completed_by_id is None and not task.closed:
        if answer == "no":
            messages.info(request, _("Completed By has not been filled in; the task stays open."))
            return redirect(task)
        if answer != "yes":
            question = str(bc.CLOSE_TASK_QST)
            return confirm(
                request,
                title=_("Completed By %(code)s") % {"code": salesperson.code},
                question=question,
                with_no=True,
                hidden=posted_fields(request),
            )
        if interaction_url(task, request.user):
            # Closing continues with the interaction question, as BC's Validate(Closed) does.
            close_url = reverse("tasks:close", kwargs={"no": no})
            question = str(bc.REGISTER_INTERACTION_QST)
            return confirm(
                request,
                title=_("Close Task %(no)s") % {"no": no},
                question=question,
                action=close_url,
                with_no=True,
                hidden=posted_fields(request),
            )
        return _close_now(request, task, salesperson) or redirect(task)
    try:
        result = services.set_completed_by(
            task=task, expected_version=expected_version(request, task), salesperson=salesperson, close=True
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task)
    messages.success(request, _("Completed By of Task %(no)s is %(code)s.") % {"no": no, "code": salesperson.code})
    show_result(request, result)
    return redirect(task)


@permission_required("tasks.change_task", raise_exception=True)
@require_POST
def cancel(request: HttpRequest, no: str) -> HttpResponse:
    task = access.get_task_for(request.user, no)
    try:
        result = services.cancel_task(task=task, expected_version=expected_version(request, task))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task)
    messages.success(request, _("Task %(no)s has been canceled.") % {"no": no})
    show_result(request, result)
    return redirect(task)


@permission_required("tasks.change_task", raise_exception=True)
@require_POST
def reopen(request: HttpRequest, no: str) -> HttpResponse:
    task = access.get_task_for(request.user, no)
    try:
        services.reopen_task(task=task, expected_version=expected_version(request, task))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(task)
    messages.success(request, _("Task %(no)s has been reopened.") % {"no": no})
    return redirect(task)


@permission_required("tasks.delete_task", raise_exception=True)
@require_POST
def delete(request: HttpRequest, no: str) -> HttpResponse:
    task = access.get_task_for(request.user, no)
    if request.POST.get("confirmed") != "yes":
        subs = task.sub_tasks.count()
        question = _("Delete Task %(no)s %(description)s?") % {"no": no, "description": task.description}
        if subs:
            question += " " + _("Its %(count)d member and attendee tasks are deleted with it.") % {"count": subs}
        return confirm(
            request,
            title=_("Delete Task %(no)s") % {"no": no},
            question=question,
            cancel_url=task.get_absolute_url(),
            hidden=posted_fields(request),
            destructive=True,
        )
    deleted = services.delete_task(task=task)
    messages.success(request, _("Task %(no)s has been deleted (%(count)d tasks).") % {"no": no, "count": deleted})
    return redirect("tasks:list")


# --- wizards: Create Task and Assign Activity --------------------------------------------------


def _refuse_privacy_blocked_origin(request: HttpRequest) -> HttpResponse | None:
    contact = origin_privacy_blocked_contact(request.GET)
    if contact is None:
        return None
    messages.error(request, str(bc.CONTACT_PRIVACY_BLOCKED % {"no": contact.no}))
    return redirect("tasks:list")


def _created(request: HttpRequest, result: services.CreationResult) -> HttpResponse:
    if result.count == 1 and result.first:
        messages.success(request, _("Task %(no)s has been created.") % {"no": result.first.no})
        return redirect(result.first)
    messages.success(request, _("%(count)d tasks have been created.") % {"count": result.count})
    return redirect(f"{reverse('tasks:list')}?assignment={result.assignment_id}")


def _start_creation_job(request: HttpRequest, plan: services.TaskPlan, *, kind: str, form: Any) -> HttpResponse:
    values = plan.values
    target = values.segment or values.activity or values.team or values.salesperson
    label = values.activity.code if values.activity else values.description
    job = start_job(
        operation=OPERATION,
        target=target,
        description=_("Create %(count)d tasks (%(label)s)") % {"count": plan.total, "label": label},
        user=request.user,
        parameters={
            "kind": kind,
            "team_task": bool(form.cleaned_data.get("team_task")),
            "assignment_id": str(form.cleaned_data["assignment_id"]),
            "values": values_to_params(values),
        },
    )
    messages.info(request, _("%(count)d tasks are being created in the background.") % {"count": plan.total})
    return redirect(job)


@permission_required("tasks.add_task", raise_exception=True)
@GET_OR_POST
def task_create(request: HttpRequest) -> HttpResponse:
    """Create Task: a salesperson's task or a team task (or one per segment contact)."""
    if request.method != "POST":
        refused = _refuse_privacy_blocked_origin(request)
        if refused:
            return refused
        return render(request, "tasks/task_create.html", {"form": CreateTaskForm(initial=origin_initial(request.GET))})
    form = CreateTaskForm(request.POST)
    if form.is_valid():
        answer = request.POST.get("confirmed")
        team_task = bool(form.cleaned_data.get("team_task"))
        try:
            plan = services.plan_task(form.task_values(), team_task=team_task)
            question = services.segment_question(plan, activity=False)
            if question and answer == "no":
                messages.info(request, _("No tasks were created."))
                return redirect("tasks:list")
            if question and answer != "yes":
                run = {"assignment_id": str(form.cleaned_data["assignment_id"])}
                return confirm(
                    request,
                    title=_("Create Task"),
                    question=question,
                    with_no=True,
                    hidden=posted_fields(request) | run,
                )
            if services.runs_as_job(plan):
                return _start_creation_job(request, plan, kind="task", form=form)
            result = services.create_task(
                values=plan.values,
                team_task=team_task,
                confirmed=True,
                assignment_id=form.cleaned_data["assignment_id"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _created(request, result)
    return render(request, "tasks/task_create.html", {"form": form})


@permission_required("tasks.add_task", raise_exception=True)
@GET_OR_POST
def assign_activity(request: HttpRequest) -> HttpResponse:
    """Assign Activity: the wizard, then a preview of the tasks it will create, then Yes creates them."""
    if request.method != "POST":
        refused = _refuse_privacy_blocked_origin(request)
        if refused:
            return refused
        form = AssignActivityForm(initial=origin_initial(request.GET))
        return render(request, "tasks/assign_activity.html", {"form": form})
    form = AssignActivityForm(request.POST)
    if form.is_valid() and request.POST.get("step") != "edit":
        answer = request.POST.get("confirmed")
        try:
            plan = services.plan_activity(form.task_values())
            if answer == "no":
                messages.info(request, _("No tasks were created."))
                return redirect("tasks:list")
            if answer != "yes":
                return _assign_preview(request, form, plan)
            if services.runs_as_job(plan):
                return _start_creation_job(request, plan, kind="activity", form=form)
            result = services.assign_activity(
                values=plan.values, confirmed=True, assignment_id=form.cleaned_data["assignment_id"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _created(request, result)
    return render(request, "tasks/assign_activity.html", {"form": form})


def _assign_preview(request: HttpRequest, form: AssignActivityForm, plan: services.TaskPlan) -> HttpResponse:
    hidden = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "confirmed", "step"}}
    hidden["assignment_id"] = str(form.cleaned_data["assignment_id"])
    rows = [(step, plan.tasks_for_step(step)) for step in plan.steps]
    context = {
        "form": form,
        "plan": plan,
        "rows": rows,
        "hidden": hidden,
        "question": services.segment_question(plan, activity=True),
        "as_job": services.runs_as_job(plan),
    }
    return render(request, "tasks/assign_activity_preview.html", context)
