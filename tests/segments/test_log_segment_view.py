"""The Log Segment page: what will be logged as the one question, the result (inline or as a job)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import Job
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.models import SegmentHeader, SegmentLine
from tests.campaigns.factories import CampaignFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def log_url(segment) -> str:
    return reverse("segments:log", kwargs={"no": segment.no})


def test_the_page_shows_what_will_be_logged(series, client_as, marketer):
    campaign = CampaignFactory(no="CP0001", description="Spring")
    segment = loggable_segment(4, campaign=campaign, targets=3, responses=1)
    response = client_as(marketer).get(log_url(segment))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.lines, preview.targets, preview.responses) == (4, 3, 1)
    assert "CP0001 Spring" in response.text
    assert "Create Follow-up Segment" in response.text
    assert 'data-testid="log-problem"' not in response.text


def test_the_page_warns_about_the_error_logging_would_stop_with(series, client_as, marketer):
    segment = loggable_segment(2)
    SegmentLine.objects.filter(line_no=20000).update(interaction_template=None)
    response = client_as(marketer).get(log_url(segment))
    assert "Interaction Template Code must have a value in Segment Line: Segment No.=SM0001, Line No.=20000." in (
        response.text
    )


def test_the_summary_page_is_the_question_and_its_button_logs_without_a_second_one(series, client_as, marketer):
    segment = loggable_segment(3)
    client = client_as(marketer)
    page = client.get(log_url(segment))
    assert 'data-testid="log-question">Do you want to log segment SM0001 with 3 lines?<' in page.text
    response = client.post(log_url(segment), {"follow_up": "on", "previewed": page.context["previewed"]})
    assert response.status_code == 302
    assert LoggedSegment.objects.count() == 1
    assert messages_of(response)[-1] == "Follow-up segment SM0002 has been created."


def test_a_post_without_the_summary_goes_back_to_the_summary_and_logs_nothing(series, client_as, marketer):
    segment = loggable_segment(3)
    response = client_as(marketer).post(log_url(segment), {"follow_up": "on"})
    assert response.status_code == 302 and response["Location"] == log_url(segment)
    assert not LoggedSegment.objects.exists()


def test_the_summary_is_previewed_once_and_logging_checks_it_is_unchanged(series, client_as, marketer, monkeypatch):
    segment = loggable_segment(3)
    client = client_as(marketer)
    page = client.get(log_url(segment))
    previewed = page.context["previewed"]
    assert f'name="previewed" value="{previewed}"' in page.text

    def no_second_preview(**kwargs):
        raise AssertionError("previewed again")

    monkeypatch.setattr("segments.log_views.preview_log_segment", no_second_preview)
    done = client.post(log_url(segment), {"previewed": previewed})
    assert done.status_code == 302 and InteractionLogEntry.objects.count() == 3


def test_a_segment_changed_after_its_summary_is_not_logged_but_shown_again(series, client_as, marketer):
    segment = loggable_segment(3)
    client = client_as(marketer)
    previewed = client.get(log_url(segment)).context["previewed"]
    SegmentLine.objects.filter(line_no=30000).delete()
    response = client.post(log_url(segment), {"previewed": previewed, "confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == log_url(segment)
    assert messages_of(response) == [
        "Segment SM0001 has changed since its summary was shown. Check what will be logged and log it again."
    ]
    assert not LoggedSegment.objects.exists()


def test_confirmed_log_logs_and_opens_the_logged_segment(series, client_as, marketer):
    segment = loggable_segment(3)
    response = client_as(marketer).post(log_url(segment), {"follow_up": "false", "confirmed": "yes"})
    logged = LoggedSegment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == logged.get_absolute_url()
    assert messages_of(response) == [f"Segment SM0001 has been logged: Logged Segment {logged.pk} with 3 interactions."]
    assert InteractionLogEntry.objects.filter(user=marketer).count() == 3
    assert not SegmentHeader.objects.exists()


def test_confirmed_log_with_follow_up_reports_the_new_segment(series, client_as, marketer):
    segment = loggable_segment(2)
    response = client_as(marketer).post(log_url(segment), {"follow_up": "true", "confirmed": "yes"})
    assert response.status_code == 302
    assert messages_of(response)[1] == "Follow-up segment SM0002 has been created."
    assert SegmentHeader.objects.get().no == "SM0002"


def test_a_failing_precondition_is_shown_and_nothing_is_logged(series, client_as, marketer):
    segment = loggable_segment(2)
    SegmentHeader.objects.filter(pk=segment.pk).update(description="")
    response = client_as(marketer).post(log_url(segment), {"confirmed": "yes"})
    assert response.status_code == 302
    assert response["Location"] == log_url(segment)
    assert messages_of(response) == [
        "Description must have a value in Segment Header: No.=SM0001. It cannot be zero or empty."
    ]
    assert not LoggedSegment.objects.exists()


def test_deliver_adds_the_email_check(series, client_as, marketer):
    segment = loggable_segment(1)
    line = SegmentLine.objects.get()
    SegmentLine.objects.filter(pk=line.pk).update(correspondence_type="email")
    type(line.contact).objects.filter(pk=line.contact_id).update(email="")
    response = client_as(marketer).post(log_url(segment), {"deliver": "true", "confirmed": "yes"})
    assert messages_of(response) == [
        f"Make sure that the E-Mail field is specified for either contact no. {line.contact.no} "
        "or the contact alternative address."
    ]


def test_a_large_segment_is_logged_as_a_background_job(series, client_as, marketer, settings):
    settings.BULK_JOB_THRESHOLD = 2
    segment = loggable_segment(3)
    client = client_as(marketer)
    assert client.get(log_url(segment)).context["in_background"]
    response = client.post(log_url(segment), {"confirmed": "yes"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert messages_of(response) == ["Log Segment SM0001 runs in the background."]
    assert job.status == Job.Status.SUCCEEDED
    assert InteractionLogEntry.objects.count() == 3


def test_an_unknown_segment_is_not_found(client_as, marketer):
    assert client_as(marketer).get(reverse("segments:log", kwargs={"no": "NOPE"})).status_code == 404
