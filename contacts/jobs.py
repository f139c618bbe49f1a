"""Background jobs of the contacts app: importing a large file, exporting many contacts to a file."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.jobs import job_handler
from core.models import Job, User
from core.services import report_progress, start_job

EXPORT_CONTACTS = "contacts.export_contacts"


@job_handler("contacts.import_contacts")
def import_contacts(job: Job) -> dict:
    """Import a previewed file (the same service as the inline path); a second run finds it imported."""
    from contacts.models import ContactImport
    from contacts.services import imports

    contact_import = ContactImport.objects.get(pk=int(job.target_key))
    if contact_import.status == ContactImport.Status.IMPORTED:
        return {"imported": contact_import.imported_rows, "first_no": contact_import.first_no}
    result = imports.import_contacts(contact_import=contact_import, valid_only=bool(job.parameters.get("valid_only")))
    return {
        "imported": result.imported,
        "skipped": result.skipped,
        "first_no": result.first_no,
        "last_no": result.last_no,
    }


def start_export_job(*, user: User, query: str) -> Job:
    """Queue the export of the contacts the list's `query` selects; one running export per user."""
    return start_job(
        operation=EXPORT_CONTACTS,
        target=user,
        description=_("Export contacts for import"),
        user=user,
        parameters={"query": query, "language": get_language()},  # the file speaks the language of who asked
    )


@job_handler(EXPORT_CONTACTS)
def export_contacts(job: Job) -> dict:
    """Write the export file (a second run writes the same file again) and offer it on the job's card."""
    from contacts.services import exports

    exports.remove_expired_files()
    report_progress(job=job, progress=5)
    rows = exports.write_export_file(job, progress=lambda percent: report_progress(job=job, progress=percent))
    # The link first: the job page lists the other figures after it.
    return {"download_url": reverse("contacts:export_download", kwargs={"pk": job.pk}), "contacts": rows}
