"""Assign a 3-step activity to a 1,000-contact segment (3,000 tasks) vs a raw bulk_create of 3,000 prepared rows.

Ours includes everything the confirmation does: the checks, reading the segment lines, one date per step
(CALCDATE), drawing the 3,000 numbers as one block and the batched inserts. The baseline inserts 3,000
Task rows that were fully prepared (numbers, dates, contacts) before the clock started.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from bench.timing import Result, median_time

CONTACTS = 1000
TARGET = 2.0
START = datetime.date(2024, 3, 4)


def _setup():
    from contacts.models import Contact
    from core.models import MarketingSetup, NoSeries
    from salespeople.models import Salesperson
    from segments.models import SegmentHeader, SegmentLine
    from tasks.models import Activity, ActivityStep, TaskType

    series, _created = NoSeries.objects.get_or_create(code="TODO", defaults={"starting_no": "TD000001"})
    setup = MarketingSetup.get()
    setup.task_nos = series
    setup.save()
    salesperson, _created = Salesperson.objects.get_or_create(code="BENCH", defaults={"name": "Bench Seller"})
    activity, _created = Activity.objects.get_or_create(code="BENCH3", defaults={"description": "Three steps"})
    for step_no, type_, formula in [
        (10000, TaskType.PHONE_CALL, ""),
        (20000, TaskType.BLANK, "WD5"),
        (30000, TaskType.PHONE_CALL, "2W+1D"),
    ]:
        ActivityStep.objects.get_or_create(
            activity=activity,
            step_no=step_no,
            defaults={"type": type_, "description": f"Step {step_no}", "date_formula": formula},
        )
    segment, _created = SegmentHeader.objects.get_or_create(no="SMBENCH", defaults={"description": "1,000 contacts"})
    if not segment.lines.exists():
        companies = Contact.objects.bulk_create(
            [Contact(no=f"BC{i:05d}", name=f"Company {i}", type=Contact.Type.COMPANY) for i in range(CONTACTS)]
        )
        SegmentLine.objects.bulk_create(
            [
                SegmentLine(segment=segment, line_no=(i + 1) * 10000, contact=contact, contact_company=contact)
                for i, contact in enumerate(companies)
            ]
        )
    return series, salesperson, activity, segment


def run() -> list[Result]:
    from core.models import NoSeries
    from segments.models import SegmentLine
    from tasks import services
    from tasks.models import Task

    series, salesperson, activity, segment = _setup()
    values = services.TaskValues(date=START, activity=activity, salesperson=salesperson, segment=segment)

    def reset() -> None:
        Task.objects.all().delete()
        NoSeries.objects.filter(pk=series.pk).update(last_no_used="")

    def ours() -> None:
        result = services.assign_activity(values=values, confirmed=True)
        assert result.count == 3 * CONTACTS, result.count

    lines = list(SegmentLine.objects.filter(segment=segment).values_list("contact_id", "contact_company_id"))
    prepared: list[Task] = []

    def prepare() -> None:
        reset()
        prepared.clear()
        number = 0
        for date in (START, START + datetime.timedelta(days=4), START + datetime.timedelta(days=15)):
            for contact_id, company_id in lines:
                number += 1
                prepared.append(
                    Task(
                        no=f"TD{number:06d}",
                        description="Step",
                        date=date,
                        duration=datetime.timedelta(days=1),
                        salesperson_id=salesperson.pk,
                        contact_id=contact_id,
                        contact_company_id=company_id,
                        segment_id=segment.pk,
                        activity_id=activity.pk,
                        no_series_id=series.pk,
                        last_date_modified=START,
                    )
                )

    def baseline() -> None:
        with transaction.atomic():
            Task.objects.bulk_create(prepared, batch_size=1000)

    ours()  # warm-up: caches, first-query costs
    ours_time = median_time(ours, repeat=7, setup=reset)
    baseline_time = median_time(baseline, repeat=7, setup=prepare)
    reset()
    return [
        Result(
            name="assign_activity 3 steps x 1,000 segment contacts",
            ours=ours_time,
            baseline=baseline_time,
            target=TARGET,
            note="3,000 tasks; baseline: bulk_create of 3,000 prepared rows",
        )
    ]
