"""The best-price engine, rule by rule, with concrete numbers (DOMAIN 9.4–9.5, A.6)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pricing.models import CampaignActivation, CampaignTargetGroup, SalesLineDiscount, SalesPrice
from pricing.services import calculate_sales_line_price
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.pricing.factories import (
    CampaignDiscountFactory,
    CampaignPriceFactory,
    CurrencyFactory,
    CustomerDiscountGroupFactory,
    CustomerFactory,
    CustomerPriceGroupFactory,
    ExchangeRateFactory,
    ItemDiscountGroupFactory,
    ItemFactory,
    ItemUnitOfMeasureFactory,
    ItemVariantFactory,
    SalesLineDiscountFactory,
    SalesPriceFactory,
)

pytestmark = pytest.mark.django_db

IN_WINDOW = datetime.date(2026, 2, 15)
AFTER_WINDOW = datetime.date(2026, 4, 1)
D = Decimal


def spring_campaign(**kwargs):
    return CampaignFactory(
        no=kwargs.pop("no", "CP0001"), starting_date=datetime.date(2026, 1, 1), ending_date=datetime.date(2026, 3, 31)
    )


def activate_for(campaign, *, customer=None, contact=None):
    """Activated campaign with one target row (what Activate would have produced)."""
    CampaignActivation.objects.get_or_create(campaign=campaign)
    if customer:
        CampaignTargetGroup.objects.create(type="customer", customer=customer, campaign=campaign)
    if contact:
        CampaignTargetGroup.objects.create(type="contact", contact=contact, campaign=campaign)


def outcome(result):
    """What a sales line takes from a calculation: price, discount, flags and the winning rows."""
    return (
        result.unit_price,
        result.line_discount_pct,
        result.allow_line_disc,
        result.allow_invoice_disc,
        result.price.pk if result.price else None,
        result.discount.pk if result.discount else None,
        result.price_reason,
        result.discount_reason,
    )


def calc(customer, item, *, date=IN_WINDOW, quantity=1, **kwargs):
    """The explained calculation (the simulator's); the sales-line calculation (explain=False) must agree."""
    line = {"customer": customer, "item": item, "date": date, "quantity": quantity, **kwargs}
    explained = calculate_sales_line_price(**line)
    applicable = calculate_sales_line_price(**line, explain=False)
    assert outcome(applicable) == outcome(explained)
    # The sales line reads exactly the rows that pass FindSalesPrice's filters (the minimum quantity is
    # judged afterwards, in both modes).
    passed = {
        (c.kind, c.pk)
        for c in explained.price_candidates + explained.discount_candidates
        if c.eligible or c.reason.startswith("Minimum Quantity")
    }
    assert {(c.kind, c.pk) for c in applicable.price_candidates + applicable.discount_candidates} == passed
    return explained


@pytest.fixture
def item():
    return ItemFactory(no="IT0001", unit_price=D("10.00"), unit_cost=D("6.00"))


@pytest.fixture
def customer():
    return CustomerFactory(no="C0001")


def test_without_any_price_the_item_unit_price_is_used(item, customer):
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.line_discount_pct == 0
    assert result.price is None
    assert result.discount is None
    assert "Unit Price 10.00" in result.price_reason


def test_all_customers_price_beats_the_item_price(item, customer):
    SalesPriceFactory(item=item, unit_price=D("9.00"))
    result = calc(customer, item)
    assert result.unit_price == D("9.00")
    assert result.price.sales_type == "all_customers"
    assert result.price.won


def test_campaign_price_applies_inside_the_window_for_a_targeted_customer(item, customer):
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    SalesPriceFactory(item=item, unit_price=D("9.00"))
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("8.00"))
    result = calc(customer, item, date=IN_WINDOW)
    assert result.unit_price == D("8.00")
    assert result.price.sales_code == "CP0001"
    assert "Campaign CP0001 targets customer C0001." in result.price.reason
    assert "Lower line amount: 8.00 < 9.00." in result.price.reason


