"""Log Segment of a 100,000-line segment vs a raw INSERT … SELECT of the same 100,000 interaction log entries.

Ours is the whole service (checks, logged segment, campaign entry, entries, segment removal, commit);
the baseline is the single hand-written INSERT … SELECT a DBA would write for the entries alone, committed.
"""

from __future__ import annotations

import datetime
import statistics

from django.db import connection, transaction
from django.utils import timezone

from bench.timing import Result, median_time

LINES = 100_000
TARGET = 2.0
REPEAT = 3
SEGMENT_NO = "BENCH"


def _fixtures() -> dict:
    """Contacts, a campaign, a template and a salesperson, created once with set-based SQL."""
    from campaigns.models import Campaign
    from core.models import User
    from interactions.models import InteractionGroup, InteractionTemplate
    from salespeople.models import Salesperson

    user = User.objects.create(username="bench")
    campaign = Campaign.objects.create(no="CP0001", description="Bench campaign")
    group = InteractionGroup.objects.create(code="LETTER", description="Letters")
    template = InteractionTemplate.objects.create(
        code="MAIL", interaction_group=group, description="Mailing", unit_cost=2, unit_duration=5
    )
    salesperson = Salesperson.objects.create(code="BENCH", name="Bench Salesperson")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_contact (no, name, type, company_name, address, post_code, city,
                country_region_code, territory_code, phone_no, email, correspondence_type, language_code,
                exclude_from_segment, privacy_blocked, version)
            SELECT 'BC' || lpad(i::text, 6, '0'), 'Contact ' || i, 'company', '', '', '', '', '', '', '',
                'c' || i || '@example.com', 'email', '', false, false, 0
            FROM generate_series(1, %s) AS i
            """,
            [LINES],
        )
        cursor.execute("UPDATE contacts_contact SET company_id = id")
    return {"user": user, "campaign": campaign, "template": template, "salesperson": salesperson}


def _clear_log() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM interactions_interactionlogentry")
        cursor.execute("DELETE FROM campaigns_campaignentry")
        cursor.execute("DELETE FROM interactions_loggedsegment")
        cursor.execute("DELETE FROM segments_segmentline")
        cursor.execute("DELETE FROM segments_segmentheader")
        cursor.execute("VACUUM ANALYZE interactions_interactionlogentry")
        cursor.execute("VACUUM ANALYZE segments_segmentline")


def _segment(fx: dict):
    """A fresh segment with one complete line per contact (set-based)."""
    from segments.models import SegmentHeader

    _clear_log()
    segment = SegmentHeader.objects.create(
        no=SEGMENT_NO,
        description="Bench mailing",
        campaign=fx["campaign"],
        salesperson=fx["salesperson"],
        interaction_template=fx["template"],
        date=datetime.date(2026, 3, 2),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO segments_segmentline (segment_id, line_no, contact_id, contact_company_id, campaign_id,
                salesperson_id, correspondence_type, interaction_template_id, interaction_group_id, cost, duration,
                campaign_target, campaign_response, information_flow, initiated_by, evaluation, description, date,
                attempt_failed, opportunity_no)
            SELECT %s, row_number() OVER (ORDER BY c.id) * 10000, c.id, c.company_id, %s, %s, 'email', %s, %s,
                2, 5, true, c.id %% 10 = 0, 'outbound', 'us', '', 'Bench mailing', %s, false, ''
            FROM contacts_contact c
            """,
            [
                segment.pk,
                fx["campaign"].pk,
                fx["salesperson"].pk,
                fx["template"].pk,
                fx["template"].interaction_group_id,
                datetime.date(2026, 3, 2),
            ],
        )
        cursor.execute("ANALYZE segments_segmentline")
    return segment


def run() -> list[Result]:
    from campaigns.models import CampaignEntry
    from interactions.models import InteractionLogEntry, LoggedSegment
    from segments.services.logging import log_segment

    fx = _fixtures()
    state: dict = {}

    def prepare_ours() -> None:
        state["segment"] = _segment(fx)

    def ours() -> None:
        result = log_segment(segment=state["segment"], user=fx["user"])
        assert result.no_of_interactions == LINES

    def prepare_baseline() -> None:
        segment = _segment(fx)
        logged = LoggedSegment.objects.create(
            segment_no=SEGMENT_NO, description="Bench mailing", creation_date=timezone.localdate(), user=fx["user"]
        )
        CampaignEntry.objects.create(
            campaign=fx["campaign"],
            description="Bench mailing",
            date=datetime.date(2026, 3, 2),
            user=fx["user"],
            segment_no=SEGMENT_NO,
            salesperson=fx["salesperson"],
            register=logged,
        )
        state.update(segment=segment, logged=logged)

    def baseline() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO interactions_interactionlogentry (contact_id, contact_company_id, date,
                    time_of_interaction, description, information_flow, initiated_by, cost, duration, user_id,
                    interaction_group_id, interaction_template_id, campaign_id, campaign_entry_id, campaign_target,
                    campaign_response, segment_no, evaluation, attempt_failed, salesperson_id, canceled,
                    correspondence_type, logged_segment_id, task_id, opportunity_no, postponed)
                SELECT l.contact_id, l.contact_company_id, l.date, l.time_of_interaction, l.description,
                    l.information_flow, l.initiated_by, l.cost, l.duration, %s, l.interaction_group_id,
                    l.interaction_template_id, l.campaign_id, e.id, l.campaign_target, l.campaign_response, %s,
                    l.evaluation, l.attempt_failed, l.salesperson_id, false, l.correspondence_type, %s, l.task_id,
                    l.opportunity_no, false
                FROM segments_segmentline l
                LEFT JOIN campaigns_campaignentry e
                    ON e.campaign_id = l.campaign_id AND e.segment_no = %s AND e.document_type = ''
                WHERE l.segment_id = %s
                ORDER BY l.line_no
                """,
                [fx["user"].pk, SEGMENT_NO, state["logged"].pk, SEGMENT_NO, state["segment"].pk],
            )
            assert cursor.rowcount == LINES

    # Alternate the two so neither profits from a warmer cache or a fuller table; take the medians.
    ours_times, baseline_times = [], []
    for _ in range(REPEAT):
        ours_times.append(median_time(ours, repeat=1, setup=prepare_ours))
        assert InteractionLogEntry.objects.filter(logged_segment__segment_no=SEGMENT_NO).count() == LINES
        baseline_times.append(median_time(baseline, repeat=1, setup=prepare_baseline))
    ours_time, baseline_time = statistics.median(ours_times), statistics.median(baseline_times)
    return [
        Result(
            name="log_segment_100k",
            ours=ours_time,
            baseline=baseline_time,
            target=TARGET,
            note=f"{LINES:,} lines; ours includes checks, campaign entry, segment removal and commit",
        )
    ]
