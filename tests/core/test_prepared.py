"""Prepared queries: built once with the ORM, executed with new values, counted like any other query."""

import datetime

import pytest
from django.db import connection, models
from django.test import override_settings

from campaigns.models import Campaign
from core.prepared import Param, PreparedQuery

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL")


def _campaign_query() -> models.QuerySet:
    dated = models.ExpressionWrapper(models.Q(starting_date__isnull=False), output_field=models.BooleanField())
    return (
        Campaign.objects.filter(no__startswith=Param("prefix", models.CharField()))
        .annotate(dated=dated, start=models.F("starting_date"))
        .values("no", "description", "dated", "start")
        .order_by("no")
    )


CAMPAIGNS = PreparedQuery(_campaign_query)


@pytest.fixture
def campaigns():
    Campaign.objects.create(no="CP0001", description="Spring", starting_date=datetime.date(2026, 3, 1))
    Campaign.objects.create(no="CP0002", description="Idea")
    Campaign.objects.create(no="XP0001", description="Other")


def test_a_prepared_query_gives_the_rows_the_orm_gives_with_python_values(campaigns):
    assert CAMPAIGNS.execute({"prefix": "CP"}) == [
        ("CP0001", "Spring", True, datetime.date(2026, 3, 1)),
        ("CP0002", "Idea", False, None),
    ]
    assert CAMPAIGNS.execute({"prefix": "XP"}) == [("XP0001", "Other", False, None)]
    assert CAMPAIGNS.execute({"prefix": "Z"}) == []
    assert CAMPAIGNS.execute_dicts({"prefix": "XP"}) == [
        {"no": "XP0001", "description": "Other", "dated": False, "start": None}
    ]


def test_values_are_parameters_never_sql(campaigns):
    assert CAMPAIGNS.execute({"prefix": "C' OR '1'='1"}) == []


def test_each_execution_is_one_query_that_query_counting_sees(campaigns, django_assert_num_queries):
    CAMPAIGNS.execute({"prefix": "CP"})
    with django_assert_num_queries(1) as captured:
        CAMPAIGNS.execute({"prefix": "XP"})
    assert "campaigns_campaign" in captured.captured_queries[0]["sql"]


@on_postgresql
def test_on_postgresql_the_statement_is_prepared_once_per_connection(campaigns):
    for prefix in ("CP", "XP", "CP"):
        CAMPAIGNS.execute({"prefix": prefix})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%campaigns_campaign%dated%"],
        )
        assert cursor.fetchall() == [(3,)]


ENDING_DATE = PreparedQuery(
    lambda: Campaign.objects.filter(no=Param("no", models.CharField())).values("ending_date").order_by()
)


@on_postgresql
@override_settings(PREPARED_STATEMENTS=False)
def test_prepared_statements_can_be_turned_off(campaigns):
    assert ENDING_DATE.execute({"no": "CP0001"}) == [(None,)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"ending_date"%'])
        assert cursor.fetchone() == (0,)