def test_campaign_price_does_not_apply_outside_the_window(item, customer):
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("8.00"))
    result = calc(customer, item, date=AFTER_WINDOW)
    assert result.unit_price == D("10.00")
    [candidate] = result.price_candidates
    assert not candidate.eligible
    assert candidate.reason == "Ended on 2026-03-31, before the date 2026-04-01."
    before = calc(customer, item, date=datetime.date(2025, 12, 31))
    assert before.unit_price == D("10.00")
    assert before.price_candidates[0].reason == "Starts on 2026-01-01, after the date 2025-12-31."
    assert calc(customer, item, date=datetime.date(2026, 3, 31)).unit_price == D("8.00")  # last day counts


def test_campaign_price_does_not_apply_to_a_customer_who_is_not_targeted(item, customer):
    campaign = spring_campaign()
    activate_for(campaign, customer=CustomerFactory(no="C0002"))
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("8.00"))
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.price_candidates[0].reason == "C0001 is not a target of campaign CP0001."


def test_campaign_price_of_a_campaign_that_is_not_activated_does_not_apply(item, customer):
    campaign = spring_campaign()
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("8.00"))
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.price_candidates[0].reason == "Campaign CP0001 is not activated."


def test_contact_target_applies_to_the_company_and_its_persons_and_then_to_the_new_customer(item):
    from pricing.models import Customer
    from pricing.services import create_customer
    from tests.core.factories import marketing_setup_with_series

    marketing_setup_with_series()
    company = CompanyFactory(no="CT0001")
    person = PersonFactory(no="CT0002", company=company)
    campaign = spring_campaign()
    activate_for(campaign, contact=company)
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("7.50"))

    for buyer in (company, person):
        result = calc(buyer, item)
        assert result.unit_price == D("7.50")
        assert "Campaign CP0001 targets contact CT0001." in result.price.reason

    customer = create_customer(customer=Customer(contact=company))
    row = CampaignTargetGroup.objects.get(campaign=campaign)
    assert (row.type, row.customer, row.contact) == ("customer", customer, None)
    result = calc(customer, item)
    assert result.unit_price == D("7.50")
    assert f"Campaign CP0001 targets customer {customer.no}." in result.price.reason
    assert calc(person, item).unit_price == D("7.50")  # the person now maps to the company's customer


def test_contact_rows_count_only_when_the_customer_has_no_customer_rows(item):
    company = CompanyFactory(no="CT0001")
    customer = CustomerFactory(no="C0001", contact=company)
    own, other = spring_campaign(no="CP0001"), spring_campaign(no="CP0002")
    activate_for(own, customer=customer)
    activate_for(other, contact=company)  # a stale contact row, as BC can leave behind
    CampaignPriceFactory(item=item, campaign=own, unit_price=D("9.00"))
    CampaignPriceFactory(item=item, campaign=other, unit_price=D("5.00"))
    result = calc(customer, item)
    assert result.unit_price == D("9.00")
    ignored = next(c for c in result.price_candidates if c.sales_code == "CP0002")
    assert not ignored.eligible
    assert "customer C0001 has customer target groups, so contact rows do not count" in ignored.reason


def test_customer_rows_in_any_campaign_shut_out_contact_rows_even_without_a_price_for_the_item(item):
    """BC ActivatedCampaignExists looks at all the customer's target rows, not only campaigns pricing this item."""
    company = CompanyFactory(no="CT0001")
    customer = CustomerFactory(no="C0001", contact=company)
    own, other = spring_campaign(no="CP0001"), spring_campaign(no="CP0002")
    activate_for(own, customer=customer)  # no price for the item in CP0001
    activate_for(other, contact=company)
    CampaignPriceFactory(item=item, campaign=other, unit_price=D("5.00"))
    for buyer in (customer, company, PersonFactory(company=company)):
        result = calc(buyer, item)
        assert result.unit_price == D("10.00")  # the item's Unit Price
        [ignored] = result.price_candidates
        assert "customer C0001 has customer target groups, so contact rows do not count" in ignored.reason


