"""Segments at 100,000 contacts, each operation against the raw SQL a DBA would write for the same rows.

1. Add Contacts selecting 100,000 of 120,000 contacts into an empty segment vs one raw INSERT … SELECT
   producing the very same lines (InitLine values, BC line order, privacy/exclusion filter).
2. Setting Campaign Target on the 100,000 lines vs one raw UPDATE.
3. Go Back of that Add Contacts vs one raw DELETE.
Ours is always the whole service (lock, criteria action, notification, commit). The two sides alternate
so neither profits from a warmer cache; each side starts from a vacuumed table.

Also printed: the segment card's query count with 100,000 lines and with 10 (they must be equal).
"""

from __future__ import annotations

import datetime
import statistics

from django.db import connection, transaction

from bench.timing import Result, median_time

CONTACTS = 120_000
SELECTED = 100_000
NORWAY = 101_000  # 1,000 of them are privacy blocked or excluded from segments
REPEAT = 3
TARGET = 1.5
DATE = datetime.date(2026, 3, 2)


def _contacts() -> None:
    """120,000 contacts in companies of six (a company and five persons), written set-based."""
    from contacts.models import Contact

    given = {
        "id": "i",
        "no": "'CT' || lpad(i::text, 6, '0')",
        "name": "'Contact ' || lpad(((i * 7919) %% 120000)::text, 6, '0')",
        "type": "CASE WHEN (i - 1) %% 6 = 0 THEN 'company' ELSE 'person' END",
        "company_id": "i - (i - 1) %% 6",
        "company_name": "'Company ' || lpad((i - (i - 1) %% 6)::text, 6, '0')",
        "country_region_code": f"CASE WHEN i <= {NORWAY} THEN 'NO' ELSE 'SE' END",
        "correspondence_type": "CASE WHEN i %% 3 = 0 THEN 'hard_copy' ELSE '' END",
        "privacy_blocked": f"i <= {NORWAY} AND i %% 202 = 0",
        "exclude_from_segment": f"i <= {NORWAY} AND i %% 202 = 101",
    }
    columns, expressions, params = [], [], []
    for field in Contact._meta.concrete_fields:
        columns.append(field.column)
        if field.column in given:
            expressions.append(given[field.column])
        else:
            expressions.append("%s")
            params.append(None if field.null else field.get_db_prep_save(field.get_default(), connection))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO contacts_contact ({', '.join(columns)}) "  # noqa: S608 - benchmark set-up: table and column names are fixed in the code
            f"SELECT {', '.join(expressions)} FROM generate_series(1, {CONTACTS}) AS i",
            params,
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('contacts_contact', 'id'), %s)", [CONTACTS])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contacts_contact")


def _fixtures() -> dict:
    from campaigns.models import Campaign
    from interactions.models import InteractionGroup, InteractionTemplate
    from salespeople.models import Salesperson
    from segments.models import SegmentHeader

    _contacts()
    campaign = Campaign.objects.create(no="CP0001", description="Bench campaign")
    group = InteractionGroup.objects.create(code="LETTER", description="Letters")
    template = InteractionTemplate.objects.create(
        code="MAIL", interaction_group=group, description="Mailing", unit_cost=2, unit_duration=5
    )
    salesperson = Salesperson.objects.create(code="BENCH", name="Bench Salesperson")
    segment = SegmentHeader.objects.create(
        no="SMBENCH",
        description="Bench mailing",
        campaign=campaign,
        salesperson=salesperson,
        interaction_template=template,
        interaction_group=group,
        unit_cost=2,
        unit_duration=5,
        information_flow="outbound",
        initiated_by="us",
        campaign_target=True,
        date=DATE,
    )
    return {"segment": segment}


def _empty(segment) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM segments_segmentline WHERE segment_id = %s", [segment.pk])
        cursor.execute("DELETE FROM segments_segmenthistory WHERE segment_id = %s", [segment.pk])
        cursor.execute("DELETE FROM segments_segmentcriteriaaction WHERE segment_id = %s", [segment.pk])
        cursor.execute("VACUUM ANALYZE segments_segmentline")


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE segments_segmentline")


def _raw_insert(segment, action_no: int = 1) -> int:
    """The baseline of Add Contacts: the same lines, by hand."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO segments_segmentline (segment_id, line_no, contact_id, contact_company_id, campaign_id,
                salesperson_id, correspondence_type, interaction_template_id, interaction_group_id, cost, duration,
                campaign_target, campaign_response, information_flow, initiated_by, evaluation, description, date,
                time_of_interaction, attempt_failed, task_id, opportunity_no, action_no)
            SELECT %s, ROW_NUMBER() OVER (ORDER BY c.company_name, c.company_id, c.type, c.name, c.no) * 10000,
                c.id, c.company_id, %s, %s,
                CASE WHEN c.correspondence_type = '' THEN 'email' ELSE c.correspondence_type END,
                %s, %s, 2, 5, true, false, 'outbound', 'us', '', %s, %s, NULL, false, NULL, '', %s
            FROM contacts_contact c
            WHERE c.country_region_code = 'NO' AND NOT c.privacy_blocked AND NOT c.exclude_from_segment
            """,
            [
                segment.pk,
                segment.campaign_id,
                segment.salesperson_id,
                segment.interaction_template_id,
                segment.interaction_group_id,
                segment.description,
                DATE,
                action_no,
            ],
        )
        return cursor.rowcount


