"""Log Segment as a background job: same result as inline, nothing half-logged on failure, safe to run again."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import CampaignEntry
from core.models import Job
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.log_jobs import start_log_segment_job
from segments.models import SegmentHeader, SegmentLine
from segments.services import logging as logging_service
from tests.segments.log_helpers import loggable_segment

pytestmark = pytest.mark.django_db


def test_the_job_logs_the_segment_and_records_the_result(series, marketer):
    segment = loggable_segment(7)
    job = start_log_segment_job(segment=segment, user=marketer, follow_up=True, deliver=False)
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    logged = LoggedSegment.objects.get()
    assert job.result == {
        "logged_segment": logged.pk,
        "interactions": 7,
        "campaign_entries": 1,
        "follow_up_segment": "SM0002",
    }
    assert (job.target_key, job.description) == ("SM0001", "Log Segment SM0001")
    assert InteractionLogEntry.objects.filter(logged_segment=logged, user=marketer).count() == 7


def test_a_failure_after_the_entries_are_inserted_leaves_nothing_half_logged_and_a_rerun_succeeds(
    series, marketer, monkeypatch
):
    segment = loggable_segment(6)

    def fail(segment):
        assert InteractionLogEntry.objects.count() == 6  # the entries were written when the failure hits
        raise RuntimeError("Forced failure after the entries were inserted")

    monkeypatch.setattr(logging_service, "_remove_segment", fail)
    job = start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)

    assert job.status == Job.Status.FAILED
    assert job.error == "Forced failure after the entries were inserted"
    assert not LoggedSegment.objects.exists()
    assert not InteractionLogEntry.objects.exists()
    assert not CampaignEntry.objects.exists()
    assert SegmentLine.objects.filter(segment__no="SM0001").count() == 6

    monkeypatch.undo()
    again = start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)
    assert again.status == Job.Status.SUCCEEDED
    assert InteractionLogEntry.objects.count() == 6
    assert not SegmentHeader.objects.exists()


def test_a_job_failing_on_a_precondition_shows_bcs_message(series, marketer):
    segment = loggable_segment(2)
    SegmentLine.objects.filter(line_no=20000).update(salesperson=None)
    job = start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "Salesperson Code must have a value in Segment Line: Segment No.=SM0001, Line No.=20000. "
        "It cannot be zero or empty."
    )


def test_running_the_job_again_after_it_succeeded_is_safe(series, marketer):
    segment = loggable_segment(3)
    first = start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)
    second = start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)
    assert second.status == Job.Status.SUCCEEDED
    assert second.result == {
        "logged_segment": first.result["logged_segment"],
        "interactions": 3,
        "already_logged": True,
    }
    assert InteractionLogEntry.objects.count() == 3


def test_a_second_job_for_the_same_segment_is_refused_while_one_runs(series, marketer):
    segment = loggable_segment(1)
    Job.objects.create(
        operation="segments.log_segment",
        description="Log Segment SM0001",
        target_type="segments.segmentheader",
        target_key="SM0001",
        status=Job.Status.RUNNING,
    )
    with pytest.raises(ValidationError) as excinfo:
        start_log_segment_job(segment=segment, user=marketer, follow_up=False, deliver=False)
    assert excinfo.value.messages == ["Log Segment SM0001 is already running for SM0001. Wait until it has finished."]