def test_minimum_quantity_without_unit_counts_base_units(item, customer):
    ItemUnitOfMeasureFactory(item=item, code="BOX", qty_per_unit_of_measure=D(12))
    SalesPriceFactory(item=item, unit_price=D("8.00"), minimum_quantity=D(24))  # per PCS, from 24 PCS
    one_box = calc(customer, item, quantity=1, unit_of_measure_code="BOX")
    assert one_box.unit_price == D("120.00")  # 10.00 × 12
    assert one_box.price_candidates[0].reason == (
        "Minimum Quantity 24 (base units) is not met: the line has 12 base units."
    )
    two_boxes = calc(customer, item, quantity=2, unit_of_measure_code="BOX")
    assert two_boxes.unit_price == D("96.00")  # 8.00 × 12
    assert calc(customer, item, quantity=23).unit_price == D("10.00")
    assert calc(customer, item, quantity=24).unit_price == D("8.00")


def test_minimum_quantity_with_a_unit_counts_the_line_quantity(item, customer):
    ItemUnitOfMeasureFactory(item=item, code="BOX", qty_per_unit_of_measure=D(12))
    SalesPriceFactory(item=item, unit_price=D("100.00"), unit_of_measure_code="BOX", minimum_quantity=D(2))
    assert calc(customer, item, quantity=1, unit_of_measure_code="BOX").unit_price == D("120.00")
    assert calc(customer, item, quantity=2, unit_of_measure_code="BOX").unit_price == D("100.00")
    # 24 PCS are 2 boxes' worth, but the row counts boxes and is for the BOX unit only.
    pcs = calc(customer, item, quantity=24, unit_of_measure_code="PCS")
    assert pcs.unit_price == D("10.00")
    assert pcs.price_candidates[0].reason == "Unit of measure BOX is not the line's unit (PCS)."


def test_a_blank_unit_price_is_converted_to_the_line_unit_and_the_lower_line_amount_wins(item, customer):
    ItemUnitOfMeasureFactory(item=item, code="BOX", qty_per_unit_of_measure=D(12))
    SalesPriceFactory(item=item, unit_price=D("9.00"))  # per PCS → 108.00 per BOX
    SalesPriceFactory(item=item, unit_price=D("100.00"), unit_of_measure_code="BOX")
    result = calc(customer, item, unit_of_measure_code="BOX")
    assert result.unit_price == D("100.00")
    assert [c.converted for c in result.price_candidates] == [D("108.00"), D("100.00")]


def test_the_sales_unit_of_measure_is_the_default_line_unit(customer):
    item = ItemFactory(no="IT0009", unit_price=D("2.00"))
    ItemUnitOfMeasureFactory(item=item, code="PACK", qty_per_unit_of_measure=D(6))
    item.sales_unit_of_measure = "PACK"
    item.save()
    result = calc(customer, item)
    assert result.unit_of_measure_code == "PACK"
    assert result.unit_price == D("12.00")


def test_line_discount_from_the_campaign_beats_a_lower_discount_group_discount(item, customer):
    group = ItemDiscountGroupFactory(code="RETAIL")
    item.item_disc_group = group
    item.save()
    customer.customer_disc_group = CustomerDiscountGroupFactory(code="LARGE")
    customer.save()
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    SalesLineDiscountFactory(
        type="item_disc_group",
        item=None,
        item_disc_group=group,
        sales_type="customer_disc_group",
        customer_disc_group=customer.customer_disc_group,
        line_discount_pct=D(10),
    )
    CampaignDiscountFactory(item=item, campaign=campaign, line_discount_pct=D(15))
    result = calc(customer, item)
    assert result.line_discount_pct == D(15)
    assert result.discount.sales_code == "CP0001"
    assert "First discount found." in result.discount.reason
    assert result.discount_candidates[1].reason == "Not higher than the best discount 15% (ties keep the earlier row)."
    assert result.line_amount == D("8.50")


