"""Contact list and card, import and export (the code tables segment criteria use are in contacts.lists)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from contacts import services
from contacts.forms import ContactForm, ContactImportForm
from contacts.jobs import EXPORT_CONTACTS, start_export_job
from contacts.lists import CONTACTS
from contacts.models import Contact, ContactImport
from contacts.services import exports, imports
from core.cards import delete_with_question
from core.confirm import confirm
from core.http import query_param
from core.lists import PAGE_SIZE
from core.models import Job
from core.services import job_target_key, start_job

PERSONS_ON_CARD = 25
SEGMENT_LINES_ON_CARD = 20


# --- contacts -------------------------------------------------------------------------------------


def contact_rows():
    return Contact.objects.select_related("salesperson", "company")


@permission_required("contacts.view_contact", raise_exception=True)
@require_safe
def contact_list(request: HttpRequest) -> HttpResponse:
    return CONTACTS.render(request, contact_rows(), "contacts/contact_list.html")


@permission_required("contacts.view_contact", raise_exception=True)
@require_safe
def contact_detail(request: HttpRequest, no: str) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("company", "salesperson"), no=no)
    persons = contact.members.filter(type=Contact.Type.PERSON).order_by("name") if contact.is_company else None
    context = {
        "contact": contact,
        "persons": persons[:PERSONS_ON_CARD] if persons is not None else None,
        "person_count": persons.count() if persons is not None else 0,
        "segment_lines": contact.segment_lines.select_related("segment", "campaign").order_by("segment__no")[
            :SEGMENT_LINES_ON_CARD
        ],
        "segment_line_count": contact.segment_lines.count(),
        "industry_groups": contact.industry_groups.all(),
        "business_relations": contact.business_relations.all(),
        "mailing_groups": contact.mailing_groups.all(),
        "job_responsibilities": contact.job_responsibilities.all(),
    }
    return render(request, "contacts/contact_detail.html", context)


@permission_required("contacts.view_contact", raise_exception=True)
@require_safe
def contact_options(request: HttpRequest) -> HttpResponse:
    """<option>s for a Contact No. datalist: the first 20 contacts whose No. or Name matches what was typed.

    Privacy Blocked contacts are left out: nothing may be logged or added for them.
    """
    typed = query_param(request, "contact_no") or query_param(request, "contact") or query_param(request, "q")
    contacts = []
    if typed:
        contacts = list(
            Contact.objects.filter(privacy_blocked=False)
            .filter(Q(no__istartswith=typed) | Q(name__icontains=typed))
            .order_by("no")[:20]
        )
    return render(request, "contacts/contact_options.html", {"contacts": contacts})


@permission_required("contacts.add_contact", raise_exception=True)
def contact_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if company_no := query_param(request, "company"):
        # "New person" from a company card.
        initial = {"type": Contact.Type.PERSON, "company_no": company_no}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.create_contact(
                contact=form.instance,
                company_no=form.cleaned_data["company_no"],
                manual_no=form.cleaned_data.get("no", "").strip(),
                groups=form.groups(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Contact %(no)s %(name)s has been created.") % {"no": contact.no, "name": contact.name}
            )
            return redirect(contact)
    return render(request, "contacts/contact_form.html", {"form": form})


@permission_required("contacts.change_contact", raise_exception=True)
def contact_update(request: HttpRequest, no: str) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("company"), no=no)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(
                contact=form.instance,
                expected_version=form.expected_version,
                company_no=form.cleaned_data["company_no"],
                groups=form.groups(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Contact %(no)s has been saved.") % {"no": contact.no})
            return redirect(contact)
    return render(request, "contacts/contact_form.html", {"form": form, "contact": contact})


@permission_required("contacts.delete_contact", raise_exception=True)
@require_POST
def contact_delete(request: HttpRequest, no: str) -> HttpResponse:
    contact = get_object_or_404(Contact, no=no)
    return delete_with_question(
        request,
        record=contact,
        caption=_("contact %(no)s %(name)s") % {"no": contact.no, "name": contact.name},
        delete=lambda: services.delete_contact(contact=contact),
        deleted=_("Contact %(no)s has been deleted.") % {"no": no},
        done_url=reverse("contacts:list"),
    )


@permission_required("contacts.export_contacts", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def contact_export(request: HttpRequest) -> HttpResponse:
    """Export for import: the filtered contacts as CSV with the import's columns.

    Up to settings.EXPORT_JOB_THRESHOLD contacts the CSV streams in the request; more are offered as a background
    job (asked first, since a GET writes nothing) whose file its creator downloads from the job's card.
    """
    if request.method == "POST":
        if request.POST.get("confirmed") != "yes":
            return redirect(reverse("contacts:export"))
        try:
            job = start_export_job(user=request.user, query=request.POST.get("query", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("contacts:list"))
        messages.info(request, _("The export runs in the background; download the file here when it is ready."))
        return redirect(job)
    _filter, contacts, _order = CONTACTS.filtered(request, contact_rows())
    if exports.exceeds(contacts, settings.EXPORT_JOB_THRESHOLD):
        return _ask_to_export_in_background(request)
    response = StreamingHttpResponse(exports.export_lines(contacts), content_type="text/csv; charset=utf-8")
    filename = f"contacts-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ask_to_export_in_background(request: HttpRequest) -> HttpResponse:
    """Yes posts the list's query back to contacts:export, which starts the job; No returns to the list."""
    question = _(
        "The filter selects more than %(count)s contacts. Do you want to export them in the background "
        "and download the file when it is ready?"
    ) % {"count": intcomma(settings.EXPORT_JOB_THRESHOLD)}
    query = request.GET.urlencode()
    list_url = reverse("contacts:list") + (f"?{query}" if query else "")
    return confirm(
        request, title=_("Export for import"), question=question, cancel_url=list_url, hidden={"query": query}
    )


