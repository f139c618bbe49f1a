"""Background jobs survive a dead worker: a stale job is queued again or failed, never stuck "running"."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import services
from core.jobs import job_handler
from core.models import Job, NoSeries
from core.tasks import run_job
from segments.jobs import CRITERIA_ACTION
from segments.services import criteria
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.core.factories import NoSeriesFactory, UserFactory
from tests.core.slow_jobs import SLOW_SERIES
from tests.segments.factories import SegmentFactory

ADD_ALL = {"action": "add", "filters": {}, "options": {}}


@job_handler("tests.interrupted")
def interrupted(job: Job) -> dict:
    NoSeriesFactory(code="HALF")
    raise KeyboardInterrupt  # what the worker's second SIGTERM raises in the middle of a job


@job_handler("tests.failing")
def failing(job: Job) -> dict:
    NoSeriesFactory(code="HALF")
    raise ValueError("The handler broke")


def ago(seconds: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def line_values(segment) -> list[tuple]:
    return list(segment.lines.order_by("line_no").values_list("line_no", "contact__no", "campaign_target", "action_no"))


def dead_job(segment, *, attempts: int = 1, user=None, **fields) -> Job:
    """An Add Contacts job as a killed worker leaves it: running at 5 %, its heartbeat long gone."""
    values = {
        "status": Job.Status.RUNNING,
        "progress": 5,
        "started_at": ago(3600),
        "heartbeat_at": ago(3600),
        **fields,
    }
    return Job.objects.create(
        operation=CRITERIA_ACTION,
        description=f"Add Contacts – {segment.no}",
        target_type="segments.segmentheader",
        target_key=segment.no,
        parameters=ADD_ALL,
        attempts=attempts,
        created_by=user,
        **values,
    )


@pytest.fixture
def contacts(db):
    for c in range(3):
        company = CompanyFactory(no=f"C{c}", name=f"Company {c}", country_region_code="NO")
        for p in range(3):
            PersonFactory(no=f"C{c}P{p}", name=f"Person {p}", company=company, country_region_code="NO")


@pytest.fixture
def twins(contacts):
    """Two segments of one campaign: one gets Add Contacts uninterrupted, the other through a dead worker."""
    campaign = CampaignFactory()
    inline = SegmentFactory(no="SMINL", campaign=campaign, campaign_target=True)
    killed = SegmentFactory(no="SMKILL", campaign=campaign, campaign_target=True)
    criteria.apply_action(segment=inline, **ADD_ALL)
    return inline, killed


@pytest.mark.django_db
def test_a_stale_job_is_queued_again_and_adds_the_contacts_exactly_once(twins):
    inline, killed = twins
    job = dead_job(killed)
    recovery = services.recover_stale_jobs()
    assert (recovery.requeued, recovery.failed) == ([job.pk], [])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress, job.error) == (Job.Status.SUCCEEDED, 2, 100, "")
    assert job.result == {"action_no": 1, "contacts": 12}
    assert line_values(killed) == line_values(inline) and len(line_values(killed)) == 12
    # Nothing runs twice: no stale job is left, and the job's task arriving again finds it finished.
    assert services.recover_stale_jobs().requeued == []
    run_job.call(job.pk)
    assert line_values(killed) == line_values(inline)
    assert killed.criteria_actions.count() == 1


@pytest.mark.django_db
def test_a_job_with_a_recent_heartbeat_is_not_stale(twins, settings):
    _inline, killed = twins
    settings.JOB_STALE_AFTER = 300
    job = dead_job(killed, started_at=ago(3600), heartbeat_at=ago(200))
    assert not Job.objects.stale().exists()
    assert services.recover_stale_jobs().requeued == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and not killed.lines.exists()
    settings.JOB_STALE_AFTER = 100
    assert list(Job.objects.stale()) == [job]


@pytest.mark.django_db
def test_past_max_attempts_the_job_fails_with_the_message_and_run_again_runs_it(twins, client_as, marketer):
    inline, killed = twins
    job = dead_job(killed, attempts=3, user=marketer)
    assert services.recover_stale_jobs().failed == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "The worker running this job stopped; it was tried 3 times and nothing of it was saved. "
        "Choose Run again to start it again."
    )
    assert not killed.lines.exists()
    client = client_as(marketer)
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.error in page and 'data-testid="job-run-again"' in page
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get(target_key=killed.no)
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"{job.description} has been started again."]
    assert (again.status, again.parameters, again.created_by) == (Job.Status.SUCCEEDED, ADD_ALL, marketer)
    assert line_values(killed) == line_values(inline)


@pytest.mark.django_db
def test_only_the_jobs_creator_or_an_administrator_may_run_it_again(twins, client_as, marketer, admin):
    _inline, killed = twins
    job = dead_job(killed, user=UserFactory(), status=Job.Status.FAILED, error="Broken")
    assert client_as(marketer).post(reverse("core:job_retry", args=[job.pk])).status_code == 403
    assert not killed.lines.exists()
    assert client_as(admin).post(reverse("core:job_retry", args=[job.pk])).status_code == 302
    assert killed.lines.count() == 12


@pytest.mark.django_db
def test_a_job_that_has_not_failed_cannot_be_run_again(twins, client_as, marketer):
    _inline, killed = twins
    job = dead_job(killed, user=marketer, heartbeat_at=timezone.now())
    response = client_as(marketer).post(reverse("core:job_retry", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{job.description} has not failed; only a failed job can be run again."
    ]
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_the_cards_poll_fails_a_stale_job_without_running_it_inline(twins, client_as, marketer):
    """With the immediate backend a GET would run the job itself: it marks it failed, Run again is a POST."""
    _inline, killed = twins
    job = dead_job(killed, user=marketer)
    response = client_as(marketer).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error.startswith("The worker running this job stopped;")
    assert response["HX-Refresh"] == "true"
    assert not killed.lines.exists()


@pytest.mark.django_db
def test_the_cards_poll_queues_a_stale_job_again_with_a_worker_backend(twins, client_as, marketer, settings):
    from django_tasks_db.models import DBTaskResult

    _inline, killed = twins
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    job = dead_job(killed, user=marketer)
    response = client_as(marketer).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 2)
    assert 'hx-trigger="every 1s"' in response.content.decode()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [job.pk] and job.task_id == str(task.id)
    # While its task waits for a worker the job is not stale, however long the queue is.
    assert services.recover_stale_jobs(now=timezone.now() + datetime.timedelta(hours=1)).requeued == []
    assert not killed.lines.exists()


@pytest.mark.django_db
def test_start_job_over_a_stale_running_job_replaces_it(twins):
    inline, killed = twins
    stale = dead_job(killed)
    job = services.start_job(
        operation=CRITERIA_ACTION, target=killed, description="Add Contacts", user=None, parameters=ADD_ALL
    )
    assert job.status == Job.Status.SUCCEEDED
    stale.refresh_from_db()
    assert stale.status == Job.Status.FAILED
    assert stale.error == (
        "The worker running this job stopped; nothing of it was saved. The operation was started again as a new job."
    )
    assert line_values(killed) == line_values(inline)


@pytest.mark.django_db
def test_a_handler_that_raises_marks_the_job_failed_with_nothing_saved():
    series = NoSeriesFactory(code="JOB")
    job = services.start_job(operation="tests.failing", target=series, description="Fail", user=None, parameters={})
    assert (job.status, job.error) == (Job.Status.FAILED, "The handler broke")
    assert not NoSeries.objects.filter(code="HALF").exists()


@pytest.mark.django_db
def test_an_interrupted_run_marks_the_job_failed_and_lets_the_interruption_through():
    series = NoSeriesFactory(code="JOB")
    job = Job.objects.create(
        operation="tests.interrupted", description="Interrupted", target_type="core.noseries", target_key=series.code
    )
    with pytest.raises(KeyboardInterrupt):
        run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "The worker running this job was stopped; nothing of it was saved. Choose Run again to start it again."
    )
    assert not NoSeries.objects.filter(code="HALF").exists()


@pytest.mark.django_db
def test_recover_jobs_command_reports_what_it_recovered(twins, capsys):
    _inline, killed = twins
    dead_job(killed)
    call_command("recover_jobs")
    assert capsys.readouterr().out.strip() == "Stale jobs queued again: 1; marked failed: 0."
    assert killed.lines.count() == 12


# --- a real worker, killed -----------------------------------------------------------------------


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.skipif("progress" not in django_settings.DATABASES, reason="a real worker process needs PostgreSQL")
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_a_worker_killed_mid_job_loses_nothing_and_the_job_completes_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a real worker process needs PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_STALE_AFTER = 2
    series = NoSeriesFactory(code="TARGET")
    job = services.start_job(
        operation=SLOW_SERIES,
        target=series,
        description="Slow series",
        user=None,
        parameters={"count": 20, "pause": 0.2},
    )
    assert job.status == Job.Status.QUEUED

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "JOB_HEARTBEAT_INTERVAL": "1",
    }
    root = Path(django_settings.BASE_DIR)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).progress >= 20, timeout=15, what="the worker's progress")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=5)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and 20 <= job.progress < 100
    assert not NoSeries.objects.filter(code__startswith="SLOW").exists()  # the dead worker's work rolled back

    wait_for(lambda: Job.objects.stale().filter(pk=job.pk).exists(), timeout=10, what="the job to become stale")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    # Recovery runs the job again (the immediate backend: here and now, as a new worker would).
    assert services.recover_stale_jobs().requeued == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (Job.Status.SUCCEEDED, 2, {"created": 20})
    assert NoSeries.objects.filter(code__startswith="SLOW").count() == 20
    # The dead worker's task row is closed too, not left "running" in django_tasks_db for ever.
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    assert (
        DBTaskResult.objects.filter(status="FAILED", exception_class_path="core.services.JobWorkerStopped").count() == 1
    )


@job_handler("tests.slow_but_alive")
def slow_but_alive(job: Job) -> dict:
    """Work that outlives its heartbeat: while it runs, a recovery (another connection) takes the job for dead."""
    NoSeriesFactory(code=f"WORK{job.attempts}")
    if job.attempts == 1:
        Job.objects.using("progress").filter(pk=job.pk).update(
            status=Job.Status.QUEUED, attempts=job.attempts + 1, heartbeat_at=timezone.now(), progress=0
        )
    return {"attempt": job.attempts}


@pytest.mark.postgres
@pytest.mark.skipif("progress" not in django_settings.DATABASES, reason="needs a second connection (PostgreSQL)")
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_a_run_recovered_while_still_alive_rolls_back_and_the_new_run_completes_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection (PostgreSQL)")
    job = Job.objects.create(
        operation="tests.slow_but_alive", description="Slow but alive", target_type="x", target_key="1"
    )
    run_job.call(job.pk)  # the first run: recovered meanwhile, so its work must not commit
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 2)
    assert not NoSeries.objects.filter(code="WORK1").exists()

    run_job.call(job.pk)  # the run the recovery queued
    job.refresh_from_db()
    assert (job.status, job.result) == (Job.Status.SUCCEEDED, {"attempt": 2})
    assert list(NoSeries.objects.filter(code__startswith="WORK").values_list("code", flat=True)) == ["WORK2"]
