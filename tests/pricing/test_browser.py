"""The seed's pricing story in a browser: campaign price and discount, preflight and Activate, "Why this price?"."""

import datetime
from decimal import Decimal

import pytest

from core import roles
from pricing.models import CampaignTargetGroup, SalesLineDiscount, SalesPrice
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.core.factories import UserFactory
from tests.pricing.factories import CustomerFactory, ItemFactory, SalesPriceFactory
from tests.segments.factories import SegmentLineFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_campaign_price_and_discount_activate_and_simulate(page):
    UserFactory(username="mia", first_name="Mia", role=roles.MARKETER)
    campaign = CampaignFactory(
        no="CP0001",
        description="Spring fair",
        starting_date=datetime.date(2026, 3, 1),
        ending_date=datetime.date(2026, 3, 31),
    )
    item = ItemFactory(no="IT0001", description="Espresso cup", unit_price=Decimal("10.00"), unit_cost=Decimal("6"))
    SalesPriceFactory(item=item, unit_price=Decimal("9.00"))  # All Customers: the price to beat
    company = CompanyFactory(no="CT0001", name="Acme")
    CustomerFactory(no="C0001", contact=company, name="Acme")
    SegmentLineFactory(contact=PersonFactory(no="CT0002", company=company), campaign=campaign, campaign_target=True)
    SegmentLineFactory(contact=CompanyFactory(no="CT0003", name="Beta"), campaign=campaign, campaign_target=True)

    browser_login(page, "mia")
    page.goto("/campaigns/CP0001/")
    page.get_by_role("link", name="Sales Prices", exact=True).first.click()
    page.wait_for_url("**/pricing/campaigns/CP0001/prices/")
    form = page.get_by_test_id("add-price")
    form.locator("#id_item").fill("IT0001")
    form.locator("#id_unit_price").fill("7.50")
    form.get_by_role("button", name="Add price").click()
    page.get_by_text("The sales price has been added to campaign CP0001.").wait_for()
    assert SalesPrice.objects.get(campaign=campaign).starting_date == datetime.date(2026, 3, 1)

    page.get_by_role("link", name="Sales Line Discounts").click()
    form = page.get_by_test_id("add-discount")
    form.locator("#id_type").select_option("item")
    form.locator("#id_code").fill("IT0001")
    form.locator("#id_line_discount_pct").fill("10")
    form.get_by_role("button", name="Add discount").click()
    page.get_by_text("The sales line discount has been added to campaign CP0001.").wait_for()
    assert SalesLineDiscount.objects.get(campaign=campaign).line_discount_pct == 10
    page.screenshot(path=page.artifacts_dir / "1-campaign-discounts.png", full_page=True)

    page.get_by_role("link", name="Activate Sales Prices/Line Discounts").click()
    preflight = page.get_by_test_id("preflight")
    assert preflight.get_by_test_id("target-counts").inner_text() == "1 / 1"
    assert "CT0003 Beta" in page.get_by_test_id("contacts-without-customer").inner_text()
    page.screenshot(path=page.artifacts_dir / "2-preflight.png", full_page=True)
    page.get_by_test_id("confirm").get_by_role("button", name="Activate").click()
    page.get_by_text("Campaign CP0001 is now activated.").wait_for()
    assert CampaignTargetGroup.objects.filter(campaign=campaign).count() == 2
    page.get_by_test_id("panel-activated").wait_for()  # the campaign card's pricing panel (htmx)
    assert page.get_by_test_id("panel-activated").inner_text() == "Yes"
    assert page.get_by_test_id("panel-target-customers").inner_text() == "1"
    page.screenshot(path=page.artifacts_dir / "3-campaign-card.png", full_page=True)

    page.get_by_role("link", name="Price simulator").first.click()  # from the campaign card's Related links
    page.wait_for_url("**/pricing/simulator/?campaign=CP0001")
    assert page.locator("#id_date").input_value() == "2026-03-01"
    page.locator("#id_customer").fill("C0001")
    page.locator("#id_item").fill("IT0001")
    page.locator("#id_quantity").fill("4")
    page.get_by_role("button", name="Calculate").click()
    assert page.get_by_test_id("unit-price").inner_text() == "7.50"
    assert page.get_by_test_id("line-discount").inner_text() == "10"
    assert page.get_by_test_id("line-amount").inner_text() == "27.00"
    reason = page.get_by_test_id("price-reason").inner_text()
    assert "Campaign CP0001" in reason
    assert "Campaign CP0001 targets customer C0001." in reason
    winner = page.get_by_test_id("price-candidates").locator("tr.table-success")
    assert "Wins" in winner.inner_text() and "CP0001" in winner.inner_text()
    page.screenshot(path=page.artifacts_dir / "4-simulator.png", full_page=True)
