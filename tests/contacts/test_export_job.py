"""A large contact export runs as a background job: a file its creator downloads from the job's card."""

import csv
import datetime
import io
import os

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.services import exports
from core.models import Job
from tests.contacts.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings, tmp_path, series):
    """Six contacts, three of them persons, and a threshold of two: every export of them is "large"."""
    settings.EXPORT_JOB_THRESHOLD = 2
    settings.EXPORT_ROOT = tmp_path / "exports"
    company = CompanyFactory(no="CT0001", name="Nordlys")
    PersonFactory(no="CT0002", name="Kari", company=company)
    PersonFactory(no="CT0003", name="Ola", company=company)
    PersonFactory(no="CT0004", name="Anne", company=company)
    CompanyFactory(no="CT0005", name="Fjord")
    CompanyFactory(no="CT0006", name="Berg")
    return settings


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_large_export_asks_to_run_in_the_background_and_writes_nothing(large, client_as, marketer):
    response = client_as(marketer).get(reverse("contacts:export") + "?type=person&o=name")
    assert response.status_code == 200
    assert (
        "The filter selects more than 2 contacts. Do you want to export them in the background "
        "and download the file when it is ready?" in response.text
    )
    assert response.context["hidden"] == {"query": "type=person&o=name"}
    assert not Job.objects.exists()


def test_a_small_export_still_streams_in_the_request(large, client_as, marketer):
    large.EXPORT_JOB_THRESHOLD = 3
    response = client_as(marketer).get(reverse("contacts:export") + "?type=person")
    assert [row[0] for row in rows_of(b"".join(response.streaming_content))[1:]] == ["CT0002", "CT0003", "CT0004"]


def test_the_confirmed_export_writes_the_filtered_file_and_its_creator_downloads_it(large, client_as, marketer):
    client = client_as(marketer)
    response = client.post(reverse("contacts:export"), {"query": "type=person&o=name", "confirmed": "yes"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert messages_of(response) == ["The export runs in the background; download the file here when it is ready."]
    assert (job.operation, job.status, job.created_by) == ("contacts.export_contacts", Job.Status.SUCCEEDED, marketer)
    download_url = reverse("contacts:export_download", kwargs={"pk": job.pk})
    assert job.result == {"download_url": download_url, "contacts": 3}
    card = client.get(job.get_absolute_url()).text
    assert f'href="{download_url}"' in card and "download_url" not in card
    download = client.get(download_url)
    assert download["Content-Disposition"].startswith('attachment; filename="contacts-')
    rows = rows_of(b"".join(download.streaming_content))
    assert rows[0][:3] == ["No.", "Name", "Type"]
    assert [row[1] for row in rows[1:]] == ["Anne", "Kari", "Ola"]


def test_only_the_creator_may_download_the_file_or_sees_the_link(large, client_as, marketer, admin):
    client_as(marketer).post(reverse("contacts:export"), {"query": "", "confirmed": "yes"})
    job = Job.objects.get()
    other = Client()
    other.force_login(admin)
    assert other.get(reverse("contacts:export_download", kwargs={"pk": job.pk})).status_code == 403
    assert 'data-testid="job-download"' not in other.get(job.get_absolute_url()).text


def test_an_unconfirmed_post_goes_back_to_the_export(large, client_as, marketer):
    response = client_as(marketer).post(reverse("contacts:export"), {"query": "type=person"})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:export")
    assert not Job.objects.exists()


def test_a_second_run_writes_the_same_file_again(large, client_as, marketer):
    client_as(marketer).post(reverse("contacts:export"), {"query": "type=company", "confirmed": "yes"})
    job = Job.objects.get()
    path = exports.export_file(job)
    path.write_text("stale")
    exports.write_export_file(job, progress=lambda percent: None)
    assert [row[0] for row in rows_of(path.read_bytes())[1:]] == ["CT0001", "CT0005", "CT0006"]
    assert not list(path.parent.glob("*.partial"))


def test_a_file_past_its_day_is_gone_and_the_download_says_so(large, client_as, marketer):
    client = client_as(marketer)
    client.post(reverse("contacts:export"), {"query": "", "confirmed": "yes"})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    response = client.get(reverse("contacts:export_download", kwargs={"pk": job.pk}))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert messages_of(response)[-1] == "The export file is no longer available. Export the contacts again."
    assert not exports.export_file(job).exists()


def test_the_sweep_removes_old_files_and_files_of_deleted_jobs(large, client_as, marketer):
    client_as(marketer).post(reverse("contacts:export"), {"query": "", "confirmed": "yes"})
    kept = exports.export_file(Job.objects.get())
    root = kept.parent
    orphan = root / "contacts-job-999999.csv"
    orphan.write_text("")
    old = root / f"contacts-job-{Job.objects.get().pk}.partial"
    old.write_text("")
    a_day_ago = (timezone.now() - datetime.timedelta(days=1, minutes=1)).timestamp()
    os.utime(old, (a_day_ago, a_day_ago))
    assert exports.remove_expired_files() == 2
    assert [path.name for path in root.iterdir()] == [kept.name]
