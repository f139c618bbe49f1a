"""The registry of background job handlers: each app registers the operations it can run as a job.

A handler receives the Job row and returns a JSON-able result; it must be idempotent (running it
again after a failure is safe) and do its work in one transaction, so a failure leaves nothing half done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.models import Job

JobHandler = Callable[[Job], dict[str, Any]]
_handlers: dict[str, JobHandler] = {}


def job_handler(operation: str) -> Callable[[JobHandler], JobHandler]:
    """Register `func` as the handler of `operation` (e.g. "segments.add_contacts")."""

    def register(func: JobHandler) -> JobHandler:
        _handlers[operation] = func
        return func

    return register


def handler_for(operation: str) -> JobHandler:
    try:
        return _handlers[operation]
    except KeyError:
        raise LookupError(f"No job handler is registered for {operation!r}.") from None
