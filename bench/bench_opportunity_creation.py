"""Create Opportunity on a 10,000-line segment with "Activate the First Stage." vs raw INSERT … SELECT statements.

Ours is everything the user's Yes does: the wizard's checks, the count, two number blocks (opportunities and
tasks), the first-stage figures (UpdateEstimates once), and the set-based inserts: 10,000 opportunities,
10,000 first-stage entries and 20,000 tasks (the stage's activity has two steps). The baseline is four
hand-written INSERT … SELECT statements writing the same rows, numbers included, with the figures typed in.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import connection, transaction

from bench.timing import Result, median_time

LINES = 10_000
TARGET = 2.0
WORKDATE = datetime.date(2024, 3, 4)

OPPORTUNITIES_SQL = """
INSERT INTO opportunities_opportunity (no, description, salesperson_id, campaign_id, contact_id, contact_company_id,
    sales_cycle_id, sales_quote_no, creation_date, status, priority, closed, date_closed, segment_id, no_series_id,
    creation_id, version)
SELECT 'OP' || lpad((row_number() OVER (ORDER BY l.line_no))::text, 6, '0'), %(description)s, %(salesperson)s, NULL,
    l.contact_id, l.contact_company_id, %(cycle)s, '', %(date)s, 'in_progress', 'normal', false, NULL, l.segment_id,
    %(series)s, %(creation)s, 0
FROM segments_segmentline l JOIN contacts_contact c ON c.id = l.contact_id
WHERE l.segment_id = %(segment)s AND NOT c.privacy_blocked
"""
ENTRIES_SQL = """
INSERT INTO opportunities_opportunityentry (opportunity_id, sales_cycle_id, sales_cycle_stage,
    sales_cycle_stage_description, previous_sales_cycle_stage, contact_id, contact_company_id, salesperson_id,
    campaign_id, date_of_change, active, days_open, action_taken, estimated_value, calcd_current_value, completed_pct,
    chances_of_success_pct, probability_pct, close_opportunity_code_id, estimated_close_date, date_closed)
SELECT o.id, o.sales_cycle_id, 1, 'Initial', 0, o.contact_id, o.contact_company_id, o.salesperson_id, o.campaign_id,
    %(date)s, true, 0, '', 1000, 50, 10, 50, 5, NULL, %(close)s, NULL
FROM opportunities_opportunity o WHERE o.creation_id = %(creation)s
"""
TASKS_SQL = """
INSERT INTO tasks_task (no, type, description, date, start_time, duration, all_day_event, location, status, priority,
    salesperson_id, team_id, contact_id, contact_company_id, campaign_id, segment_id, opportunity_no,
    opportunity_entry_no, activity_id, closed, date_closed, canceled, completed_by_id, recurring,
    recurring_date_interval, calc_due_date_from, organizer_task_id, system_task_type, no_series_id,
    last_date_modified, assignment_id, version)
SELECT 'TD' || lpad(((row_number() OVER (ORDER BY o.no)) * 2 - 1 + %(step)s)::text, 6, '0'), %(type)s,
    %(description)s, %(task_date)s, NULL, interval '1 day', false, '', 'not_started', 'normal', e.salesperson_id, NULL,
    e.contact_id, e.contact_company_id, e.campaign_id, o.segment_id, o.no, e.id, %(activity)s, false, NULL, false,
    NULL, false, '', '', NULL, 'organizer', %(series)s, %(date)s, NULL, 0
