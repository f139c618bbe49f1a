"""The pricing demo data loads, is idempotent, and waits for contacts and campaigns when they are missing."""

import pytest

from core import demo as core_demo
from pricing import demo
from pricing.models import CampaignActivation, Customer, Item, SalesLineDiscount, SalesPrice
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory
from tests.segments.factories import SegmentLineFactory

pytestmark = pytest.mark.django_db


def test_demo_without_contacts_or_campaigns_loads_master_data_only():
    core_demo.load()
    demo.load()
    assert Item.objects.count() == 5
    assert not Customer.objects.exists()
    assert not SalesPrice.objects.filter(sales_type="campaign").exists()


def test_demo_is_idempotent_and_fills_in_customers_and_campaign_prices_later():
    core_demo.load()
    demo.load()
    for n in range(4):
        CompanyFactory(no=f"CT{n + 1:04d}")
    campaign = CampaignFactory(no="CP0001")
    SegmentLineFactory(campaign=campaign, campaign_target=True)
    demo.load()
    counts = (
        Item.objects.count(),
        Customer.objects.count(),
        SalesPrice.objects.count(),
        SalesLineDiscount.objects.count(),
    )
    assert counts[1] == 3
    assert SalesPrice.objects.filter(campaign=campaign).count() == 3
    assert CampaignActivation.objects.filter(campaign=campaign).exists()
    demo.load()
    assert (
        Item.objects.count(),
        Customer.objects.count(),
        SalesPrice.objects.count(),
        SalesLineDiscount.objects.count(),
    ) == counts


def test_full_demo_activates_a_running_campaign_whose_price_wins_for_its_targets():
    from django.core.management import call_command
    from django.utils import timezone

    from pricing.models import CampaignTargetGroup
    from pricing.services import calculate_sales_line_price

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard the command's output
    activation = CampaignActivation.objects.select_related("campaign").get()
    campaign = activation.campaign
    today = timezone.localdate()
    assert campaign.starting_date <= today <= campaign.ending_date
    target = CampaignTargetGroup.objects.filter(campaign=campaign, type="customer").select_related("customer").first()
    result = calculate_sales_line_price(
        customer=target.customer, item=Item.objects.get(description="Espresso cup"), date=today, quantity=1
    )
    assert (result.unit_price, result.price.sales_code) == (35, campaign.no)
