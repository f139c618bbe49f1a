"""The interaction lists for the shared list tests (tests/test_lists.py)."""

import datetime
from decimal import Decimal

from interactions.models import InteractionGroup, InteractionLogEntry, InteractionTemplate, LoggedSegment
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def make_entries(count: int) -> None:
    contact = PersonFactory()
    template = InteractionTemplateFactory()
    salesperson = SalespersonFactory()
    start = InteractionLogEntry.objects.count()
    InteractionLogEntry.objects.bulk_create(
        InteractionLogEntry(
            contact=contact,
            contact_company=contact.company,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + n) % 300),
            description=f"Interaction {start + n}",
            interaction_template=template,
            interaction_group=template.interaction_group,
            salesperson=salesperson,
            cost=Decimal(n % 7),
            duration=Decimal(n % 5),
            canceled=bool(n % 2),
        )
        for n in range(count)
    )


def make_logged_segments(count: int) -> None:
    start = LoggedSegment.objects.count()
    LoggedSegment.objects.bulk_create(
        LoggedSegment(
            segment_no=f"LS{start + n:05d}",
            description=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            creation_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + n) % 300),
            canceled=bool(n % 3 == 0),
        )
        for n in range(count)
    )


LISTED_SEGMENT = "LSENTRIES"


def make_logged_segment_entries(count: int) -> None:
    """Entries of one logged segment, every third for a contact named Lamp (the case's filter finds them)."""
    logged, _ = LoggedSegment.objects.get_or_create(
        segment_no=LISTED_SEGMENT, defaults={"description": "Entries", "creation_date": datetime.date(2026, 1, 1)}
    )
    lamp, chair = PersonFactory(name="Lamp Person"), PersonFactory(name="Chair Person")
    template = InteractionTemplateFactory()
    salesperson = SalespersonFactory()
    start = InteractionLogEntry.objects.count()
    InteractionLogEntry.objects.bulk_create(
        InteractionLogEntry(
            contact=lamp if n % 3 == 0 else chair,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + n) % 300),
            description=f"Interaction {start + n}",
            interaction_template=template,
            interaction_group=template.interaction_group,
            salesperson=salesperson,
            cost=Decimal(n % 7),
            duration=Decimal(n % 5),
            campaign_target=bool(n % 2),
            logged_segment=logged,
        )
        for n in range(count)
    )


def logged_segment_of_the_entries() -> dict:
    return {"pk": LoggedSegment.objects.get(segment_no=LISTED_SEGMENT).pk}


def make_groups(count: int) -> None:
    start = InteractionGroup.objects.count()
    InteractionGroup.objects.bulk_create(
        InteractionGroup(code=f"LG{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}")
        for n in range(count)
    )


def make_templates(count: int) -> None:
    group, _ = InteractionGroup.objects.get_or_create(code="LISTGRP", defaults={"description": "Letters"})
    start = InteractionTemplate.objects.count()
    InteractionTemplate.objects.bulk_create(
        InteractionTemplate(
            code=f"LT{start + n:05d}",
            interaction_group=group,
            description=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            unit_cost=Decimal(n % 7),
            unit_duration=Decimal(n % 5),
        )
        for n in range(count)
    )


LIST_CASES = [
    ListCase("interactions.entries", "interactions:entry_list", make_entries, filter="?canceled=true"),
    ListCase(
        "interactions.logged_segments",
        "interactions:logged_segment_list",
        make_logged_segments,
        filter="?description=lamp",
    ),
    ListCase(
        "interactions.logged_segment_entries",
        "interactions:logged_segment_detail",
        make_logged_segment_entries,
        filter="?contact=lamp",
        kwargs=logged_segment_of_the_entries,
    ),
    ListCase("interactions.group", "interactions:group_list", make_groups, filter="?q=lamp"),
    ListCase("interactions.templates", "interactions:template_list", make_templates, filter="?q=lamp"),
]