@permission_required("contacts.export_contacts", raise_exception=True)
@require_safe
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of a finished background export, for the user who started it only; gone after a day."""
    job = get_object_or_404(Job, pk=pk, operation=EXPORT_CONTACTS, status=Job.Status.SUCCEEDED)
    if job.created_by_id != request.user.pk:
        raise PermissionDenied
    if exports.is_expired(job):
        exports.export_file(job).unlink(missing_ok=True)
        messages.warning(request, _("The export file is no longer available. Export the contacts again."))
        return redirect(job)
    return FileResponse(
        exports.export_file(job).open("rb"),
        as_attachment=True,
        filename=exports.download_name(job),
        content_type="text/csv; charset=utf-8",
    )


# --- import ---------------------------------------------------------------------------------------

NAMES = [name for name, _caption, _aliases in imports.COLUMNS]
WORDS = {"type", "correspondence_type", "exclude_from_segment", "privacy_blocked"}
IMPORT_EXAMPLES = [
    {
        "name": "Nordlys Elektro AS",
        "type": "Company",
        "address": "Storgata 1",
        "post_code": "0150",
        "city": "Oslo",
        "country_region_code": "NO",
        "phone_no": "+47 22 00 00 00",
        "email": "post@nordlys.example.com",
        "correspondence_type": "Email",
        "language_code": "NOR",
        "exclude_from_segment": "No",
        "privacy_blocked": "No",
        "industry_groups": "RETAIL",
        "business_relations": "CUST",
    },
    {
        "name": "Kari Nordmann",
        "type": "Person",
        "company_name": "Nordlys Elektro AS",
        "post_code": "0150",
        "city": "Oslo",
        "country_region_code": "NO",
        "email": "kari@nordlys.example.com",
        "correspondence_type": "Email",
        "exclude_from_segment": "No",
        "privacy_blocked": "No",
    },
]


@permission_required("contacts.import_contacts", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            contact_import = imports.create_import(file_name=upload.name, data=upload.read(), user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(contact_import)
    recent = ContactImport.objects.select_related("created_by")
    status = query_param(request, "status")
    if status in ContactImport.Status.values:
        # ?status=preview (the Marketer's role centre): every import in that status, not only the latest ten.
        recent = recent.filter(status=status)[:100]
    else:
        recent, status = recent[:10], ""
    context = {"form": form, "recent": recent, "status": status}
    return render(request, "contacts/import_upload.html", context)


@permission_required("contacts.import_contacts", raise_exception=True)
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty CSV file with the import's columns and two example rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contact-import-template.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([imports.caption(name) for name, _c, _a in imports.COLUMNS])
    for example in IMPORT_EXAMPLES:
        writer.writerow([_example_cell(example, name) for name in NAMES])
    return response


def _example_cell(example: dict[str, str], name: str) -> str:
    """The example's value; a word in the reader's language (Selskap, E-post, Nei): the import reads both."""
    value = example.get(name, "")
    return _(value) if value and name in WORDS else value


@permission_required("contacts.import_contacts", raise_exception=True)
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: every row with its errors; Import, Import only the valid rows, or Discard."""
    contact_import = get_object_or_404(ContactImport.objects.select_related("created_by"), pk=pk)
    lines = contact_import.lines.order_by("row_no")
    show = request.GET.get("show", "")
    if show == "errors":
        lines = lines.filter(valid=False)
    target_type, target_key = job_target_key(contact_import)
    job = Job.objects.filter(target_type=target_type, target_key=target_key).first()
    columns = [(name, _(caption)) for name, caption, _a in imports.COLUMNS if caption in contact_import.columns]
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "contact_import": contact_import,
        "page_obj": page,
        "rows": [(line, [line.values.get(name, "") for name, _caption in columns]) for line in page],
        "show": show,
        "job": job,
        "columns": columns,
        "columns_read": [_(caption) for caption in contact_import.columns],  # stored in English, read translated
    }
    return render(request, "contacts/import_detail.html", context)


@permission_required("contacts.import_contacts", raise_exception=True)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_object_or_404(ContactImport, pk=pk)
    valid_only = request.POST.get("valid_only") == "yes"
    if contact_import.valid_rows > settings.BULK_JOB_THRESHOLD:
        try:
            start_job(
                operation="contacts.import_contacts",
                target=contact_import,
                description=_("Import %(file)s") % {"file": contact_import.file_name},
                user=request.user,
                parameters={"valid_only": valid_only},
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(contact_import)
    try:
        result = imports.import_contacts(contact_import=contact_import, valid_only=valid_only)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(contact_import)
    messages.success(request, import_message(result))
    return redirect(contact_import)


def import_message(result: imports.ImportResult) -> str:
    text = ngettext(
        "%(count)d contact has been imported.", "%(count)d contacts have been imported.", result.imported
    ) % {"count": result.imported}
    if result.first_no:
        text += " " + _("New numbers %(first)s to %(last)s.") % {"first": result.first_no, "last": result.last_no}
    if result.skipped:
        text += " " + ngettext(
            "%(count)d row with errors was not imported.",
            "%(count)d rows with errors were not imported.",
            result.skipped,
        ) % {"count": result.skipped}
    return text


@permission_required("contacts.import_contacts", raise_exception=True)
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_object_or_404(ContactImport, pk=pk)
    try:
        imports.discard_import(contact_import=contact_import)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(contact_import)
    messages.success(request, _("The file %(file)s has been discarded.") % {"file": contact_import.file_name})
    return redirect("contacts:import")
