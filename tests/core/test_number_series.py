import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from core import services
from core.models import MarketingSetup, NoSeries, increment_no
from tests.core.factories import NoSeriesFactory, marketing_setup_with_series


@pytest.mark.parametrize(
    ("no", "by", "expected"),
    [
        ("CP0001", 1, "CP0002"),
        ("CP0009", 1, "CP0010"),
        ("CP0099", 1, "CP0100"),
        ("CP9999", 1, "CP10000"),
        ("SM0010", 10, "SM0020"),
        ("2026-001-A", 1, "2026-002-A"),
        ("7", 1, "8"),
    ],
)
def test_increment_keeps_prefix_suffix_and_width(no, by, expected):
    assert increment_no(no, by) == expected


def test_increment_refuses_a_number_without_digits():
    with pytest.raises(ValueError, match="contains no number"):
        increment_no("ABC")


@pytest.mark.django_db
def test_draw_no_starts_at_starting_no_then_increments():
    series = NoSeriesFactory(code="CAMP", starting_no="CP0009")
    with transaction.atomic():
        assert services.draw_no(series=series) == "CP0009"
        assert services.draw_no(series=series) == "CP0010"
    series.refresh_from_db()
    assert series.last_no_used == "CP0010"


@pytest.mark.django_db
def test_last_no_used_without_a_number_is_refused_and_never_crashes_a_creation(client_as, admin):
    series = NoSeriesFactory(code="CAMP", starting_no="CP0001")
    response = client_as(admin).post(
        reverse("core:noseries_update", args=["CAMP"]),
        {"code": "CAMP", "starting_no": "CP0001", "last_no_used": "XYZ", "increment_by": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["last_no_used"] == ["Last No. Used must contain a number, e.g. CP0007."]
    NoSeries.objects.filter(pk=series.pk).update(last_no_used="XYZ")  # stored before the rule existed
    with pytest.raises(ValidationError) as excinfo, transaction.atomic():
        services.draw_no(series=series)
    assert excinfo.value.messages == [
        "No. Series CAMP cannot give a next number: Last No. Used XYZ contains no number. Correct the series."
    ]


@pytest.mark.django_db
def test_draw_no_uses_increment_by():
    series = NoSeriesFactory(code="TEN", starting_no="T0010", increment_by=10)
    with transaction.atomic():
        assert [services.draw_no(series=series) for _ in range(3)] == ["T0010", "T0020", "T0030"]


@pytest.mark.django_db
def test_assign_no_without_series_gives_bcs_message():
    MarketingSetup.get()
    with pytest.raises(ValidationError) as excinfo, transaction.atomic():
        services.assign_no(setup_field="campaign_nos")
    assert excinfo.value.messages == ["Campaign Nos. must have a value in Marketing Setup"]


@pytest.mark.django_db
def test_manual_no_needs_manual_nos_on_the_series(series):
    with pytest.raises(ValidationError) as excinfo, transaction.atomic():
        services.assign_no(setup_field="campaign_nos", manual_no="SPRING")
    assert "activate Manual Nos. in No. Series CAMP" in excinfo.value.messages[0]
    NoSeries.objects.filter(code="CAMP").update(manual_nos=True)
    with transaction.atomic():
        assert services.assign_no(setup_field="campaign_nos", manual_no="SPRING") == ("SPRING", None)


@pytest.mark.django_db
def test_rolled_back_creation_does_not_consume_a_number(series):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.assign_no(setup_field="campaign_nos")
        raise RuntimeError("the record could not be saved")
    with transaction.atomic():
        no, _series = services.assign_no(setup_field="campaign_nos")
    assert no == "CP0001"


@pytest.mark.django_db(transaction=True)
def test_draw_no_outside_a_transaction_is_refused(series):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        services.draw_no(series=series.campaign_nos)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_numbers_are_gapless_and_unique_under_concurrency():
    """20 threads create 50 campaigns each through the service: campaigns CP0001..CP1000, no error, no gap."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    from campaigns.models import Campaign
    from campaigns.services import create_campaign

    marketing_setup_with_series()
    errors: list[BaseException] = []

    def worker(thread_no: int):
        from django.db import connections

        try:
            for n in range(50):
                with transaction.atomic():
                    create_campaign(campaign=Campaign(description=f"Thread {thread_no} campaign {n}"), user=None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(Campaign.objects.values_list("no", flat=True)) == [f"CP{n:04d}" for n in range(1, 1001)]
    assert NoSeries.objects.get(code="CAMP").last_no_used == "CP1000"
