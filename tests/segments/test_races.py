"""Double submits and races on one segment: never a 500, never two lines with one number, applied once."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from interactions.models import LoggedSegment
from segments.models import SegmentCriteriaAction, SegmentHeader, SegmentLine
from segments.services import criteria, lines
from tests.contacts.factories import PersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.segments.log_helpers import loggable_segment

# --- helpers ------------------------------------------------------------------------------------


def wait_until_blocked(count: int, timeout: float = 60.0) -> None:
    """Wait until `count` other backends of this database wait for a row lock (PostgreSQL)."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction PostgreSQL keeps showing the first activity snapshot unless told otherwise.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)
    raise AssertionError(f"{count} requests never waited for the segment lock")


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def race(segment: SegmentHeader, requests: list) -> list:
    """Hold the segment's lock, let every request queue behind it, then release: they run one after the other.

    Each request is a callable returning its outcome; an exception is the outcome too (a 500 in a view).
    """
    outcomes: list = [None] * len(requests)

    def run(index, request):
        try:
            outcomes[index] = request()
        except Exception as error:  # a 500 in a view: the outcome the tests rule out
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    with transaction.atomic():
        lines.lock_segment(segment)
        for thread in threads:
            thread.start()
        wait_until_blocked(len(threads))
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_unique_line_nos(segment: SegmentHeader) -> None:
    numbers = list(SegmentLine.objects.filter(segment=segment).values_list("line_no", flat=True))
    assert len(numbers) == len(set(numbers))


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent requests wait for row locks on PostgreSQL only")


# --- the lock reads after it waited -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_add_contact_services_behind_one_lock_both_add_with_distinct_line_nos(on_postgres):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, line_no=10000)
    first, second = PersonFactory(), PersonFactory()
    outcomes = race(
        segment,
        [
            lambda: lines.add_contact(segment=segment, contact_no=first.no).line_no,
            lambda: lines.add_contact(segment=segment, contact_no=second.no).line_no,
        ],
    )
    assert sorted(outcomes) == [20000, 30000]
    assert_unique_line_nos(segment)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_clicked_add_contact_answers_twice_without_an_error(on_postgres, marketer):
    segment = SegmentFactory()
    contact = PersonFactory()
    url = reverse("segments:line_add", args=[segment.no])
    clients = [logged_in(marketer), logged_in(marketer)]
    outcomes = race(segment, [lambda c=c: c.post(url, {"contact_no": contact.no}) for c in clients])
    assert [response.status_code for response in outcomes] == [302, 302]
    assert sorted(SegmentLine.objects.filter(segment=segment).values_list("line_no", flat=True)) == [10000, 20000]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_clicked_add_contacts_applies_once_and_tells_the_second_click(on_postgres, marketer):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment, line_no=10000)
    PersonFactory.create_batch(3, name="Racer")
    url = reverse("segments:criteria", args=[segment.no, "add"])
    data = {"name": "Racer", "allow_existing_contacts": "on"}
    preview = logged_in(marketer).post(url, {**data, "preview": "1"})
    click = {**data, "apply": preview.context["fingerprint"], "apply_token": preview.context["apply_token"]}
    clients = [logged_in(marketer), logged_in(marketer)]
    outcomes = race(segment, [lambda c=c: c.post(url, click) for c in clients])
    assert [response.status_code for response in outcomes] == [302, 302]
    messages = sorted(text for response in outcomes for text in shown(response))
    assert messages == [
        f"3 contacts were added to segment {segment.no}.",
        f"These criteria have already been applied to segment {segment.no} as criteria action 1. "
        "They were not applied again.",
    ]
    assert SegmentCriteriaAction.objects.filter(segment=segment).count() == 1
    assert segment.lines.count() == 4
    assert_unique_line_nos(segment)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_different_add_contacts_at_once_both_apply_with_their_own_action_nos(on_postgres):
    segment = SegmentFactory()
    PersonFactory.create_batch(2, name="Alpha")
    PersonFactory.create_batch(3, name="Beta")
    outcomes = race(
        segment,
        [
            lambda: criteria.add_contacts(segment=segment, filters={"contact": {"name": "Alpha"}}, options={}),
            lambda: criteria.add_contacts(segment=segment, filters={"contact": {"name": "Beta"}}, options={}),
        ],
    )
    assert sorted((r.action_no, r.count) for r in outcomes) in ([(1, 2), (2, 3)], [(1, 3), (2, 2)])
    assert segment.lines.count() == 5
    assert_unique_line_nos(segment)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_clicked_go_back_goes_back_once_and_tells_the_second_click(on_postgres, marketer):
    segment = SegmentFactory()
    PersonFactory.create_batch(2, name="First")
    PersonFactory.create_batch(2, name="Second")
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "First"}}, options={})
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "Second"}}, options={})
    url = reverse("segments:go_back", args=[segment.no])
    clients = [logged_in(marketer), logged_in(marketer)]
    outcomes = race(segment, [lambda c=c: c.post(url, {"action_no": "2"}) for c in clients])
    assert [response.status_code for response in outcomes] == [302, 302]
    messages = sorted(text for response in outcomes for text in shown(response))
    assert messages == [
        "Criteria action 2 (Add Contacts) was undone: 2 lines removed, 0 restored.",
        f"Criteria action 2 is no longer the last criteria action of segment {segment.no}: it has already been "
        "gone back on, or another action followed. Nothing was changed.",
    ]
    assert list(segment.criteria_actions.values_list("action_no", flat=True)) == [1]
    assert segment.lines.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_clicked_log_segment_sends_the_loser_to_the_logged_segment(on_postgres, series, marketer):
    segment = loggable_segment(5)
    url = reverse("segments:log", args=[segment.no])
    clients = [logged_in(marketer), logged_in(marketer)]
    outcomes = race(segment, [lambda c=c: c.post(url, {"confirmed": "yes"}) for c in clients])
    logged = LoggedSegment.objects.get()
    assert sorted(response.status_code for response in outcomes) == [302, 302]
    assert sorted(response.url for response in outcomes) == [logged.get_absolute_url()] * 2
    messages = sorted(text for response in outcomes for text in shown(response))
    assert messages[0] == f"Logged Segment for Segment No. {segment.no} already exists."
    assert messages[1].startswith(f"Segment {segment.no} has been logged")


