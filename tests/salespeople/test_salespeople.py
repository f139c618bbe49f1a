"""Salespeople and teams: delete rules, blocked salespeople, members, the card with optimistic locking, lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from salespeople import services
from salespeople.forms import SalespersonChoiceField
from salespeople.models import Salesperson, Team, TeamSalesperson
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- delete rules -------------------------------------------------------------------------------


def test_delete_salesperson_is_refused_with_what_refers_to_it():
    salesperson = SalespersonFactory(code="KH")
    CampaignFactory(salesperson=salesperson)
    CampaignFactory(salesperson=salesperson)
    CompanyFactory(salesperson=salesperson)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_salesperson(salesperson=salesperson)
    assert excinfo.value.messages == [
        "You cannot delete Salesperson/Purchaser KH because it is used on 1 contact and 2 campaigns."
    ]
    assert Salesperson.objects.filter(code="KH").exists()


def test_delete_salesperson_removes_team_memberships():
    salesperson = SalespersonFactory(code="PB")
    TeamFactory(code="NORTH", members=[salesperson])
    services.delete_salesperson(salesperson=salesperson)
    assert not Salesperson.objects.filter(code="PB").exists()
    assert not TeamSalesperson.objects.exists()
    assert Team.objects.filter(code="NORTH").exists()


def test_delete_team_is_refused_while_tasks_use_it():
    team = TeamFactory(code="NORTH")
    Task.objects.create(no="TD0001", description="Call", date=datetime.date(2026, 3, 2), team=team)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_team(team=team)
    assert excinfo.value.messages == ["You cannot delete Team NORTH because it is used on 1 task."]


def test_delete_team_keeps_its_former_members():
    member = SalespersonFactory(code="LL")
    team = TeamFactory(code="NORTH", members=[member])
    services.delete_team(team=team)
    assert not Team.objects.exists()
    assert Salesperson.objects.filter(code="LL").exists()


def test_delete_view_tells_the_refusal_instead_of_asking_and_refuses_after_yes(client_as, sales_manager):
    salesperson = SalespersonFactory(code="KH")
    CampaignFactory(salesperson=salesperson)
    client = client_as(sales_manager)
    url = reverse("salespeople:delete", kwargs={"code": "KH"})
    question = client.post(url)
    assert question.status_code == 200
    assert "You cannot delete Salesperson/Purchaser KH because it is used on 1 campaign." in question.text
    assert 'value="yes"' not in question.text
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "You cannot delete Salesperson/Purchaser KH because it is used on 1 campaign." in messages_of(response)
    assert Salesperson.objects.filter(code="KH").exists()


def test_delete_view_deletes_an_unused_salesperson(client_as, sales_manager):
    SalespersonFactory(code="KH")
    response = client_as(sales_manager).post(
        reverse("salespeople:delete", kwargs={"code": "KH"}), {"confirmed": "yes"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("salespeople:list")
    assert "Salesperson/Purchaser KH has been deleted." in messages_of(response)
    assert not Salesperson.objects.exists()


# --- blocked salespeople ------------------------------------------------------------------------


def test_selectable_excludes_blocked_salespeople():
    SalespersonFactory(code="A")
    SalespersonFactory(code="B", blocked=True)
    assert [s.code for s in Salesperson.objects.selectable()] == ["A"]


def test_salesperson_field_offers_non_blocked_and_keeps_the_current_blocked_one():
    SalespersonFactory(code="A")
    blocked = SalespersonFactory(code="B", blocked=True)
    SalespersonFactory(code="C", blocked=True)
    new_record = SalespersonChoiceField()
    assert [value for value, _label in new_record.choices if value] == ["A"]
    existing = SalespersonChoiceField(current=blocked)
    assert [str(value) for value, _label in existing.choices if value] == ["A", "B"]
    assert existing.clean("B") == blocked
    with pytest.raises(ValidationError) as excinfo:
        existing.clean("C")
    assert excinfo.value.messages == ["Salesperson C is blocked and cannot be chosen."]
    with pytest.raises(ValidationError):
        new_record.clean("B")


def test_a_blocked_salesperson_cannot_join_a_team():
    team = TeamFactory(code="NORTH")
    blocked = SalespersonFactory(code="EN", blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        services.add_team_member(team=team, salesperson=blocked)
    assert excinfo.value.messages == ["Salesperson EN is blocked and cannot be chosen."]
    assert not team.memberships.exists()


def test_a_member_cannot_be_added_twice():
    member = SalespersonFactory(code="LL")
    team = TeamFactory(code="NORTH", members=[member])
    with pytest.raises(ValidationError) as excinfo:
        services.add_team_member(team=team, salesperson=member)
    assert excinfo.value.messages == ["Salesperson LL is already a member of team NORTH."]


# --- team card ----------------------------------------------------------------------------------


def test_team_card_adds_and_removes_members(client_as, sales_manager):
    team = TeamFactory(code="NORTH")
    SalespersonFactory(code="KH", name="Kari Hansen")
    client = client_as(sales_manager)
    response = client.post(
        reverse("salespeople:team_member_add", kwargs={"code": "NORTH"}), {"salesperson": "KH"}, follow=True
    )
    assert "KH Kari Hansen has been added to team NORTH." in messages_of(response)
    assert [m.code for m in team.ordered_members()] == ["KH"]
    response = client.post(
        reverse("salespeople:team_member_remove", kwargs={"code": "NORTH"}), {"salesperson": "KH"}, follow=True
    )
    assert "KH Kari Hansen has been removed from team NORTH." in messages_of(response)
    assert not team.members.exists()


def test_team_card_shows_why_a_blocked_salesperson_cannot_be_added(client_as, sales_manager):
    TeamFactory(code="NORTH")
    SalespersonFactory(code="EN", blocked=True)
    response = client_as(sales_manager).post(
        reverse("salespeople:team_member_add", kwargs={"code": "NORTH"}), {"salesperson": "EN"}
    )
    assert response.status_code == 200  # the page again, with the error beside the field
    assert "Salesperson EN is blocked and cannot be chosen." in response.text
    assert not TeamSalesperson.objects.exists()


def test_team_card_lists_members_in_code_order_and_offers_only_others(client_as, marketer, sales_manager):
    team = TeamFactory(code="NORTH", members=[SalespersonFactory(code="PB"), SalespersonFactory(code="KH")])
    SalespersonFactory(code="LL")
    SalespersonFactory(code="EN", blocked=True)
    response = client_as(sales_manager).get(team.get_absolute_url())
    assert [m.code for m in response.context["members"]] == ["KH", "PB"]
    offered = [str(value) for value, _label in response.context["member_form"].fields["salesperson"].choices]
    assert offered == ["", "LL"]


# --- salesperson card ---------------------------------------------------------------------------


def test_create_salesperson_upper_cases_the_code(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("salespeople:create"),
        {"code": " kh ", "name": "Kari Hansen", "commission_pct": "4.5", "email": "kari@example.com"},
        follow=True,
    )
    salesperson = Salesperson.objects.get()
    assert salesperson.code == "KH"
    assert str(salesperson.commission_pct) == "4.50"
    assert "Salesperson/Purchaser KH has been created." in messages_of(response)


def test_create_salesperson_refuses_a_commission_above_100(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("salespeople:create"), {"code": "KH", "name": "Kari", "commission_pct": "120"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"commission_pct": ["Commission % must be between 0 and 100."]}
    assert not Salesperson.objects.exists()


def card_data(salesperson: Salesperson, **changes) -> dict:
    data = {
        "name": salesperson.name,
        "job_title": salesperson.job_title,
        "email": salesperson.email,
        "phone_no": salesperson.phone_no,
        "commission_pct": str(salesperson.commission_pct),
        "version": salesperson.version,
    }
    return {**data, **changes}


def test_second_save_of_the_same_card_is_refused_and_overwrites_nothing(client, sales_manager, admin):
    salesperson = SalespersonFactory(code="KH", name="Kari")
    url = salesperson.get_absolute_url()
    first, second = card_data(salesperson, name="Kari Hansen"), card_data(salesperson, name="Kari H.")
    client.force_login(sales_manager)
    assert client.post(url, first).status_code == 302
    client.force_login(admin)
    response = client.post(url, second)
    assert response.status_code == 200
    assert "Another user has modified the record for this Salesperson/Purchaser" in response.text
    salesperson.refresh_from_db()
    assert salesperson.name == "Kari Hansen"
    assert salesperson.version == 1


def test_card_links_a_user_and_keeps_the_code(client_as, sales_manager, salesperson_user):
    salesperson = SalespersonFactory(code="LL")
    data = card_data(salesperson, user=salesperson_user.username, code="CHANGED")
    client_as(sales_manager).post(salesperson.get_absolute_url(), data)
    salesperson.refresh_from_db()
    assert salesperson.user == salesperson_user
    assert salesperson.code == "LL"


def test_card_is_read_only_for_a_marketer(client_as, marketer):
    salesperson = SalespersonFactory(code="LL")
    response = client_as(marketer).get(salesperson.get_absolute_url())
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Delete" not in response.text


# --- lists --------------------------------------------------------------------------------------


def test_list_filters_by_search_blocked_and_team(client_as, marketer):
    north = TeamFactory(code="NORTH", members=[SalespersonFactory(code="KH", name="Kari Hansen")])
    SalespersonFactory(code="PB", name="Per Berg")
    SalespersonFactory(code="EN", name="Eva Nilsen", blocked=True)
    client = client_as(marketer)
    url = reverse("salespeople:list")

    def codes(query):
        return [s.code for s in client.get(url, query).context["page_obj"]]

    assert codes({}) == ["EN", "KH", "PB"]
    assert codes({"q": "berg"}) == ["PB"]
    assert codes({"blocked": "true"}) == ["EN"]
    assert codes({"blocked": "false"}) == ["KH", "PB"]
    assert codes({"team": north.code}) == ["KH"]
    assert codes({"o": "-name"}) == ["PB", "KH", "EN"]


def test_list_query_count_does_not_grow_with_rows(client_as, marketer, django_assert_num_queries):
    client = client_as(marketer)
    url = reverse("salespeople:list")
    for n in range(3):
        SalespersonFactory(code=f"A{n}", user=None)
    client.get(url)
    with django_assert_num_queries(len(capture(client, url))) as small:
        client.get(url)
    for n in range(40):
        SalespersonFactory(code=f"B{n}")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def capture(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return ctx.captured_queries


def test_team_list_counts_members(client_as, salesperson_user):
    TeamFactory(code="NORTH", members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    TeamFactory(code="EMPTY")
    response = client_as(salesperson_user).get(reverse("salespeople:team_list"))
    assert [(t.code, t.member_count) for t in response.context["page_obj"]] == [("EMPTY", 0), ("NORTH", 2)]


def test_salesperson_card_links_to_its_campaigns(client_as, marketer):
    salesperson = SalespersonFactory(code="KH")
    response = client_as(marketer).get(salesperson.get_absolute_url())
    assert f'href="{reverse("campaigns:list")}?salesperson=KH"' in response.text


def test_privacy_blocked_salesperson_is_blocked_and_not_selectable(client_as, sales_manager):
    salesperson = SalespersonFactory(code="EN")
    client_as(sales_manager).post(salesperson.get_absolute_url(), card_data(salesperson, privacy_blocked="on"))
    salesperson.refresh_from_db()
    assert (salesperson.privacy_blocked, salesperson.blocked) == (True, True)
    SalespersonFactory(code="PB", privacy_blocked=True)
    assert not Salesperson.objects.selectable().exists()
    with pytest.raises(ValidationError):
        SalespersonChoiceField().clean("PB")