def test_a_higher_discount_group_discount_beats_the_campaign_discount(item, customer):
    group = ItemDiscountGroupFactory(code="RETAIL")
    item.item_disc_group = group
    item.save()
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    CampaignDiscountFactory(item=item, campaign=campaign, line_discount_pct=D(8))
    SalesLineDiscountFactory(type="item_disc_group", item=None, item_disc_group=group, line_discount_pct=D(10))
    result = calc(customer, item)
    assert result.line_discount_pct == D(10)
    assert result.discount.type == "item_disc_group"
    # Item rows come before Item Disc. Group rows: the campaign's 8 % was first, then replaced.
    assert [c.code for c in result.discount_candidates] == ["IT0001", "RETAIL"]
    assert "Later replaced by a better row." in result.discount_candidates[0].reason


def test_equal_discounts_keep_the_earlier_row(item, customer):
    group = ItemDiscountGroupFactory(code="RETAIL")
    item.item_disc_group = group
    item.save()
    SalesLineDiscountFactory(type="item_disc_group", item=None, item_disc_group=group, line_discount_pct=D(10))
    SalesLineDiscountFactory(item=item, line_discount_pct=D(10))
    result = calc(customer, item)
    assert result.discount.type == "item"  # Type Item sorts first
    assert "ties keep the earlier row" in result.discount_candidates[1].reason


def test_allow_line_disc_off_on_the_winning_price_forces_discount_zero(item, customer):
    SalesPriceFactory(item=item, unit_price=D("9.00"), allow_line_disc=False)
    SalesLineDiscountFactory(item=item, line_discount_pct=D(20))
    result = calc(customer, item)
    assert result.unit_price == D("9.00")
    assert result.line_discount_pct == 0
    assert result.allow_line_disc is False
    assert result.discount_reason == "Allow Line Disc. is off, so the Line Discount % is 0."


def test_the_line_amount_after_discount_decides_between_prices(item, customer):
    SalesPriceFactory(item=item, unit_price=D("10.00"), minimum_quantity=D(0))  # allows the 20 % → 8.00
    SalesPriceFactory(item=item, unit_price=D("9.00"), allow_line_disc=False, minimum_quantity=D(1))  # 9.00 flat
    SalesLineDiscountFactory(item=item, line_discount_pct=D(20))
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.line_discount_pct == D(20)
    assert result.price_candidates[1].reason == (
        "Line amount 9.00 is not lower than the best 8.00 (ties keep the earlier row)."
    )


def test_customer_without_allow_line_disc_gets_no_discount_on_the_item_price(item):
    customer = CustomerFactory(no="C0005", allow_line_disc=False)
    SalesLineDiscountFactory(item=item, line_discount_pct=D(20))
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.line_discount_pct == 0


def test_equal_prices_keep_the_earlier_candidate_in_sales_type_order(item, customer):
    group = CustomerPriceGroupFactory(code="RETAIL")
    customer.customer_price_group = group
    customer.save()
    SalesPriceFactory(item=item, sales_type="all_customers", unit_price=D("9.00"))
    SalesPriceFactory(item=item, sales_type="customer_price_group", customer_price_group=group, unit_price=D("9.00"))
    SalesPriceFactory(item=item, sales_type="customer", customer=customer, unit_price=D("9.00"))
    result = calc(customer, item)
    assert [c.sales_type for c in result.price_candidates] == ["customer", "customer_price_group", "all_customers"]
    assert result.price.sales_type == "customer"
    assert all("ties keep the earlier row" in c.reason for c in result.price_candidates[1:])


