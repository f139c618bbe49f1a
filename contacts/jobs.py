"""Background jobs of the contacts app: importing a large file."""

from core.jobs import job_handler
from core.models import Job


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
