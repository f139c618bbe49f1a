"""The generic code table pages (core.codetables), through the contacts' industry groups and a table with more
fields declared here."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.lists import INDUSTRY_GROUPS
from contacts.models import IndustryGroup
from core.codetables import TABLES, CodeTable
from core.lists import LISTS, Column
from core.models import NoSeries
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, link

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_row_finds_its_card_through_its_table():
    group = IndustryGroupFactory(code="RETAIL")
    assert group.get_absolute_url() == reverse("contacts:industrygroup_update", args=["RETAIL"])
    assert TABLES[IndustryGroup] is INDUSTRY_GROUPS


def test_the_list_shows_code_description_and_the_used_by_count_linked_to_the_users(client_as, marketer, series):
    link(CompanyFactory(), IndustryGroupFactory(code="R&D"))
    IndustryGroupFactory(code="IT")
    response = client_as(marketer).get(reverse("contacts:industrygroup_list"))
    assert [header.column.key for header in response.context["listing"].headers] == ["code", "description", "used_by"]
    content = response.content.decode()
    assert 'data-testid="contacts-industrygroup-list"' in content
    assert f'href="{reverse("contacts:list")}?industry_group=R%26D"' in content
    assert response.context["can_add"] is False  # a marketer sees the table; the Administrator keeps it


def test_the_card_is_read_only_without_the_change_permission(client_as, marketer):
    IndustryGroupFactory(code="RETAIL", description="Retail")
    client = client_as(marketer)
    url = reverse("contacts:industrygroup_update", args=["RETAIL"])
    response = client.get(url)
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Delete" not in response.content.decode()
    assert client.post(url, {"code": "RETAIL", "description": "Shops"}).status_code == 403
    assert IndustryGroup.objects.get().description == "Retail"


def test_create_stores_the_code_upper_case_and_goes_back_to_the_list(client_as, admin):
    response = client_as(admin).post(
        reverse("contacts:industrygroup_create"), {"code": " it ", "description": "Software"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("contacts:industrygroup_list")
    assert messages_of(response) == ["Industry Group IT has been created."]
    assert IndustryGroup.objects.get().code == "IT"


def test_delete_says_what_blocks_it_instead_of_asking_and_still_refuses_after_yes(client_as, admin, series):
    link(CompanyFactory(), IndustryGroupFactory(code="RETAIL"))
    client = client_as(admin)
    url = reverse("contacts:industrygroup_delete", args=["RETAIL"])
    page = client.post(url).content.decode()
    assert "You cannot delete Industry Group RETAIL because contacts have it (1)." in page
    assert "Do you want to delete" not in page
    assert 'value="yes"' not in page
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert messages_of(response) == ["You cannot delete Industry Group RETAIL because contacts have it (1)."]
    assert IndustryGroup.objects.filter(code="RETAIL").exists()


def test_delete_is_post_only(client_as, admin):
    IndustryGroupFactory(code="RETAIL")
    assert client_as(admin).get(reverse("contacts:industrygroup_delete", args=["RETAIL"])).status_code == 405


@pytest.fixture
def table_with_more_fields():
    """A table with fields besides Code and Description, and a delete service (No. Series stands in)."""

    def refuse(row):
        raise ValidationError("%(code)s is needed.", params={"code": row.code})

    table = CodeTable(
        NoSeries,
        namespace="core",
        prefix="test-series/",
        name="test_series",
        fields=("code", "description", "starting_no", "manual_nos"),
        columns=(Column("starting_no", "Starting No."), Column("manual_nos", "Manual Nos.", visible=False)),
        default_order=("starting_no", "code"),
        delete=refuse,
    )
    yield table
    LISTS.pop(table.spec.key)
    TABLES.pop(NoSeries)


def test_a_table_declares_extra_fields_columns_order_and_a_delete_service(table_with_more_fields):
    table = table_with_more_fields
    assert list(table.form_class().fields) == ["code", "description", "starting_no", "manual_nos"]
    assert [column.key for column in table.spec.columns] == ["code", "description", "starting_no", "manual_nos"]
    assert table.spec.default_keys() == ["code", "description", "starting_no"]
    assert table.spec.key == "core.test_series" and table.spec.default_order == ("starting_no", "code")
    series = NoSeries.objects.create(code="CAMP", starting_no="CP0001")
    with pytest.raises(ValidationError, match="CAMP is needed"):
        table.delete_row(series)