FROM opportunities_opportunityentry e JOIN opportunities_opportunity o ON o.id = e.opportunity_id
WHERE o.creation_id = %(creation)s
"""


def _setup():
    from contacts.models import Contact
    from core.models import MarketingSetup, NoSeries
    from opportunities.models import SalesCycle, SalesCycleStage
    from salespeople.models import Salesperson
    from segments.models import SegmentHeader, SegmentLine
    from tasks.models import Activity, ActivityStep, TaskType

    setup = MarketingSetup.get()
    setup.task_nos, _new = NoSeries.objects.get_or_create(code="TODO", defaults={"starting_no": "TD000001"})
    setup.opportunity_nos, _new = NoSeries.objects.get_or_create(code="OPP", defaults={"starting_no": "OP000001"})
    setup.save()
    salesperson, _new = Salesperson.objects.get_or_create(code="BENCH", defaults={"name": "Bench Seller"})
    activity, _new = Activity.objects.get_or_create(code="INIT", defaults={"description": "Initial contact"})
    ActivityStep.objects.get_or_create(
        activity=activity, step_no=10000, defaults={"type": TaskType.PHONE_CALL, "description": "Call"}
    )
    ActivityStep.objects.get_or_create(
        activity=activity, step_no=20000, defaults={"description": "Send brochure", "date_formula": "1W"}
    )
    cycle, _new = SalesCycle.objects.get_or_create(code="NEW", defaults={"description": "New business"})
    SalesCycleStage.objects.get_or_create(
        sales_cycle=cycle,
        stage=1,
        defaults={
            "description": "Initial",
            "completed_pct": Decimal(10),
            "chances_of_success_pct": Decimal(50),
            "activity": activity,
            "date_formula": "2W",
        },
    )
    segment, _new = SegmentHeader.objects.get_or_create(no="SMBENCH", defaults={"description": "10,000 contacts"})
    if not segment.lines.exists():
        companies = Contact.objects.bulk_create(
            [Contact(no=f"BC{i:05d}", name=f"Company {i}", type=Contact.Type.COMPANY) for i in range(LINES)]
        )
        SegmentLine.objects.bulk_create(
            [
                SegmentLine(segment=segment, line_no=(i + 1) * 10000, contact=contact, contact_company=contact)
                for i, contact in enumerate(companies)
            ]
        )
    return setup, salesperson, cycle, activity, segment


def run() -> list[Result]:
    from core.models import NoSeries
    from core.sql import delete_rows
    from opportunities.models import Opportunity, OpportunityEntry
    from opportunities.services import creation
    from tasks.models import Task

    setup, salesperson, cycle, activity, segment = _setup()
    close = datetime.date(2024, 4, 30)

    def reset() -> None:
        with transaction.atomic():
            for model in (Task, OpportunityEntry, Opportunity):
                delete_rows(model.objects.all())
            NoSeries.objects.filter(pk__in=[setup.task_nos_id, setup.opportunity_nos_id]).update(last_no_used="")

    def ours() -> None:
        values = creation.wizard_defaults(today=WORKDATE, segment=segment)
        values.description, values.salesperson, values.sales_cycle = "Bench deal", salesperson, cycle
        first = creation.FirstStage(Decimal(1000), Decimal(50), close)
        result = creation.create_for_segment(values=values, first=first, today=WORKDATE, creation_id=uuid.uuid4())
        assert (result.count, result.entries, result.tasks) == (LINES, LINES, 2 * LINES), result

    def baseline() -> None:
        run_id = uuid.uuid4()
        common = {"creation": run_id, "date": WORKDATE, "series": setup.opportunity_nos_id}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                OPPORTUNITIES_SQL,
                {
                    **common,
                    "description": "Bench deal",
                    "salesperson": salesperson.pk,
                    "cycle": cycle.pk,
                    "segment": segment.pk,
                },
            )
            cursor.execute(ENTRIES_SQL, {**common, "close": close})
            for step, (type_, description, task_date) in enumerate(
                [("phone_call", "Call", WORKDATE), ("", "Send brochure", WORKDATE + datetime.timedelta(weeks=1))]
            ):
                cursor.execute(
                    TASKS_SQL,
                    {
                        **common,
                        "series": setup.task_nos_id,
                        "step": step,
                        "type": type_,
                        "description": description,
                        "task_date": task_date,
                        "activity": activity.pk,
                    },
                )

    reset()
    ours()  # warm-up; then the planner gets statistics of tables holding such a run (as a live database has)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE opportunities_opportunity, opportunities_opportunityentry, tasks_task")
    reset()
    baseline()
    ours_time = median_time(ours, repeat=5, setup=reset)
    baseline_time = median_time(baseline, repeat=5, setup=reset)
    ours_rows = (Opportunity.objects.count(), OpportunityEntry.objects.count(), Task.objects.count())
    reset()
    return [
        Result(
            name="create opportunities with first stage from a 10,000-line segment",
            ours=ours_time,
            baseline=baseline_time,
            target=TARGET,
            note=f"{ours_rows[0]:,} opportunities, {ours_rows[1]:,} entries, {ours_rows[2]:,} tasks; "
            "baseline: four raw INSERT ... SELECT",
        )
    ]