def test_prices_for_another_customer_or_group_are_not_candidates(item, customer):
    SalesPriceFactory(item=item, sales_type="customer", customer=CustomerFactory(no="C0002"), unit_price=D("1.00"))
    SalesPriceFactory(
        item=item, sales_type="customer_price_group", customer_price_group=CustomerPriceGroupFactory(), unit_price=D(1)
    )
    result = calc(customer, item)
    assert result.price_candidates == []
    assert result.unit_price == D("10.00")


def test_a_price_in_the_line_currency_beats_a_cheaper_lcy_price(item, customer):
    eur = CurrencyFactory(code="EUR")
    ExchangeRateFactory(currency=eur, exchange_rate_amount=D(1), relational_exch_rate_amount=D(10))
    SalesPriceFactory(item=item, unit_price=D("50.00"))  # LCY 50.00 → 5.00 EUR
    SalesPriceFactory(item=item, unit_price=D("6.00"), currency=eur)
    result = calc(customer, item, currency_code="EUR")
    assert result.unit_price == D("6.00")
    assert result.price.currency_code == "EUR"
    assert result.price_candidates[0].converted == D("5.00")
    assert "A row for currency EUR beats a row without currency." in result.price.reason


def test_a_later_lcy_price_cannot_replace_a_currency_price(item, customer):
    eur = CurrencyFactory(code="EUR")
    ExchangeRateFactory(currency=eur)
    SalesPriceFactory(item=item, unit_price=D("6.00"), currency=eur, sales_type="customer", customer=customer)
    SalesPriceFactory(item=item, unit_price=D("10.00"))  # 1.00 EUR, but without currency
    result = calc(customer, item, currency_code="EUR")
    assert result.unit_price == D("6.00")
    assert result.price_candidates[1].reason == (
        "A row without currency or variant cannot replace the best row, which has one."
    )


def test_a_foreign_currency_price_is_no_candidate_for_an_lcy_line(item, customer):
    eur = CurrencyFactory(code="EUR")
    SalesPriceFactory(item=item, unit_price=D("1.00"), currency=eur)
    result = calc(customer, item)
    assert result.unit_price == D("10.00")
    assert result.price_candidates[0].reason == "Currency EUR is not the line's currency (LCY)."


def test_the_item_price_is_converted_with_the_rate_valid_on_the_date_and_rounded(item, customer):
    eur = CurrencyFactory(code="EUR")
    ExchangeRateFactory(currency=eur, starting_date=datetime.date(2026, 1, 1), relational_exch_rate_amount=D(3))
    ExchangeRateFactory(currency=eur, starting_date=datetime.date(2026, 3, 1), relational_exch_rate_amount=D(4))
    assert calc(customer, item, currency_code="EUR", date=datetime.date(2026, 2, 28)).unit_price == D("3.33")
    assert calc(customer, item, currency_code="EUR", date=datetime.date(2026, 3, 1)).unit_price == D("2.50")
    with pytest.raises(ValidationError) as error:
        calc(customer, item, currency_code="EUR", date=datetime.date(2025, 12, 31))
    assert error.value.message_dict["currency_code"] == [
        "There is no exchange rate for currency EUR valid on 2025-12-31."
    ]


def test_a_variant_price_beats_a_cheaper_price_without_variant(item, customer):
    ItemVariantFactory(item=item, code="RED")
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    SalesPriceFactory(item=item, unit_price=D("9.00"))
    SalesPriceFactory(item=item, unit_price=D("9.50"), variant_code="RED")
    CampaignPriceFactory(item=item, campaign=campaign, unit_price=D("8.00"))  # later (Campaign), without variant
    red = calc(customer, item, variant_code="RED")
    assert red.unit_price == D("9.50")
    assert "A row for variant RED beats a row without variant." in red.price.reason
    assert red.price_candidates[2].reason == (
        "Campaign CP0001 targets customer C0001. "
        "A row without currency or variant cannot replace the best row, which has one."
    )
    plain = calc(customer, item)
    assert plain.unit_price == D("8.00")
    assert plain.price_candidates[1].reason == "Variant RED is not the line's variant (none)."


