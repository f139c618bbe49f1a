"""Ask only what can be done: a deletion that would be refused says why instead of asking, and still refuses
after Yes (a record may have changed in between); a deletion that can be done asks, with a red Yes."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.models import Contact, IndustryGroup
from core.cards import deletion_blockers
from core.models import NoSeries
from interactions.models import InteractionTemplate
from opportunities.models import Opportunity, SalesCycle, SalesCycleStage
from pricing.models import Item, ItemUnitOfMeasure
from salespeople.models import Salesperson
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory
from tests.opportunities.factories import OpportunityEntryFactory, OpportunityFactory, new_sales_cycle
from tests.pricing.factories import ItemFactory, SalesPriceFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db

YES_BUTTON = 'name="answer" value="yes"'


def asked(response) -> bool:
    return YES_BUTTON in response.text


def salesperson_on_a_campaign():
    CampaignFactory(salesperson=SalespersonFactory(code="KH"))
    return (
        reverse("salespeople:delete", args=["KH"]),
        "You cannot delete Salesperson/Purchaser KH because it is used on 1 campaign.",
        lambda: Salesperson.objects.filter(code="KH").exists(),
    )


def item_with_a_price():
    SalesPriceFactory(item=ItemFactory(no="IT0001"))
    return (
        reverse("pricing:item_delete", args=["IT0001"]),
        "Item IT0001 cannot be deleted because 1 Sales Prices use it.",
        lambda: Item.objects.filter(no="IT0001").exists(),
    )


def base_unit_of_an_item():
    ItemFactory(no="IT0001")
    return (
        reverse("pricing:item_unit_delete", args=["IT0001", "PCS"]),
        "You cannot delete unit of measure PCS because it is the item's base unit of measure.",
        lambda: ItemUnitOfMeasure.objects.filter(item__no="IT0001", code="PCS").exists(),
    )


def sales_cycle_with_an_open_opportunity():
    cycle = new_sales_cycle()
    opportunity = OpportunityFactory(sales_cycle=cycle, status="in_progress")
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=1)
    return (
        reverse("opportunities:cycle_delete", args=["NEW"]),
        "No. of Opportunities must be equal to '0'  in Sales Cycle: Code=NEW. Current value is '1'.",
        lambda: SalesCycle.objects.filter(code="NEW").exists(),
    )


def stage_with_an_active_entry():
    cycle = new_sales_cycle()
    opportunity = OpportunityFactory(sales_cycle=cycle, status="in_progress")
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=2)
    return (
        reverse("opportunities:stage_delete", kwargs={"code": "NEW", "stage": 2}),
        "You cannot delete a stage which has active entries.",
        lambda: SalesCycleStage.objects.filter(sales_cycle=cycle, stage=2).exists(),
    )


def number_series_in_marketing_setup(series):
    return (
        reverse("core:noseries_delete", args=["CAMP"]),
        "No. Series CAMP is used in Marketing Setup or on records and cannot be deleted.",
        lambda: NoSeries.objects.filter(code="CAMP").exists(),
    )


def interaction_template_with_interactions():
    InteractionLogEntryFactory(interaction_template=InteractionTemplateFactory(code="BUS"))
    return (
        reverse("interactions:template_delete", args=["BUS"]),
        "You cannot delete Interaction Template BUS because it is used by interaction log entries (1).",
        lambda: InteractionTemplate.objects.filter(code="BUS").exists(),
    )


def company_with_a_person():
    PersonFactory(company=CompanyFactory(no="CT0001"))
    return (
        reverse("contacts:delete", args=["CT0001"]),
        "You cannot delete company CT0001 because persons belong to it (1). Delete them or move them to another "
        "company first.",
        lambda: Contact.objects.filter(no="CT0001").exists(),
    )


def opportunity_in_progress():
    OpportunityFactory(no="OP0001", status="in_progress")
    return (
        reverse("opportunities:delete", args=["OP0001"]),
        "You cannot delete this opportunity while it is active.",
        lambda: Opportunity.objects.filter(no="OP0001").exists(),
    )


REFUSED = [
    company_with_a_person,
    opportunity_in_progress,
    interaction_template_with_interactions,
    salesperson_on_a_campaign,
    item_with_a_price,
    base_unit_of_an_item,
    sales_cycle_with_an_open_opportunity,
    stage_with_an_active_entry,
    number_series_in_marketing_setup,
]


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.__name__)
def test_a_deletion_that_would_be_refused_says_why_instead_of_asking(case, client_as, admin, series):
    url, refusal, still_there = case(series) if case is number_series_in_marketing_setup else case()
    client = client_as(admin)
    page = client.post(url)
    assert page.status_code == 200
    assert refusal in html.unescape(page.text)
    assert "Do you want to delete" not in page.text
    assert not asked(page)
    assert "Back" in page.text
    # A Yes posted anyway (another tab, a record changed since) is still refused.
    answer = client.post(url, {"confirmed": "yes"}, follow=True)
    assert refusal in [str(message) for message in answer.context["messages"]]
    assert still_there()


def test_a_deletion_that_can_be_done_asks_with_a_red_yes_and_deletes_nothing_before_the_answer(client_as, admin):
    IndustryGroupFactory(code="RETAIL")
    ItemFactory(no="IT0002")
    client = client_as(admin)
    for url in [
        reverse("contacts:industrygroup_delete", args=["RETAIL"]),
        reverse("pricing:item_delete", args=["IT0002"]),
    ]:
        page = client.post(url)
        assert page.status_code == 200
        assert "Do you want to delete" in page.text
        assert asked(page) and 'class="btn btn-danger"' in page.text
    assert IndustryGroup.objects.filter(code="RETAIL").exists()  # trying the deletion was rolled back
    assert Item.objects.filter(no="IT0002").exists()
    client.post(reverse("pricing:item_delete", args=["IT0002"]), {"confirmed": "yes"})
    assert not Item.objects.filter(no="IT0002").exists()


def test_blockers_try_the_deletion_and_roll_it_back():
    IndustryGroupFactory(code="RETAIL")

    def delete_then_refuse():
        IndustryGroup.objects.all().delete()
        raise ValidationError("Group %(code)s is needed.", params={"code": "RETAIL"})

    assert deletion_blockers(delete_then_refuse, caption="Industry Group RETAIL") == ["Group RETAIL is needed."]
    assert deletion_blockers(IndustryGroup.objects.all().delete, caption="Industry Group RETAIL") == []
    assert IndustryGroup.objects.filter(code="RETAIL").exists()
