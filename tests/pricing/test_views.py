"""The pricing pages through the client: status, database effect and the message the user sees."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from core.models import Job
from pricing.models import (
    CampaignActivation,
    CampaignTargetGroup,
    Customer,
    Item,
    ItemUnitOfMeasure,
    SalesLineDiscount,
    SalesPrice,
)
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.pricing.factories import (
    CampaignPriceFactory,
    CustomerFactory,
    CustomerPriceGroupFactory,
    ItemDiscountGroupFactory,
    ItemFactory,
    ItemUnitOfMeasureFactory,
    SalesPriceFactory,
)
from tests.segments.factories import SegmentLineFactory

pytestmark = pytest.mark.django_db

YES = {"confirmed": "yes"}  # the answer to "Do you want to delete …?"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def campaign():
    return CampaignFactory(no="CP0001", starting_date=datetime.date(2026, 1, 1), ending_date=datetime.date(2026, 3, 31))


# --- master data ---------------------------------------------------------------------------------------


def test_admin_creates_an_item_numbered_by_the_series_with_its_base_unit(client_as, admin, series):
    response = client_as(admin).post(
        reverse("pricing:item_create"),
        {"description": "Espresso cups", "base_unit_of_measure": "PCS", "unit_price": "4.50", "unit_cost": "2.10"},
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.no == "IT0001"
    assert list(item.units_of_measure.values_list("code", "qty_per_unit_of_measure")) == [("PCS", Decimal(1))]
    assert messages_of(response) == ["Item IT0001 has been created."]


def test_item_card_refuses_a_sales_unit_the_item_does_not_have_and_keeps_the_input(client_as, admin):
    item = ItemFactory(no="IT0001", description="Cups")
    response = client_as(admin).post(
        item.get_absolute_url(),
        {
            "description": "Cups renamed",
            "base_unit_of_measure": "PCS",
            "sales_unit_of_measure": "BOX",
            "unit_price": "10",
            "unit_cost": "6",
            "version": item.version,
        },
    )
    assert response.status_code == 200
    assert "Sales Unit of Measure BOX is not a unit of measure of item IT0001." in response.text
    assert 'value="Cups renamed"' in response.text
    item.refresh_from_db()
    assert item.description == "Cups"


def test_item_card_detects_another_users_change(client_as, admin):
    item = ItemFactory(no="IT0001")
    Item.objects.filter(pk=item.pk).update(version=5)
    response = client_as(admin).post(
        item.get_absolute_url(),
        {"description": "x", "base_unit_of_measure": "PCS", "unit_price": "1", "unit_cost": "1", "version": 0},
    )
    assert "Another user has modified the record for this Item" in response.text


def test_the_base_unit_cannot_hold_more_than_one_base_unit_nor_be_deleted(client_as, admin):
    item = ItemFactory(no="IT0001")
    client = client_as(admin)
    response = client.post(
        reverse("pricing:item_unit_update", args=["IT0001", "PCS"]), {"qty_per_unit_of_measure": "6"}
    )
    assert "The quantity per base unit of measure must be 1. PCS is set up with 6 per unit of measure." in response.text
    response = client.post(reverse("pricing:item_unit_delete", args=["IT0001", "PCS"]), YES)
    assert messages_of(response) == [
        "You cannot delete unit of measure PCS because it is the item's base unit of measure."
    ]
    assert item.units_of_measure.count() == 1


def test_a_unit_used_by_a_price_cannot_be_deleted(client_as, admin):
    item = ItemFactory(no="IT0001")
    ItemUnitOfMeasureFactory(item=item, code="BOX")
    SalesPriceFactory(item=item, unit_of_measure_code="BOX")
    response = client_as(admin).post(reverse("pricing:item_unit_delete", args=["IT0001", "BOX"]), YES)
    assert "because 1 sales prices or line discounts use it" in messages_of(response)[0]
    assert ItemUnitOfMeasure.objects.filter(code="BOX").exists()


def test_deleting_an_item_with_prices_is_refused(client_as, admin):
    item = ItemFactory(no="IT0001")
    SalesPriceFactory(item=item)
    question = client_as(admin).post(reverse("pricing:item_delete", args=["IT0001"]))
    # The refusal is told instead of the question (core.cards.delete_with_question), and a Yes still refused.
    assert (
        question.status_code == 200 and "Item IT0001 cannot be deleted because 1 Sales Prices use it." in question.text
    )
    assert "Do you want to delete" not in question.text
    response = client_as(admin).post(reverse("pricing:item_delete", args=["IT0001"]), YES)
    assert messages_of(response) == ["Item IT0001 cannot be deleted because 1 Sales Prices use it."]
    assert Item.objects.filter(no="IT0001").exists()


def test_deleting_a_price_group_in_use_is_refused(client_as, admin):
    group = CustomerPriceGroupFactory(code="RETAIL")
    CustomerFactory(customer_price_group=group)
    response = client_as(admin).post(reverse("pricing:customerpricegroup_delete", args=["RETAIL"]), YES)
    assert messages_of(response) == ["Customer Price Group RETAIL cannot be deleted because 1 Customers use it."]
    response = client_as(admin).post(
        reverse("pricing:itemdiscountgroup_delete", args=[ItemDiscountGroupFactory().code]), YES
    )
    assert response.status_code == 302 and "has been deleted" in messages_of(response)[-1]


def test_create_customer_from_a_person_creates_it_for_the_company(client_as, admin, series):
    company = CompanyFactory(no="CT0001", name="Acme")
    person = PersonFactory(no="CT0002", company=company)
    client = client_as(admin)
    page = client.get(reverse("pricing:customer_from_contact", args=[person.no]))
    assert "customers are created for the company, CT0001 Acme" in page.text
    response = client.post(reverse("pricing:customer_from_contact", args=[person.no]), {"allow_line_disc": "on"})
    customer = Customer.objects.get()
    assert (customer.no, customer.name, customer.contact) == ("C0001", "Acme", company)
    assert messages_of(response) == ["Customer C0001 has been created for contact CT0001."]
    again = client.get(reverse("pricing:customer_from_contact", args=[company.no]))
    assert "already has a Customer with No." in again.text


def test_a_customer_cannot_be_linked_to_a_company_that_already_has_one(client_as, admin, series):
    existing = CustomerFactory(no="C9999")
    response = client_as(admin).post(
        reverse("pricing:customer_create"), {"name": "Copy", "contact": existing.contact.no, "allow_line_disc": "on"}
    )
    assert response.status_code == 200
    assert (
        f"Contact {existing.contact.no} {existing.contact.name} already has a Customer with No. C9999." in response.text
    )


# --- prices and discounts ------------------------------------------------------------------------------


def price_data(**overrides):
    data = {
        "sales_type": "customer",
        "sales_code": "",
        "item": "IT0001",
        "unit_price": "9.50",
        "minimum_quantity": "0",
        "allow_line_disc": "on",
        "allow_invoice_disc": "on",
    }
    return {**data, **overrides}


def test_sales_code_must_be_blank_for_all_customers(client_as, marketer):
    ItemFactory(no="IT0001")
    response = client_as(marketer).post(
        reverse("pricing:price_create"), price_data(sales_type="all_customers", sales_code="C0001")
    )
    assert response.status_code == 200
    assert "Sales Code must be blank." in response.text
    assert not SalesPrice.objects.exists()


def test_sales_code_must_name_a_record_of_the_sales_type(client_as, marketer):
    ItemFactory(no="IT0001")
    client = client_as(marketer)
    assert "Sales Code must have a value." in client.post(reverse("pricing:price_create"), price_data()).text
    response = client.post(reverse("pricing:price_create"), price_data(sales_code="NOPE"))
    assert "There is no Customer with No. NOPE." in response.text


def test_starting_date_cannot_be_after_ending_date(client_as, marketer):
    ItemFactory(no="IT0001")
    response = client_as(marketer).post(
        reverse("pricing:price_create"),
        price_data(sales_type="all_customers", starting_date="2026-05-01", ending_date="2026-04-01"),
    )
    assert response.context["form"].errors["ending_date"] == ["Starting Date cannot be after Ending Date"]
    assert not response.context["form"].non_field_errors()  # said once, beside the field
    assert not SalesPrice.objects.exists()


def test_a_customer_price_takes_the_customers_currency_and_unit(client_as, marketer):
    from tests.pricing.factories import CurrencyFactory

    item = ItemFactory(no="IT0001")
    ItemUnitOfMeasureFactory(item=item, code="BOX")
    item.sales_unit_of_measure = "BOX"
    item.save()
    CustomerFactory(no="C0001", currency=CurrencyFactory(code="EUR"), allow_line_disc=False)
    response = client_as(marketer).post(reverse("pricing:price_create"), price_data(sales_code="C0001"))
    assert response.status_code == 302
    price = SalesPrice.objects.get()
    assert (price.currency.code, price.unit_of_measure_code, price.allow_line_disc) == ("EUR", "BOX", False)


def test_a_duplicate_price_key_is_refused_with_a_message(client_as, marketer):
    ItemFactory(no="IT0001")
    client = client_as(marketer)
    data = price_data(sales_type="all_customers")
    assert client.post(reverse("pricing:price_create"), data).status_code == 302
    response = client.post(reverse("pricing:price_create"), data)
    assert response.status_code == 200
    assert "A sales price with this Item No., Sales Type, Sales Code, Starting Date" in response.text
    assert SalesPrice.objects.count() == 1


def test_campaign_prices_page_adds_a_price_with_the_campaign_dates(client_as, marketer, campaign):
    ItemFactory(no="IT0001")
    response = client_as(marketer).post(
        reverse("pricing:campaign_prices", args=["CP0001"]),
        {"item": "IT0001", "unit_price": "7.99", "minimum_quantity": "0", "allow_line_disc": "on"},
    )
    assert response.status_code == 302
    price = SalesPrice.objects.get()
    assert (price.sales_type, price.campaign, price.starting_date, price.ending_date) == (
        "campaign",
        campaign,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    assert messages_of(response) == ["The sales price has been added to campaign CP0001."]
    page = client_as(marketer).get(reverse("pricing:campaign_prices", args=["CP0001"]))
    assert "7.99" in page.text


def test_campaign_dates_cannot_be_typed_on_a_campaign_price(client_as, marketer, campaign):
    ItemFactory(no="IT0001")
    response = client_as(marketer).post(
        reverse("pricing:price_create"),
        price_data(sales_type="campaign", sales_code="CP0001", starting_date="2026-02-01"),
    )
    assert (
        "If Sales Type = Campaign, then you can only change Starting Date and Ending Date from the Campaign Card."
        in response.text
    )
    response = client_as(marketer).post(
        reverse("pricing:discount_create"),
        {
            "type": "item",
            "code": "IT0001",
            "sales_type": "campaign",
            "sales_code": "CP0001",
            "ending_date": "2026-02-01",
            "line_discount_pct": "5",
            "minimum_quantity": "0",
        },
    )
    assert (
        "You can only change the Starting Date and Ending Date from the Campaign Card when Sales Type = Campaign."
        in response.text
    )


def test_editing_a_campaign_price_keeps_the_campaign_dates(client_as, marketer, campaign):
    price = CampaignPriceFactory(campaign=campaign, item=ItemFactory(no="IT0001"), unit_price=8)
    data = price_data(sales_type="campaign", sales_code="CP0001", unit_price="7.00", version=price.version)
    response = client_as(marketer).post(price.get_absolute_url(), data)
    assert response.status_code == 302
    price.refresh_from_db()
    assert (price.unit_price, price.starting_date) == (Decimal("7.00"), datetime.date(2026, 1, 1))


def test_campaign_discounts_page_adds_an_item_disc_group_discount(client_as, marketer, campaign):
    ItemDiscountGroupFactory(code="RETAIL")
    response = client_as(marketer).post(
        reverse("pricing:campaign_discounts", args=["CP0001"]),
        {"type": "item_disc_group", "code": "RETAIL", "line_discount_pct": "12.5", "minimum_quantity": "0"},
    )
    assert response.status_code == 302
    discount = SalesLineDiscount.objects.get()
    assert (discount.item_disc_group.code, discount.line_discount_pct, discount.ending_date) == (
        "RETAIL",
        Decimal("12.50"),
        datetime.date(2026, 3, 31),
    )


def test_a_variant_on_an_item_disc_group_discount_is_refused(client_as, marketer):
    ItemDiscountGroupFactory(code="RETAIL")
    response = client_as(marketer).post(
        reverse("pricing:discount_create"),
        {
            "type": "item_disc_group",
            "code": "RETAIL",
            "sales_type": "all_customers",
            "variant_code": "RED",
            "line_discount_pct": "5",
            "minimum_quantity": "0",
        },
    )
    assert "Type must be equal to &#x27;Item&#x27; in Sales Line Discount to use a Variant Code." in response.text


def test_price_list_filters_by_sales_type_and_code_and_does_not_grow_in_queries(
    client_as, marketer, campaign, django_assert_max_num_queries
):
    item = ItemFactory(no="IT0001")
    for n in range(5):
        CampaignPriceFactory(campaign=campaign, item=item, minimum_quantity=n)
        SalesPriceFactory(item=item, sales_type="customer", customer=CustomerFactory(), minimum_quantity=n)
    client = client_as(marketer)
    response = client.get(reverse("pricing:price_list"), {"sales_type": "campaign", "sales_code": "CP0001"})
    assert len(response.context["page_obj"]) == 5
    with django_assert_max_num_queries(12):
        client.get(reverse("pricing:price_list"))
    for n in range(5, 25):
        SalesPriceFactory(item=item, sales_type="customer", customer=CustomerFactory(), minimum_quantity=n)
    with django_assert_max_num_queries(12):
        client.get(reverse("pricing:price_list"))


# --- activation ------------------------------------------------------------------------------------------


def test_preflight_asks_bcs_question_when_the_campaign_has_no_prices(client_as, marketer, campaign):
    SegmentLineFactory(campaign=campaign, campaign_target=True)
    response = client_as(marketer).get(reverse("pricing:activate", args=["CP0001"]))
    assert (
        "There are no Sales Prices or Sales Line Discounts currently linked to this Campaign. "
        "Do you still want to activate?" in response.text
    )
    assert not CampaignTargetGroup.objects.exists()


def test_post_without_confirmation_shows_the_preflight_again(client_as, marketer, campaign):
    SegmentLineFactory(campaign=campaign, campaign_target=True)
    response = client_as(marketer).post(reverse("pricing:activate", args=["CP0001"]))
    assert response.status_code == 200
    assert not CampaignTargetGroup.objects.exists()


def test_activate_and_deactivate_through_the_pages(client_as, marketer, campaign):
    CampaignPriceFactory(campaign=campaign)
    SegmentLineFactory(campaign=campaign, campaign_target=True)
    client = client_as(marketer)
    response = client.post(reverse("pricing:activate", args=["CP0001"]), {"confirmed": "yes"})
    assert response.status_code == 302
    assert messages_of(response) == ["Campaign CP0001 is now activated."]
    assert CampaignTargetGroup.objects.filter(campaign=campaign).count() == 1
    panel = client.get(reverse("pricing:campaign_panel"), {"campaign": "CP0001"})
    assert 'data-testid="panel-activated">Yes<' in panel.text
    response = client.post(reverse("pricing:deactivate", args=["CP0001"]))
    assert messages_of(response)[-1] == "Campaign CP0001 is now deactivated."
    assert not CampaignTargetGroup.objects.exists()


def test_activate_without_targets_shows_bcs_error(client_as, marketer, campaign):
    CampaignPriceFactory(campaign=campaign)
    response = client_as(marketer).post(reverse("pricing:activate", args=["CP0001"]), {"confirmed": "yes"})
    assert messages_of(response) == [
        "To activate the sales prices and/or line discounts, you must apply the relevant Segment Line(s) to the "
        "Campaign and place a check mark in the Campaign Target field on the Segment Line."
    ]
    assert not CampaignActivation.objects.exists()


@override_settings(BULK_JOB_THRESHOLD=2)
def test_a_large_activation_runs_as_a_job(client_as, marketer, campaign):
    CampaignPriceFactory(campaign=campaign)
    SegmentLineFactory.create_batch(3, campaign=campaign, campaign_target=True)
    response = client_as(marketer).post(reverse("pricing:activate", args=["CP0001"]), {"confirmed": "yes"})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED  # the test settings run jobs inline
    assert job.result["inserted"] == 3
    assert CampaignTargetGroup.objects.filter(campaign=campaign).count() == 3


def test_campaign_panel_costs_one_query_for_its_figures(client_as, marketer, campaign, django_assert_max_num_queries):
    client = client_as(marketer)
    client.get(reverse("pricing:campaign_panel"), {"campaign": "CP0001"})  # warm the session
    # session, user, user and group permissions, then the campaign with all its figures, and a running job
    with django_assert_max_num_queries(6):
        response = client.get(reverse("pricing:campaign_panel"), {"campaign": "CP0001"})
    assert 'data-testid="panel-target-customers"' in response.text


# --- simulator ---------------------------------------------------------------------------------------------


def test_simulator_explains_why_the_campaign_price_wins(client_as, marketer, campaign):
    customer = CustomerFactory(no="C0001")
    item = ItemFactory(no="IT0001", unit_price=10)
    SalesPriceFactory(item=item, unit_price=9)
    CampaignPriceFactory(campaign=campaign, item=item, unit_price=8)
    CampaignActivation.objects.create(campaign=campaign)
    CampaignTargetGroup.objects.create(type="customer", customer=customer, campaign=campaign)
    response = client_as(marketer).get(
        reverse("pricing:simulator"), {"customer": "C0001", "item": "IT0001", "quantity": "2", "date": "2026-02-01"}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.unit_price == Decimal("8.00")
    assert "Campaign CP0001 targets customer C0001." in response.text
    assert "Lower line amount: 8.00 &lt; 9.00." in response.text
    assert 'data-testid="line-amount">16.00<' in response.text


def test_simulator_shows_field_errors_without_losing_the_input(client_as, marketer):
    ItemFactory(no="IT0001")
    CustomerFactory(no="C0001")
    response = client_as(marketer).get(
        reverse("pricing:simulator"),
        {"customer": "C0001", "item": "IT0001", "quantity": "1", "date": "2026-02-01", "unit_of_measure_code": "X"},
    )
    assert "Unit of Measure Code X is not a unit of measure of item IT0001." in response.text
    assert 'value="X"' in response.text
    response = client_as(marketer).get(reverse("pricing:simulator"), {"item": "IT0001", "date": "2026-02-01"})
    assert "Choose a customer or a contact." in response.text


def test_simulator_is_prefilled_from_the_campaign_card(client_as, marketer, campaign):
    response = client_as(marketer).get(reverse("pricing:simulator"), {"campaign": "CP0001"})
    assert response.context["form"].initial["date"] >= datetime.date(2026, 1, 1)
    assert response.context["result"] is None


def test_a_group_card_is_editable_with_the_right_and_read_only_without(client_as, admin, sales_manager):
    CustomerPriceGroupFactory(code="RETAIL", description="Retail")
    url = reverse("pricing:customerpricegroup_update", args=["RETAIL"])
    page = client_as(admin).get(url).content.decode()
    assert 'value="Save"' in page and "disabled" not in page
    assert reverse("pricing:customerpricegroup_delete", args=["RETAIL"]) in page
    assert f'href="{reverse("pricing:customerpricegroup_list")}"' in page
    saved = client_as(admin).post(url, {"code": "RETAIL", "description": "Retail shops", "allow_line_disc": "on"})
    assert saved.status_code == 302
    read_only = client_as(sales_manager).get(url).content.decode()
    assert "Retail shops" in read_only and "disabled" in read_only  # core.cards.make_read_only
    assert 'value="Save"' not in read_only
