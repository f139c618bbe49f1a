"""Small builders the segment tests share."""

import datetime
import itertools

from tasks.models import Task

_task_nos = itertools.count(1)


def make_task(*, segment, contact) -> Task:
    """A task linked to a segment contact (as Assign Activity would create it)."""
    return Task.objects.create(
        no=f"TDX{next(_task_nos):05d}",
        description="Follow up",
        date=datetime.date(2026, 3, 2),
        segment=segment,
        contact=contact,
    )


def apply_criteria(client, url: str, data: dict):
    """Preview the criteria, then apply them with the preview's fingerprint and token, as the page's buttons do."""
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200, preview.status_code
    return client.post(
        url, {**data, "apply": preview.context["fingerprint"], "apply_token": preview.context["apply_token"]}
    )
