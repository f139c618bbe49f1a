"""`load_demo --language nb` writes the demo's descriptions in Norwegian, once; the default load stays English."""

import os

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Campaign, CampaignStatus
from interactions.models import InteractionLogEntry, InteractionTemplate
from opportunities.models import Opportunity, SalesCycleStage
from segments.models import SegmentHeader
from tasks.models import Task

pytestmark = pytest.mark.django_db

COUNTED = [Campaign, CampaignStatus, InteractionTemplate, InteractionLogEntry, SegmentHeader, Task, Opportunity]


def load_demo(**options) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"), **options)  # noqa: SIM115 - discard the command's output


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_load_demo_in_norwegian_stores_norwegian_descriptions():
    load_demo(language="nb")
    assert CampaignStatus.objects.get(code="1-PLAN").description == "Planlegging"
    assert InteractionTemplate.objects.get(code="BUS").description == "Forretningsbrev"
    assert Campaign.objects.filter(description="Sommerkampanje for kontorstoler").exists()
    assert SegmentHeader.objects.filter(description="Høstkatalogen – lesere av nyhetsbrevet").exists()
    assert SalesCycleStage.objects.filter(sales_cycle__code="NEW", stage=1).get().description == "Innledende"
    assert Task.objects.filter(description="Ukentlig gjennomgang av salgspipelinen").exists()
    assert InteractionLogEntry.objects.filter(description="Svarte på stolkampanjen").exists()
    assert not Campaign.objects.filter(description="Summer office chair promotion").exists()


def test_load_demo_in_norwegian_a_second_time_adds_nothing():
    load_demo(language="nb")
    first = counts()
    load_demo(language="nb")
    assert counts() == first
    assert first["Campaign"] == 6


def test_load_demo_by_default_stores_the_english_descriptions():
    load_demo()
    assert CampaignStatus.objects.get(code="1-PLAN").description == "Planning"
    assert InteractionTemplate.objects.get(code="BUS").description == "Business letter"
    assert Campaign.objects.filter(description="Summer office chair promotion").exists()
    assert Task.objects.filter(description="Weekly pipeline review").exists()
    assert not CampaignStatus.objects.filter(description="Planlegging").exists()


def test_load_demo_rejects_an_unknown_language():
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        load_demo(language="xx")
