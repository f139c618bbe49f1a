"""Contact list, card, create/edit/delete, export and the lookup tables through the client."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Contact, IndustryGroup
from tests.contacts.factories import (
    BusinessRelationFactory,
    CompanyFactory,
    IndustryGroupFactory,
    JobResponsibilityFactory,
    MailingGroupFactory,
    PersonFactory,
    link,
)
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentLineFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def listed(response):
    return [contact.no for contact in response.context["page_obj"]]


# --- list -----------------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    """Two companies with persons and every criteria field set differently."""
    jr, mb = SalespersonFactory(code="JR"), SalespersonFactory(code="MB")
    retail, it = IndustryGroupFactory(code="RETAIL"), IndustryGroupFactory(code="IT")
    cust, news = BusinessRelationFactory(code="CUST"), MailingGroupFactory(code="NEWS")
    buyer = JobResponsibilityFactory(code="PURCHASE")
    shop = CompanyFactory(
        no="CT0001", name="Bergen Butikk AS", salesperson=jr, post_code="5003", city="Bergen", country_region_code="NO"
    )
    soft = CompanyFactory(
        no="CT0002",
        name="Aurora Software AS",
        salesperson=mb,
        post_code="9008",
        city="Tromsø",
        country_region_code="NO",
    )
    kari = PersonFactory(
        no="CT0003", name="Kari Nordmann", company=shop, salesperson=jr, email="kari@butikk.no", territory_code="WEST"
    )
    sven = PersonFactory(
        no="CT0004", name="Sven Svensson", company=soft, salesperson=mb, country_region_code="SE", privacy_blocked=True
    )
    solo = PersonFactory(no="CT0005", name="Solo Person", company=None, exclude_from_segment=True, city="Oslo")
    link(shop, retail)
    link(shop, cust)
    link(soft, it)
    link(kari, news)
    link(sven, buyer)
    return {"shop": shop, "soft": soft, "kari": kari, "sven": sven, "solo": solo}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["CT0001", "CT0002", "CT0003", "CT0004", "CT0005"]),
        ("type=company", ["CT0001", "CT0002"]),
        ("type=person", ["CT0003", "CT0004", "CT0005"]),
        ("salesperson=JR", ["CT0001", "CT0003"]),
        ("post_code=50", ["CT0001"]),
        ("city=troms", ["CT0002"]),
        ("country_region_code=se", ["CT0004"]),
        ("territory_code=WEST", ["CT0003"]),
        ("company=CT0001", ["CT0001", "CT0003"]),
        ("industry_group=RETAIL", ["CT0001", "CT0003"]),
        ("business_relation=CUST", ["CT0001", "CT0003"]),
        ("mailing_group=NEWS", ["CT0003"]),
        ("job_responsibility=PURCHASE", ["CT0004"]),
        ("exclude_from_segment=true", ["CT0005"]),
        ("exclude_from_segment=false", ["CT0001", "CT0002", "CT0003", "CT0004"]),
        ("privacy_blocked=true", ["CT0004"]),
        ("q=aurora", ["CT0002", "CT0004"]),
        ("q=CT0005", ["CT0005"]),
        ("q=kari@butikk", ["CT0003"]),
        ("type=person&industry_group=IT", ["CT0004"]),
    ],
)
def test_contact_list_filters_on_every_criteria_field(client_as, marketer, directory, query, expected):
    response = client_as(marketer).get(reverse("contacts:list") + "?" + query)
    assert response.status_code == 200
    assert listed(response) == expected


def test_contact_list_sorts_by_a_column_both_ways(client_as, marketer, directory):
    client = client_as(marketer)
    by_name = listed(client.get(reverse("contacts:list") + "?o=name"))
    assert by_name == ["CT0002", "CT0001", "CT0003", "CT0005", "CT0004"]
    assert listed(client.get(reverse("contacts:list") + "?o=-name")) == by_name[::-1]
    assert listed(client.get(reverse("contacts:list") + "?o=nonsense")) == sorted(by_name)


def test_contact_list_header_links_keep_the_filters(client_as, marketer, directory):
    response = client_as(marketer).get(reverse("contacts:list") + "?type=person&o=name")
    name_header = next(h for h in response.context["listing"].headers if h.column.key == "name")
    assert name_header.url == "?type=person&o=-name"
    assert name_header.direction == "ascending"


def test_contact_list_pages_by_50(client_as, marketer, series):
    CompanyFactory.create_batch(60)
    client = client_as(marketer)
    assert len(client.get(reverse("contacts:list")).context["page_obj"]) == 50
    assert len(client.get(reverse("contacts:list") + "?page=2").context["page_obj"]) == 10


def test_contact_list_query_count_does_not_grow_with_rows(client_as, marketer, series):
    client = client_as(marketer)
    salesperson = SalespersonFactory()
    url = reverse("contacts:list") + "?type=person&o=salesperson"
    PersonFactory.create_batch(3, salesperson=salesperson)
    client.get(url)  # the first request of a session reads more
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["page_obj"]) == 3
    PersonFactory.create_batch(40, salesperson=salesperson)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["page_obj"]) == 43
    assert len(many) == len(few)


# --- card -----------------------------------------------------------------------------------------


def test_company_card_shows_its_persons_and_groups(client_as, salesperson_user, directory):
    response = client_as(salesperson_user).get(reverse("contacts:detail", args=["CT0001"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kari Nordmann" in content
    assert "RETAIL" in content and "CUST" in content
    assert list(response.context["persons"]) == [directory["kari"]]
    # A salesperson may look but not change.
    assert reverse("contacts:update", args=["CT0001"]) not in content


def test_person_card_links_its_company_and_segments(client_as, marketer, directory):
    line = SegmentLineFactory(contact=directory["kari"], contact_company=directory["shop"])
    response = client_as(marketer).get(reverse("contacts:detail", args=["CT0003"]))
    content = response.content.decode()
    assert reverse("contacts:detail", args=["CT0001"]) in content
    assert line.segment.no in content
    assert response.context["segment_line_count"] == 1


def test_unknown_contact_is_404(client_as, marketer):
    assert client_as(marketer).get(reverse("contacts:detail", args=["NOPE"])).status_code == 404


# --- create and edit ------------------------------------------------------------------------------


def contact_post(**overrides):
    data = {
        "name": "Nordlys AS",
        "type": "company",
        "company_no": "",
        "salesperson": "",
        "address": "Storgata 1",
        "post_code": "0150",
        "city": "Oslo",
        "country_region_code": "no",
        "territory_code": "",
        "phone_no": "+47 22 00 00 00",
        "email": "post@nordlys.no",
        "correspondence_type": "email",
        "language_code": "nor",
    }
    data.update(overrides)
    return data


def test_create_company_takes_a_number_and_shows_a_message(client_as, marketer, series):
    retail = IndustryGroupFactory(code="RETAIL")
    response = client_as(marketer).post(
        reverse("contacts:create"), contact_post(industry_groups=[retail.pk]), follow=True
    )
    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == reverse("contacts:detail", args=["CT0001"])
    assert messages_of(response) == ["Contact CT0001 Nordlys AS has been created."]
    assert contact.company == contact
    assert contact.country_region_code == "NO" and contact.language_code == "NOR"
    assert list(contact.industry_groups.all()) == [retail]


def test_create_person_from_the_company_card(client_as, marketer, series):
    company = CompanyFactory(no="CT0100", name="Nordlys AS")
    client = client_as(marketer)
    form = client.get(reverse("contacts:create") + "?company=CT0100").context["form"]
    assert form.initial == {"type": "person", "company_no": "CT0100"}
    client.post(reverse("contacts:create"), contact_post(name="Kari", type="person", company_no="CT0100"))
    person = Contact.objects.get(name="Kari")
    assert person.company == company
    assert person.company_name == "Nordlys AS"


def test_bad_email_is_shown_next_to_the_field_and_typed_values_are_kept(client_as, marketer, series):
    response = client_as(marketer).post(reverse("contacts:create"), contact_post(email="post@nordlys", city="Bergen"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"email": ['The email address "post@nordlys" is not valid.']}
    content = response.content.decode()
    assert 'value="Bergen"' in content and 'value="post@nordlys"' in content
    assert not Contact.objects.exists()


def test_person_with_a_person_as_company_gets_the_error_on_company_no(client_as, marketer, series):
    PersonFactory(no="CT0100", company=None)
    response = client_as(marketer).post(
        reverse("contacts:create"), contact_post(name="Kari", type="person", company_no="CT0100")
    )
    assert response.context["form"].errors == {
        "company_no": ["Contact CT0100 is a person. A person's Company No. must be a company contact."]
    }


def test_missing_name_uses_the_import_message(client_as, marketer, series):
    response = client_as(marketer).post(reverse("contacts:create"), contact_post(name=""))
    assert response.context["form"].errors == {"name": ["Name must have a value."]}


def test_blocked_salesperson_is_not_offered_for_new_contacts(client_as, marketer, series):
    SalespersonFactory(code="OLD", blocked=True)
    SalespersonFactory(code="NEW")
    form = client_as(marketer).get(reverse("contacts:create")).context["form"]
    assert [s.code for s in form.fields["salesperson"].queryset] == ["NEW"]


def test_edit_keeps_a_blocked_salesperson_selectable(client_as, marketer, series):
    company = CompanyFactory(salesperson=SalespersonFactory(code="OLD", blocked=True))
    form = client_as(marketer).get(reverse("contacts:update", args=[company.no])).context["form"]
    assert "OLD" in [s.code for s in form.fields["salesperson"].queryset]


def test_edit_saves_and_renames_the_persons_company_name(client_as, marketer, directory):
    client = client_as(marketer)
    response = client.post(
        reverse("contacts:update", args=["CT0001"]),
        contact_post(name="Bergen Butikk ASA", company_no="CT0001", version=0, industry_groups=[]),
        follow=True,
    )
    assert messages_of(response) == ["Contact CT0001 has been saved."]
    directory["kari"].refresh_from_db()
    assert directory["kari"].company_name == "Bergen Butikk ASA"


def test_edit_of_a_stale_card_is_refused_and_keeps_the_input(client_as, marketer, directory):
    Contact.objects.filter(no="CT0002").update(version=5)
    response = client_as(marketer).post(
        reverse("contacts:update", args=["CT0002"]), contact_post(name="Changed", company_no="CT0002", version=4)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("Another user has modified the record")
    assert 'value="Changed"' in response.content.decode()
    assert Contact.objects.get(no="CT0002").name == "Aurora Software AS"


def test_changing_type_of_a_company_with_persons_is_refused_on_the_type_field(client_as, marketer, directory):
    response = client_as(marketer).post(
        reverse("contacts:update", args=["CT0002"]), contact_post(name="Aurora", type="person", version=0)
    )
    assert response.context["form"].errors["type"] == [
        "Type cannot be changed because there are one or more related people linked to the contact."
    ]


# --- delete ---------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(client_as, marketer, directory):
    client = client_as(marketer)
    url = reverse("contacts:delete", args=["CT0005"])
    response = client.post(url)
    assert response.status_code == 200
    assert "Do you want to delete contact CT0005 Solo Person?" in response.content.decode()
    assert Contact.objects.filter(no="CT0005").exists()
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert messages_of(response) == ["Contact CT0005 has been deleted."]
    assert not Contact.objects.filter(no="CT0005").exists()


def test_delete_of_a_company_with_persons_is_refused_with_a_message(client_as, marketer, directory):
    response = client_as(marketer).post(reverse("contacts:delete", args=["CT0001"]), {"confirmed": "yes"}, follow=True)
    assert messages_of(response) == [
        "You cannot delete company CT0001 because persons belong to it (1). Delete them or move them to another "
        "company first."
    ]
    assert Contact.objects.filter(no="CT0001").exists()


def test_delete_of_a_contact_on_a_segment_is_refused(client_as, marketer, directory):
    SegmentLineFactory(contact=directory["solo"], contact_company=None)
    response = client_as(marketer).post(reverse("contacts:delete", args=["CT0005"]), {"confirmed": "yes"}, follow=True)
    assert "assigned one or more unlogged segments" in messages_of(response)[0]
    assert Contact.objects.filter(no="CT0005").exists()


# --- export ---------------------------------------------------------------------------------------


def exported(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_export_streams_the_filtered_list_as_csv(client_as, marketer, directory):
    response = client_as(marketer).get(reverse("contacts:export") + "?type=person&o=name")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="contacts-')
    rows = exported(response)
    assert rows[0][:5] == ["No.", "Name", "Type", "Company No.", "Company Name"]
    assert [row[0] for row in rows[1:]] == ["CT0003", "CT0005", "CT0004"]
    kari = dict(zip(rows[0], rows[1], strict=True))
    assert kari["Company No."] == "CT0001"
    assert kari["Mailing Groups"] == "NEWS"
    assert kari["Salesperson Code"] == "JR"
    assert kari["Privacy Blocked"] == "No"


def test_export_protects_against_formulas_but_keeps_phone_numbers(client_as, marketer, series):
    CompanyFactory(name="=HYPERLINK(1)", phone_no="+47 22 00 00 00")
    rows = exported(client_as(marketer).get(reverse("contacts:export")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Name"] == "'=HYPERLINK(1)"
    assert record["Phone No."] == "+47 22 00 00 00"


def test_export_query_count_does_not_grow_with_rows(client_as, marketer, series):
    client = client_as(marketer)
    client.get(reverse("contacts:list"))
    company = CompanyFactory()
    link(company, IndustryGroupFactory())
    PersonFactory.create_batch(5, company=company)
    with CaptureQueriesContext(connection) as few:
        assert len(exported(client.get(reverse("contacts:export")))) == 7
    PersonFactory.create_batch(60, company=company)
    with CaptureQueriesContext(connection) as many:
        assert len(exported(client.get(reverse("contacts:export")))) == 67
    assert len(many) == len(few)


def test_salesperson_cannot_export(client_as, salesperson_user):
    assert client_as(salesperson_user).get(reverse("contacts:export")).status_code == 403


# --- lookup tables --------------------------------------------------------------------------------


def test_admin_creates_and_edits_an_industry_group(client_as, admin):
    client = client_as(admin)
    response = client.post(
        reverse("contacts:industrygroup_create"), {"code": "retail", "description": "Retail"}, follow=True
    )
    assert messages_of(response) == ["Industry Group RETAIL has been created."]
    response = client.post(
        reverse("contacts:industrygroup_update", args=["RETAIL"]), {"code": "RETAIL", "description": "Shops"}
    )
    assert IndustryGroup.objects.get().description == "Shops"


def test_lookup_code_must_be_unique(client_as, admin):
    IndustryGroupFactory(code="RETAIL")
    response = client_as(admin).post(reverse("contacts:industrygroup_create"), {"code": "retail"})
    assert response.context["form"].errors == {"code": ["Industry Group with this Code already exists."]}


def test_lookup_list_counts_contacts_and_links_to_them(client_as, marketer, directory):
    response = client_as(marketer).get(reverse("contacts:industrygroup_list"))
    counts = {row.object.code: row.object.used_by for row in response.context["listing"].rows}
    assert counts == {"IT": 1, "RETAIL": 1}
    assert f"{reverse('contacts:list')}?industry_group=RETAIL" in response.content.decode()


def test_used_lookup_code_cannot_be_deleted(client_as, admin, directory):
    response = client_as(admin).post(
        reverse("contacts:mailinggroup_delete", args=["NEWS"]), {"confirmed": "yes"}, follow=True
    )
    assert messages_of(response) == ["You cannot delete Mailing Group NEWS because contacts have it (1)."]


def test_unused_lookup_code_is_deleted_after_confirmation(client_as, admin):
    JobResponsibilityFactory(code="IT")
    client = client_as(admin)
    url = reverse("contacts:jobresponsibility_delete", args=["IT"])
    assert "Do you want to delete Job Responsibility IT?" in client.post(url).content.decode()
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert messages_of(response) == ["Job Responsibility IT has been deleted."]


def test_setup_page_links_the_lookup_tables(client_as, admin):
    content = client_as(admin).get(reverse("core:setup")).content.decode()
    for name in ("industrygroup", "businessrelation", "mailinggroup", "jobresponsibility"):
        assert reverse(f"contacts:{name}_list") in content
    assert reverse("interactions:group_list") in content
    assert reverse("interactions:template_list") in content


def test_no_field_is_offered_only_when_the_series_allows_manual_numbers(client_as, marketer, series):
    client = client_as(marketer)
    assert "no" not in client.get(reverse("contacts:create")).context["form"].fields
    series.contact_nos.manual_nos = True
    series.contact_nos.save()
    assert "no" in client.get(reverse("contacts:create")).context["form"].fields
    client.post(reverse("contacts:create"), contact_post(no="K-100"))
    assert Contact.objects.get().no == "K-100"


def test_export_of_codes_lists_every_code_of_a_contact(client_as, marketer, series):
    company = CompanyFactory(no="CT0001")
    link(company, IndustryGroupFactory(code="RETAIL"))
    link(company, IndustryGroupFactory(code="IT"))
    rows = exported(client_as(marketer).get(reverse("contacts:export")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert sorted(record["Industry Groups"].split(", ")) == ["IT", "RETAIL"]
    assert record["Business Relations"] == ""


def test_salesperson_is_chosen_by_code_and_a_blocked_one_is_refused_next_to_the_field(client_as, marketer, series):
    SalespersonFactory(code="JR")
    SalespersonFactory(code="OLD", blocked=True)
    client = client_as(marketer)
    client.post(reverse("contacts:create"), contact_post(salesperson="jr"))
    assert Contact.objects.get().salesperson.code == "JR"
    response = client.post(reverse("contacts:create"), contact_post(name="Other", salesperson="OLD"))
    assert response.context["form"].errors == {"salesperson": ["Salesperson OLD is blocked and cannot be chosen."]}


def test_contact_list_starts_with_a_readable_column_set_and_keeps_export_for_import(client_as, marketer, directory):
    response = client_as(marketer).get(reverse("contacts:list") + "?type=person")
    shown = [header.column.key for header in response.context["listing"].headers]
    assert shown[:3] == ["no", "name", "type"] and "privacy_blocked" not in shown
    content = response.content.decode()
    assert "Export for import" in content
    assert f'href="{reverse("contacts:export")}?type=person"' in content
    assert "Privacy Blocked</span>" in content  # Sven's badge in the Name cell
