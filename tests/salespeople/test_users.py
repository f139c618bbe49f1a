"""The Administrator's Users and Roles pages: create, edit roles and active, link a salesperson."""

import pytest
from django.urls import reverse

from core import roles
from core.models import User
from tests.core.factories import UserFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_admin_creates_a_user_with_a_role_and_a_salesperson(client_as, admin):
    from django.contrib.auth.models import Group

    SalespersonFactory(code="LL")
    marketer_group = Group.objects.get(name=roles.MARKETER)
    response = client_as(admin).post(
        reverse("salespeople:user_create"),
        {
            "username": "lena",
            "first_name": "Lena",
            "last_name": "Larsen",
            "email": "lena@example.com",
            "is_active": "on",
            "role_groups": [marketer_group.pk],
            "salesperson": "LL",
            "password1": "a-long-enough-Passw0rd",
            "password2": "a-long-enough-Passw0rd",
        },
        follow=True,
    )
    assert "User lena has been created." in messages_of(response)
    user = User.objects.get(username="lena")
    assert user.check_password("a-long-enough-Passw0rd")
    assert [g.name for g in user.groups.all()] == [roles.MARKETER]
    assert user.salesperson.code == "LL"
    assert user.has_perm("campaigns.add_campaign")


def test_create_user_refuses_mismatching_and_weak_passwords(client_as, admin):
    url = reverse("salespeople:user_create")
    response = client_as(admin).post(url, {"username": "x", "password1": "abc", "password2": "abd"})
    assert "The two password fields didn’t match." in response.text
    response = client_as(admin).post(url, {"username": "x", "password1": "123", "password2": "123"})
    assert "This password is too short." in response.text
    assert not User.objects.filter(username="x").exists()


def test_admin_changes_roles_deactivates_and_moves_the_salesperson_link(client_as, admin):
    from django.contrib.auth.models import Group

    account = UserFactory(username="jonas", role=roles.SALESPERSON)
    old = SalespersonFactory(code="JO", user=account)
    SalespersonFactory(code="KH")
    manager_group = Group.objects.get(name=roles.SALES_MANAGER)
    response = client_as(admin).post(
        reverse("salespeople:user_update", kwargs={"username": "jonas"}),
        {"username": "jonas", "role_groups": [manager_group.pk], "salesperson": "KH"},
        follow=True,
    )
    assert "User jonas has been saved." in messages_of(response)
    account.refresh_from_db()
    old.refresh_from_db()
    assert [g.name for g in account.groups.all()] == [roles.SALES_MANAGER]
    assert not account.is_active
    assert account.salesperson.code == "KH"
    assert old.user is None
    assert account.check_password("secret-pass-123")


def test_admin_cannot_remove_own_administrator_role(client_as, admin):
    response = client_as(admin).post(
        reverse("salespeople:user_update", kwargs={"username": admin.username}),
        {"username": admin.username, "is_active": "on", "role_groups": []},
    )
    assert response.status_code == 200
    assert "You cannot remove your own Administrator role or deactivate your own user." in response.text
    assert admin.groups.filter(name=roles.ADMINISTRATOR).exists()


def test_user_list_shows_roles_and_linked_salesperson(client_as, admin, django_assert_max_num_queries):
    # A search no generated name can match by chance (the admin's random first name once contained "len").
    account = UserFactory(username="lenaqx", role=roles.SALESPERSON)
    SalespersonFactory(code="LL", user=account)
    client = client_as(admin)
    response = client.get(reverse("salespeople:user_list"), {"q": "enaq"})
    assert [u.username for u in response.context["page_obj"]] == ["lenaqx"]
    assert "Salesperson" in response.text
    assert ">LL</a>" in response.text
    for n in range(20):
        UserFactory(username=f"bulk{n}", role=roles.MARKETER)
    with django_assert_max_num_queries(12):
        client.get(reverse("salespeople:user_list"))
