import datetime

import factory

from campaigns.models import Campaign, CampaignEntry, CampaignStatus


class CampaignStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignStatus
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n}-STATUS")
    description = factory.LazyAttribute(lambda s: s.code.title())
    sort_order = factory.Sequence(lambda n: n * 10)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("no",)

    no = factory.Sequence(lambda n: f"CP{n + 1:04d}")
    description = factory.Faker("catch_phrase")
    starting_date = datetime.date(2026, 1, 1)
    ending_date = datetime.date(2026, 12, 31)


class CampaignEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignEntry

    campaign = factory.SubFactory(CampaignFactory)
    description = "Interactions"
    date = datetime.date(2026, 3, 2)
    segment_no = factory.Sequence(lambda n: f"SM{n + 1:04d}")
