import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core import job_runs, services
from core.jobs import job_handler
from core.models import Job, NoSeries
from tests.core.factories import NoSeriesFactory, UserFactory

needs_progress_connection = pytest.mark.skipif(
    "progress" not in settings.DATABASES, reason="a second connection writes progress on PostgreSQL only"
)


@job_handler("tests.rename_series")
def rename_series(job: Job) -> dict:
    with transaction.atomic():
        series = NoSeries.objects.get(code=job.target_key)
        series.description = job.parameters["description"]
        series.save()
        if job.parameters.get("fail"):
            raise ValueError("Forced failure after the write")
    return {"renamed": 1}


@pytest.mark.django_db
def test_job_runs_and_records_its_result():
    series = NoSeriesFactory(code="JOB")
    job = services.start_job(
        operation="tests.rename_series",
        target=series,
        description="Rename",
        user=UserFactory(),
        parameters={"description": "Renamed"},
    )
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"renamed": 1}
    series.refresh_from_db()
    assert series.description == "Renamed"


@pytest.mark.django_db
def test_failed_job_leaves_nothing_half_done_and_shows_the_error_then_runs_again():
    series = NoSeriesFactory(code="JOB", description="Original")
    job = services.start_job(
        operation="tests.rename_series",
        target=series,
        description="Rename",
        user=None,
        parameters={"description": "Half", "fail": True},
    )
    assert job.status == Job.Status.FAILED
    assert job.error == "Forced failure after the write"
    series.refresh_from_db()
    assert series.description == "Original"
    again = services.start_job(
        operation="tests.rename_series",
        target=series,
        description="Rename",
        user=None,
        parameters={"description": "Second try"},
    )
    assert again.status == Job.Status.SUCCEEDED


@pytest.mark.django_db
def test_the_same_operation_cannot_run_twice_at_once_on_one_record():
    series = NoSeriesFactory(code="JOB")
    Job.objects.create(
        operation="tests.rename_series",
        description="Rename",
        target_type="core.noseries",
        target_key="JOB",
        status=Job.Status.RUNNING,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.start_job(
            operation="tests.rename_series",
            target=series,
            description="Rename",
            user=None,
            parameters={"description": "x"},
        )
    assert excinfo.value.messages == ["Rename is already running for JOB. Wait until it has finished."]


@pytest.mark.postgres
@needs_progress_connection
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_progress_inside_the_jobs_transaction_is_visible_to_other_requests_at_once():
    job = Job.objects.create(operation="tests.progress", description="Progress", target_type="x", target_key="1")
    with transaction.atomic():
        NoSeriesFactory(code="INSIDE")  # the job's own, still uncommitted work
        job_runs.report_progress(job=job, progress=40)
        seen_elsewhere = Job.objects.using("progress").get(pk=job.pk).progress
        assert not NoSeries.objects.using("progress").filter(code="INSIDE").exists()
    assert seen_elsewhere == 40


@pytest.mark.postgres
@needs_progress_connection
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_progress_is_skipped_not_waited_for_when_the_job_row_is_locked():
    job = Job.objects.create(operation="tests.progress", description="Progress", target_type="x", target_key="1")
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(description="Locked by the job's own transaction")
        job_runs.report_progress(job=job, progress=70)  # must return, not wait for our own lock
    job.refresh_from_db()
    assert job.progress == 0


@pytest.mark.django_db
def test_the_poll_that_sees_the_job_finished_reloads_the_page(client):
    user = UserFactory()
    series = NoSeriesFactory(code="JOB")
    job = Job.objects.create(
        operation="tests.rename_series", target_key=series.code, description="Rename", created_by=user, progress=40
    )
    client.force_login(user)
    url = reverse("core:job_detail", args=[job.pk])
    running = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "HX-Refresh" not in running
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, progress=100)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert "every 1s" not in finished.content.decode()
    page = client.get(url)  # the page itself, after the reload: no polling, no reload
    assert page.status_code == 200 and "HX-Refresh" not in page and "every 1s" not in page.content.decode()


@pytest.mark.django_db
def test_a_running_job_in_its_saving_phase_says_saving_on_its_card(client):
    user = UserFactory()
    job = Job.objects.create(
        operation="tests.progress", description="Progress", target_type="x", target_key="1", created_by=user
    )
    job_runs.report_progress(job=job, progress=95, phase=job_runs.PHASE_SAVING)
    assert (job.progress, job.result) == (95, {"phase": "saving"})
    # The test's own transaction keeps SQLite from writing through the progress connection: store it here.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=95, result={"phase": "saving"})
    client.force_login(user)
    url = reverse("core:job_detail", args=[job.pk])
    assert 'data-testid="job-phase">Saving…<' in client.get(url, headers={"HX-Request": "true"}).content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, progress=100, result={"renamed": 1})
    page = client.get(url).content.decode()
    assert "Saving…" not in page and "renamed: 1" in page


@pytest.mark.django_db
def test_a_finished_job_replaces_its_phase_by_its_result():
    series = NoSeriesFactory(code="JOB")
    job = services.start_job(
        operation="tests.rename_series", target=series, description="Rename", user=None, parameters={"description": "X"}
    )
    assert job.result == {"renamed": 1}
    failed = services.start_job(
        operation="tests.rename_series",
        target=series,
        description="Rename",
        user=None,
        parameters={"description": "Y", "fail": True},
    )
    assert (failed.status, failed.result) == (Job.Status.FAILED, {})


@pytest.mark.postgres
@needs_progress_connection
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_finishing_a_job_shows_saving_while_its_transaction_commits():
    job = Job.objects.create(
        operation="tests.progress", description="Progress", target_type="x", target_key="1", progress=70
    )
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.refresh_from_db()
    with transaction.atomic():
        job_runs.finish_job(job, result={"done": 1})
        seen_elsewhere = Job.objects.using("progress").values("status", "progress", "result").get(pk=job.pk)
    assert seen_elsewhere == {"status": Job.Status.RUNNING, "progress": 95, "result": {"phase": "saving"}}
    job.refresh_from_db()
    assert (job.status, job.progress, job.result) == (Job.Status.SUCCEEDED, 100, {"done": 1})
