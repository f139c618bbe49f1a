import datetime

import factory

from interactions.models import InteractionGroup, InteractionLogEntry, InteractionTemplate, LoggedSegment
from tests.contacts.factories import PersonFactory


class InteractionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InteractionGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GRP{n}")
    description = "Letters"


class InteractionTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InteractionTemplate
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TPL{n}")
    interaction_group = factory.SubFactory(InteractionGroupFactory)
    description = "Campaign letter"
    unit_cost = 2
    unit_duration = 5
    information_flow = "outbound"
    initiated_by = "us"


class LoggedSegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoggedSegment

    segment_no = factory.Sequence(lambda n: f"SM{n + 1:04d}")
    description = "Logged segment"
    creation_date = datetime.date(2026, 3, 2)


class InteractionLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InteractionLogEntry

    contact = factory.SubFactory(PersonFactory)
    contact_company = factory.LazyAttribute(lambda e: e.contact.company)
    date = datetime.date(2026, 3, 2)
    description = "Interaction"
    interaction_template = factory.SubFactory(InteractionTemplateFactory)
    interaction_group = factory.LazyAttribute(lambda e: e.interaction_template.interaction_group)
    cost = 2
    duration = 5
