"""Builders for segments that are ready to be logged (used by the Log Segment tests, views and journeys)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from campaigns.models import Campaign
from contacts.models import Contact
from core.services import assign_no
from interactions.models import InteractionTemplate
from salespeople.models import Salesperson
from segments.models import LINE_NO_STEP, SegmentHeader, SegmentLine
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory

LINE_DATE = datetime.date(2026, 3, 2)


def numbered_segment(**fields) -> SegmentHeader:
    """A segment numbered from the Segment Nos. series (needs the `series` fixture)."""
    with transaction.atomic():
        no, series = assign_no(setup_field="segment_nos")
        fields.setdefault("description", "Spring mailing")
        fields.setdefault("date", LINE_DATE)
        return SegmentHeader.objects.create(no=no, no_series=series, **fields)


def loggable_segment(
    lines: int = 3,
    *,
    campaign: Campaign | None = None,
    template: InteractionTemplate | None = None,
    salesperson: Salesperson | None = None,
    targets: int | None = None,
    responses: int = 0,
    cost: Decimal = Decimal("2.50"),
    duration: Decimal = Decimal(5),
    prefix: str = "LG",
) -> SegmentHeader:
    """A segment with `lines` person contacts (bulk-created), every line complete enough to be logged.

    The first `targets` lines (all by default) are Campaign Targets, the first `responses` are responses.
    """
    campaign = campaign or CampaignFactory()
    template = template or InteractionTemplateFactory()
    salesperson = salesperson or SalespersonFactory()
    segment = numbered_segment(campaign=campaign, interaction_template=template, salesperson=salesperson)
    targets = lines if targets is None else targets
    start = Contact.objects.filter(no__startswith=prefix).count()
    companies = Contact.objects.bulk_create(
        Contact(no=f"{prefix}C{start + i:06d}", name=f"Company {start + i}", type=Contact.Type.COMPANY)
        for i in range(lines)
    )
    Contact.objects.filter(pk__in=[c.pk for c in companies]).update(company=F("pk"))  # a company is its own company
    persons = Contact.objects.bulk_create(
        Contact(
            no=f"{prefix}P{start + i:06d}",
            name=f"Person {start + i}",
            type=Contact.Type.PERSON,
            company=company,
            email=f"p{start + i}@example.com",
        )
        for i, company in enumerate(companies)
    )
    SegmentLine.objects.bulk_create(
        SegmentLine(
            segment=segment,
            line_no=(i + 1) * LINE_NO_STEP,
            contact=person,
            contact_company=person.company,
            campaign=campaign,
            salesperson=salesperson,
            interaction_template=template,
            interaction_group=template.interaction_group,
            cost=cost,
            duration=duration,
            campaign_target=i < targets,
            campaign_response=i < responses,
            information_flow=template.information_flow,
            initiated_by=template.initiated_by,
            description=segment.description,
            date=LINE_DATE,
        )
        for i, person in enumerate(persons)
    )
    return segment
