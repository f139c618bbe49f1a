from core.models import Job
from tests.access import ADMIN, ANY, MANAGER, MARKETER, SELLER, Route, roles_


def own_job(user):
    job = Job.objects.create(
        operation="test.noop",
        description="Test job",
        target_type="x",
        target_key="1",
        created_by=user,
        status=Job.Status.SUCCEEDED,
    )
    return {"pk": job.pk}


def own_failed_job(user):
    job = Job.objects.create(
        operation="test.noop",
        description="Test job",
        target_type="x",
        target_key="1",
        created_by=user,
        status=Job.Status.FAILED,
    )
    return {"pk": job.pk}


def series(user):
    from tests.core.factories import NoSeriesFactory

    return {"code": NoSeriesFactory(code="MATRIX").code}


ROUTES = [
    # Top-level, not namespaced: every user changes their own password.
    Route("password_change", get=ANY, post=ANY),
    Route("password_change_done", get=ANY),
    Route("core:home", get=ANY),
    Route("core:setup", get=roles_(ADMIN, MARKETER, MANAGER)),
    Route("core:noseries_list", get=roles_(ADMIN, MARKETER, MANAGER)),
    Route("core:noseries_create", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("core:noseries_update", get=roles_(ADMIN), post=roles_(ADMIN), kwargs=series),
    Route("core:noseries_delete", post=roles_(ADMIN), kwargs=series),
    Route("core:marketing_setup", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("core:job_detail", get=ANY, kwargs=own_job),
    Route("core:job_retry", post=ANY, kwargs=own_failed_job),
    # Any list's column chooser; the campaign list stands for them all (every role reads campaigns).
    Route(
        "core:list_columns",
        get=roles_(ADMIN, MARKETER, MANAGER, SELLER),
        post=roles_(ADMIN, MARKETER, MANAGER, SELLER),
        kwargs=lambda user: {"key": "campaigns.campaigns"},
    ),
    Route("core:date_formula_preview", get=ANY, query="?field=f&f=1W&base_field=b&b=2026-11-30"),
    # My Settings and the navigation's language switch: every user, for themselves.
    Route("core:profile", get=ANY, post=ANY),
    Route("core:set_language", post=ANY),
]
