"""Large operations run as background jobs: same outcome as inline, progress on the card, one at a time."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import Job
from segments.models import SegmentHeader
from segments.services import criteria
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.segments.factories import SegmentFactory
from tests.segments.helpers import apply_criteria

pytestmark = pytest.mark.django_db


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def line_values(segment) -> list[tuple]:
    return list(
        segment.lines.order_by("line_no").values_list(
            "line_no", "contact__no", "campaign_target", "correspondence_type", "action_no"
        )
    )


@pytest.fixture
def contacts():
    for c in range(3):
        company = CompanyFactory(no=f"C{c}", name=f"Company {c}", country_region_code="NO")
        for p in range(3):
            PersonFactory(no=f"C{c}P{p}", name=f"Person {p}", company=company, country_region_code="NO")


@pytest.fixture
def as_marketer(client_as, marketer):
    return client_as(marketer)


def twins(**header):
    campaign = CampaignFactory()
    return (
        SegmentFactory(no="SMINL", campaign=campaign, **header),
        SegmentFactory(no="SMJOB", campaign=campaign, **header),
    )


def test_add_contacts_over_the_threshold_runs_as_a_job_with_the_same_outcome(as_marketer, marketer, contacts, settings):
    inline, queued = twins(campaign_target=True)
    data = {"country_region_code": "NO"}
    apply_criteria(as_marketer, reverse("segments:criteria", args=[inline.no, "add"]), data)
    settings.BULK_JOB_THRESHOLD = 5
    response = apply_criteria(as_marketer, reverse("segments:criteria", args=[queued.no, "add"]), data)
    assert response.status_code == 302
    job = Job.objects.get(target_key="SMJOB")
    assert (job.operation, job.status, job.progress, job.created_by) == (
        "segments.criteria_action",
        Job.Status.SUCCEEDED,
        100,
        marketer,
    )
    assert job.result == {"action_no": 1, "contacts": 12}
    assert shown(response) == ["Add Contacts – SMJOB has finished as a background job."]
    assert line_values(queued) == line_values(inline)
    assert len(line_values(queued)) == 12
    card = as_marketer.get(queued.get_absolute_url()).content.decode()
    assert 'data-testid="job-progress"' in card and "Succeeded" in card


def test_go_back_and_removals_as_jobs_match_inline(as_marketer, contacts, settings):
    inline, queued = twins()
    for segment in (inline, queued):
        criteria.add_contacts(segment=segment, filters={}, options={})
    reduce = {"type": "person"}
    apply_criteria(as_marketer, reverse("segments:criteria", args=[inline.no, "reduce"]), reduce)
    as_marketer.post(reverse("segments:go_back", args=[inline.no]))
    settings.BULK_JOB_THRESHOLD = 5
    apply_criteria(as_marketer, reverse("segments:criteria", args=[queued.no, "reduce"]), reduce)
    as_marketer.post(reverse("segments:go_back", args=[queued.no]))
    assert list(Job.objects.filter(target_key="SMJOB").order_by("created_at").values_list("operation", "status")) == [
        ("segments.criteria_action", "succeeded"),
        ("segments.go_back", "succeeded"),
    ]
    assert line_values(queued) == line_values(inline)
    assert len(line_values(queued)) == 12


def test_bulk_campaign_target_as_a_job_matches_inline(as_marketer, contacts, settings):
    inline, queued = twins()
    for segment in (inline, queued):
        criteria.add_contacts(segment=segment, filters={}, options={})
    data = {"set_to": "1", "contact_type": "person"}
    as_marketer.post(reverse("segments:lines_target", args=[inline.no]), data)
    settings.BULK_JOB_THRESHOLD = 5
    as_marketer.post(reverse("segments:lines_target", args=[queued.no]), data)
    job = Job.objects.get(target_key="SMJOB")
    assert (job.operation, job.status, job.result) == ("segments.set_campaign_target", "succeeded", {"lines": 9})
    assert line_values(queued) == line_values(inline)


def test_propagation_as_a_job_saves_the_header_and_updates_the_lines(as_marketer, contacts, settings):
    template = InteractionTemplateFactory(code="LETTER")
    inline, queued = twins(interaction_template=template)
    for segment in (inline, queued):
        criteria.add_contacts(segment=segment, filters={}, options={})

    def post(segment):
        segment.refresh_from_db()
        data = {
            "description": "Renamed",
            "interaction_template": template.pk,
            "campaign": segment.campaign.no,
            "campaign_target": "on",
            "unit_cost": "1.25",
            "unit_duration": "0",
            "date": "2026-03-02",
            "version": segment.version,
            "confirmed": "yes",
            "update_description": "yes",
            "update_unit_cost": "no",
            "update_campaign_target": "yes",
        }
        return as_marketer.post(reverse("segments:update", args=[segment.no]), data)

    post(inline)
    settings.BULK_JOB_THRESHOLD = 5
    post(queued)
    job = Job.objects.get(target_key="SMJOB")
    assert (job.operation, job.status) == ("segments.propagate", "succeeded")
    for segment in (inline, queued):
        segment.refresh_from_db()
        assert (segment.description, str(segment.unit_cost), segment.campaign_target) == ("Renamed", "1.25", True)
        assert set(segment.lines.values_list("description", "cost", "campaign_target")) == {("Renamed", 0, True)}


def test_the_same_operation_cannot_run_twice_at_once_on_a_segment(as_marketer, contacts, settings):
    segment = SegmentFactory(no="SMBUSY")
    Job.objects.create(
        operation="segments.criteria_action",
        description="Add Contacts – SMBUSY",
        target_type="segments.segmentheader",
        target_key="SMBUSY",
        status=Job.Status.RUNNING,
    )
    settings.BULK_JOB_THRESHOLD = 5
    response = apply_criteria(as_marketer, reverse("segments:criteria", args=[segment.no, "add"]), {})
    assert shown(response) == ["Add Contacts – SMBUSY is already running for SMBUSY. Wait until it has finished."]
    assert not segment.lines.exists() and not segment.criteria_actions.exists()
    assert "Running" in as_marketer.get(segment.get_absolute_url()).content.decode()


def test_a_failing_job_leaves_nothing_half_done_and_shows_the_error(as_marketer, contacts, settings):
    from interactions.models import LoggedSegment
    from tests.interactions.factories import InteractionLogEntryFactory, LoggedSegmentFactory

    logged = LoggedSegmentFactory()
    for contact in PersonFactory._meta.model.objects.all()[:8]:
        InteractionLogEntryFactory(contact=contact, logged_segment=logged)
    segment = SegmentFactory(no="SMFAIL")
    settings.BULK_JOB_THRESHOLD = 5
    # The logged segment disappears between the choice and the job (the job reads it again).
    job_parameters = {"action": "reuse_logged", "filters": {"logged_segment": logged.pk + 1000}, "options": {}}
    from core.services import start_job

    job = start_job(
        operation="segments.criteria_action",
        target=segment,
        description="Reuse Logged Segment",
        user=None,
        parameters=job_parameters,
    )
    assert job.status == Job.Status.FAILED
    assert (
        job.error
        == f"The Logged Segment does not exist. Identification fields and values: Entry No.='{logged.pk + 1000}'"
    )
    assert not SegmentHeader.objects.get(no="SMFAIL").criteria_actions.exists()
    assert LoggedSegment.objects.filter(pk=logged.pk).exists()


def test_a_queued_job_shows_progress_until_a_worker_runs_it(as_marketer, contacts, settings, monkeypatch):
    from core import services as core_services
    from core import tasks as core_tasks

    queued = []
    worker = core_tasks.run_job

    class NoWorkerYet:
        """The task backend with nobody taking jobs off the queue."""

        def enqueue(self, job_id):
            queued.append(job_id)

    monkeypatch.setattr(core_tasks, "run_job", NoWorkerYet())
    # core.services may hold its own reference to the task (a module-level import).
    monkeypatch.setattr(core_services, "run_job", NoWorkerYet(), raising=False)
    segment = SegmentFactory(no="SMQUEUE")
    settings.BULK_JOB_THRESHOLD = 5
    response = apply_criteria(as_marketer, reverse("segments:criteria", args=[segment.no, "add"]), {})
    assert shown(response) == ["Add Contacts – SMQUEUE runs as a background job; its progress is shown on the segment."]
    assert not segment.lines.exists()
    card = as_marketer.get(segment.get_absolute_url()).content.decode()
    assert "Queued" in card and 'hx-trigger="every 1s"' in card
    worker.call(queued[0])  # what the worker does
    job = Job.objects.get(pk=queued[0])
    assert job.status == Job.Status.SUCCEEDED and job.result == {"action_no": 1, "contacts": 12}
    assert segment.lines.count() == 12
