"""The registry of background job handlers: each app registers the operations it can run as a job.

A handler receives the Job row and returns a JSON-able result; it must be idempotent (running it
again after a failure is safe) and do its work in one transaction, so a failure leaves nothing half done.

Why a job whose worker died can simply run again (core.services.recover_stale_jobs): core.tasks.run_job
runs the handler and records "succeeded" in one transaction, and only while the run still holds the job
(same attempt). A killed worker's transaction is rolled back by the database, so the job's work is either
all committed together with "succeeded" or not at all. Per operation, in addition:

============================== ============================================ ==================================
operation                      one transaction                              run again after its commit
============================== ============================================ ==================================
segments.criteria_action       apply_action / reuse_criteria are atomic     a new action (guarded by run_job)
segments.go_back               go_back is atomic                            undoes one more (guarded)
segments.set_campaign_target   set_campaign_target is atomic                sets the same flag: idempotent
segments.propagate             save_with_propagation is atomic              refused: the version has moved on
segments.log_segment           log_segment is atomic                        reports "already logged"
tasks.create_tasks             assign_activity / create_task are atomic     Assignment ID: creates nothing
opportunities.create_for_segment  create_for_segment is atomic              Creation ID: creates nothing
pricing.activate_campaign      activate_campaign is atomic                  recomputes the same groups
contacts.import_contacts       import_contacts is atomic                    the import is marked imported
contacts.export_contacts       writes only a file: <name>.partial, renamed  writes the same file again
                               at the end (a killed run leaves no file)     (contacts-job-<pk>.csv)
============================== ============================================ ==================================
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