# --- the same rules, one request after the other (every database) -------------------------------


@pytest.mark.django_db
def test_a_second_apply_of_the_same_preview_is_told_it_was_applied(marketer, client_as):
    segment = SegmentFactory()
    PersonFactory.create_batch(2, name="Once")
    client = client_as(marketer)
    url = reverse("segments:criteria", args=[segment.no, "add"])
    data = {"name": "Once", "allow_existing_contacts": "on"}
    preview = client.post(url, {**data, "preview": "1"})
    click = {**data, "apply": preview.context["fingerprint"], "apply_token": preview.context["apply_token"]}
    client.post(url, click)
    again = client.post(url, click)
    assert again.status_code == 302
    assert shown(again)[-1] == (
        f"These criteria have already been applied to segment {segment.no} as criteria action 1. "
        "They were not applied again."
    )
    assert segment.lines.count() == 2
    assert segment.criteria_actions.count() == 1


@pytest.mark.django_db
def test_a_new_preview_of_the_same_criteria_may_be_applied_again(marketer, client_as):
    segment = SegmentFactory()
    PersonFactory.create_batch(2, name="Twice")
    client = client_as(marketer)
    url = reverse("segments:criteria", args=[segment.no, "add"])
    data = {"name": "Twice", "allow_existing_contacts": "on"}
    for _ in range(2):
        preview = client.post(url, {**data, "preview": "1"})
        token = preview.context["apply_token"]
        client.post(url, {**data, "apply": preview.context["fingerprint"], "apply_token": token})
    assert segment.criteria_actions.count() == 2
    assert segment.lines.count() == 4


@pytest.mark.django_db
def test_the_service_refuses_an_apply_token_it_has_run(db):
    segment = SegmentFactory()
    PersonFactory(name="Token")
    token = "a" * 32
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "Token"}}, options={}, apply_token=token)
    with pytest.raises(criteria.ValidationError) as error:
        criteria.add_contacts(segment=segment, filters={"contact": {"name": "Token"}}, options={}, apply_token=token)
    assert error.value.code == "already_applied"
    assert segment.criteria_actions.count() == 1


@pytest.mark.django_db
def test_go_back_of_an_action_already_gone_back_on_changes_nothing(marketer, client_as):
    segment = SegmentFactory()
    PersonFactory.create_batch(2, name="Back")
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "Back"}}, options={})
    client = client_as(marketer)
    url = reverse("segments:go_back", args=[segment.no])
    client.post(url, {"action_no": "1"})
    again = client.post(url, {"action_no": "1"})
    assert again.status_code == 302
    assert shown(again)[-1].startswith("Criteria action 1 is no longer the last criteria action")
    assert segment.criteria_actions.count() == 0


@pytest.mark.django_db
def test_the_card_posts_the_last_action_no_with_go_back(marketer, client_as):
    segment = SegmentFactory()
    PersonFactory(name="Card")
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "Card"}}, options={})
    criteria.add_contacts(segment=segment, filters={"contact": {"name": "Card"}}, options={})
    page = client_as(marketer).get(segment.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="action_no" value="2">' in page


@pytest.mark.django_db
def test_log_segment_of_a_segment_already_logged_lands_on_the_logged_segment(series, marketer, client_as):
    segment = loggable_segment(2)
    client = client_as(marketer)
    url = reverse("segments:log", args=[segment.no])
    client.post(url, {"confirmed": "yes"})
    logged = LoggedSegment.objects.get(segment_no=segment.no)
    again = client.post(url, {"confirmed": "yes"})
    assert again.status_code == 302
    assert again.url == logged.get_absolute_url()
    assert shown(again)[-1] == f"Logged Segment for Segment No. {segment.no} already exists."


@pytest.mark.django_db
def test_log_segment_of_an_unknown_segment_is_not_found(marketer, client_as):
    assert client_as(marketer).get(reverse("segments:log", args=["NOSUCH"])).status_code == 404