def test_a_winning_price_of_zero_is_a_price_not_a_fallback_to_the_item(item, customer):
    """BC CalcBestUnitPrice falls back to the item only when no row qualified (BestSalesPriceFound)."""
    free = SalesPriceFactory(item=item, unit_price=D("0.00"))
    result = calc(customer, item)
    assert result.unit_price == D("0.00")
    assert result.price.pk == free.pk


def test_minimum_quantity_compares_the_size_of_a_return_line(item, customer):
    """BC SetUoM(Abs(Quantity), …): a line of -12 meets a minimum quantity of 10."""
    SalesPriceFactory(item=item, unit_price=D("8.00"), minimum_quantity=D(10))
    assert calc(customer, item, quantity=-12).unit_price == D("8.00")
    assert calc(customer, item, quantity=-9).unit_price == D("10.00")


def test_a_price_of_zero_is_replaced_by_any_later_candidate(item, customer):
    SalesPriceFactory(item=item, sales_type="customer", customer=customer, unit_price=D("0.00"))
    SalesPriceFactory(item=item, unit_price=D("12.00"))
    result = calc(customer, item)
    assert result.unit_price == D("12.00")
    assert "Replaces a best price of 0" in result.price.reason


def test_discount_minimum_quantity_and_specificity(item, customer):
    ItemVariantFactory(item=item, code="RED")
    SalesLineDiscountFactory(item=item, line_discount_pct=D(30), minimum_quantity=D(10))
    SalesLineDiscountFactory(item=item, line_discount_pct=D(5), variant_code="RED")
    assert calc(customer, item, quantity=9).line_discount_pct == 0
    assert calc(customer, item, quantity=10).line_discount_pct == D(30)
    # The variant row beats the higher discount without variant, whatever its position.
    assert calc(customer, item, quantity=10, variant_code="RED").line_discount_pct == D(5)


def test_unknown_unit_or_variant_is_a_field_error(item, customer):
    with pytest.raises(ValidationError) as error:
        calc(customer, item, unit_of_measure_code="PALLET", variant_code="BLUE")
    assert error.value.message_dict == {
        "unit_of_measure_code": ["Unit of Measure Code PALLET is not a unit of measure of item IT0001."],
        "variant_code": ["Variant Code BLUE is not a variant of item IT0001."],
    }


def test_one_calculation_costs_at_most_two_queries(item, customer, django_assert_max_num_queries):
    eur = CurrencyFactory(code="EUR")
    ExchangeRateFactory(currency=eur)
    person = PersonFactory(company=customer.contact)
    campaign = spring_campaign()
    activate_for(campaign, customer=customer)
    for n in range(5):
        CampaignPriceFactory(item=item, campaign=campaign, unit_price=D(8), minimum_quantity=n)
        CampaignDiscountFactory(item=item, campaign=campaign, line_discount_pct=D(n), minimum_quantity=n)
    for buyer in (customer, person, customer.contact):
        for explain in (True, False):
            with django_assert_max_num_queries(2):
                result = calculate_sales_line_price(
                    customer=buyer,
                    item=item,
                    date=IN_WINDOW,
                    quantity=3,
                    currency_code="EUR",
                    unit_of_measure_code="PCS",
                    explain=explain,
                )
            assert result.unit_price == D("0.80")  # 8.00 LCY at 1 EUR = 10 LCY
            assert result.line_discount_pct == D(3)


def test_candidate_rows_are_read_as_stored(item, customer):
    price = SalesPriceFactory(item=item, unit_price=D("9.99"), minimum_quantity=D("2.5"), allow_invoice_disc=False)
    result = calc(customer, item, quantity=3)
    [candidate] = result.price_candidates
    assert candidate.pk == price.pk
    assert candidate.minimum_quantity == D("2.5")
    assert result.allow_invoice_disc is False
    assert SalesPrice.objects.count() == 1 and SalesLineDiscount.objects.count() == 0
