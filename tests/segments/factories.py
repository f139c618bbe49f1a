import datetime

import factory

from segments.models import LINE_NO_STEP, SegmentHeader, SegmentLine
from tests.contacts.factories import PersonFactory


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SegmentHeader
        django_get_or_create = ("no",)

    no = factory.Sequence(lambda n: f"SM{n + 1:04d}")
    description = factory.Faker("catch_phrase")
    date = datetime.date(2026, 3, 2)


class SegmentLineFactory(factory.django.DjangoModelFactory):
    """A segment line; fields are set directly (no InitLine), pass what the test needs."""

    class Meta:
        model = SegmentLine

    segment = factory.SubFactory(SegmentFactory)
    line_no = factory.Sequence(lambda n: (n + 1) * LINE_NO_STEP)
    contact = factory.SubFactory(PersonFactory)
    contact_company = factory.LazyAttribute(lambda line: line.contact.company)
    date = factory.LazyAttribute(lambda line: line.segment.date)
    description = factory.LazyAttribute(lambda line: line.segment.description)