def _fingerprint(segment) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*), sum(line_no), sum(contact_id), count(*) FILTER (WHERE correspondence_type = 'email'),
                      count(*) FILTER (WHERE campaign_target)
               FROM segments_segmentline WHERE segment_id = %s""",
            [segment.pk],
        )
        return cursor.fetchone()


def _alternate(ours, ours_setup, baseline, baseline_setup, *, repeat: int = REPEAT) -> tuple[float, float]:
    """Median times of both sides, measured in turns (who goes first alternates too)."""
    ours_times, baseline_times = [], []
    for turn in range(repeat):
        pair = [(ours, ours_setup, ours_times), (baseline, baseline_setup, baseline_times)]
        for func, setup, times in pair if turn % 2 == 0 else reversed(pair):
            times.append(median_time(func, repeat=1, setup=setup))
    return statistics.median(ours_times), statistics.median(baseline_times)


def _card_queries(segment) -> int:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import User

    user, _created = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(segment.get_absolute_url())
    assert response.status_code == 200, response.status_code
    return len(queries.captured_queries)


def run() -> list[Result]:
    from segments.models import SegmentHeader
    from segments.services import criteria, lines

    segment = _fixtures()["segment"]
    filters = {"contact": {"country_region_code": "NO"}}
    results = []

    # 1. Add Contacts into an empty segment.
    def add_ours() -> None:
        result = criteria.add_contacts(segment=segment, filters=filters, options={})
        assert result.count == SELECTED, result.count

    def add_baseline() -> None:
        with transaction.atomic():
            assert _raw_insert(segment) == SELECTED

    _empty(segment)
    add_ours()
    expected = _fingerprint(segment)
    _empty(segment)
    add_baseline()
    assert _fingerprint(segment) == expected, "the baseline must write the very same lines"
    ours, baseline = _alternate(add_ours, lambda: _empty(segment), add_baseline, lambda: _empty(segment))
    results.append(Result("add_contacts_100k_of_120k", ours, baseline, TARGET, note=f"{SELECTED:,} lines"))

    # 2. Campaign Target on all 100,000 lines (they start cleared).
    _empty(segment)
    add_ours()

    def clear_targets() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE segments_segmentline SET campaign_target = false WHERE segment_id = %s", [segment.pk]
            )
        _vacuum()

    def target_ours() -> None:
        changed = lines.set_campaign_target(segment=segment, lines=segment.lines.all(), campaign_target=True)
        assert changed == SELECTED, changed

    def target_baseline() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE segments_segmentline SET campaign_target = true WHERE segment_id = %s", [segment.pk])
            assert cursor.rowcount == SELECTED

    ours, baseline = _alternate(target_ours, clear_targets, target_baseline, clear_targets)
    results.append(Result("set_campaign_target_100k", ours, baseline, TARGET, note=f"{SELECTED:,} lines"))

    # The card renders with the same number of queries for 100,000 lines as for 10.
    big = _card_queries(segment)
    small_segment = SegmentHeader.objects.create(
        no="SMSMALL", description="Small", date=DATE, campaign=segment.campaign, salesperson=segment.salesperson
    )
    criteria.add_contacts(segment=small_segment, filters={"contact": {"no": "CT000001..CT000010"}}, options={})
    small = _card_queries(small_segment)
    print(f"segment card queries: {big} with {SELECTED:,} lines, {small} with 10 lines", flush=True)
    assert big == small

    # 3. Go Back of the Add Contacts.
    def added_by_service() -> None:
        _empty(segment)
        add_ours()
        _vacuum()

    def added_by_hand() -> None:
        from segments.models import SegmentCriteriaAction

        _empty(segment)
        with transaction.atomic():
            _raw_insert(segment)
            SegmentCriteriaAction.objects.create(segment=segment, action_no=1, action="add")
        _vacuum()

    def back_ours() -> None:
        result = criteria.go_back(segment=segment)
        assert result.removed == SELECTED, result.removed

    def back_baseline() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM segments_segmentline WHERE segment_id = %s AND action_no = 1", [segment.pk])
            assert cursor.rowcount == SELECTED

    ours, baseline = _alternate(back_ours, added_by_service, back_baseline, added_by_hand, repeat=7)
    results.append(Result("go_back_add_100k", ours, baseline, TARGET, note=f"{SELECTED:,} lines"))
    return results
