"""Campaign status codes: ordered phases (DOMAIN A.1), maintained by an Administrator."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignStatus
from tests.campaigns.factories import CampaignFactory, CampaignStatusFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_next_status_follows_sort_order_then_code():
    plan = CampaignStatusFactory(code="1-PLAN", sort_order=10)
    schedule = CampaignStatusFactory(code="2-SCHEDULE", sort_order=20)
    also_20 = CampaignStatusFactory(code="2B-BRIEF", sort_order=20)
    done = CampaignStatusFactory(code="4-DONE", sort_order=40)
    assert plan.next_status() == schedule
    assert schedule.next_status() == also_20
    assert also_20.next_status() == done
    assert done.next_status() is None


def test_delete_status_in_use_names_how_many_campaigns_use_it():
    status = CampaignStatusFactory(code="1-PLAN")
    CampaignFactory(status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_status(status=status)
    assert excinfo.value.messages == ["You cannot delete Campaign Status 1-PLAN because 1 campaign uses it."]
    CampaignFactory(status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_status(status=status)
    assert excinfo.value.messages == ["You cannot delete Campaign Status 1-PLAN because 2 campaigns use it."]
    assert CampaignStatus.objects.filter(code="1-PLAN").exists()


def test_admin_creates_edits_and_deletes_a_status_code(client_as, admin):
    client = client_as(admin)
    response = client.post(
        reverse("campaigns:status_create"), {"code": "1-plan", "description": "Planning", "sort_order": 10}, follow=True
    )
    assert "Campaign Status 1-PLAN has been created." in messages_of(response)
    url = reverse("campaigns:status_update", kwargs={"code": "1-PLAN"})
    client.post(url, {"code": "IGNORED", "description": "Plan it", "sort_order": 5})
    status = CampaignStatus.objects.get()
    assert (status.code, status.description, status.sort_order) == ("1-PLAN", "Plan it", 5)
    delete_url = reverse("campaigns:status_delete", kwargs={"code": "1-PLAN"})
    assert "Do you want to delete Campaign Status 1-PLAN Plan it?" in client.post(delete_url).text
    response = client.post(delete_url, {"confirmed": "yes"}, follow=True)
    assert "Campaign Status 1-PLAN has been deleted." in messages_of(response)
    assert not CampaignStatus.objects.exists()


def test_blank_or_duplicate_code_is_refused_next_to_the_field(client_as, admin):
    CampaignStatusFactory(code="1-PLAN")
    client = client_as(admin)
    response = client.post(reverse("campaigns:status_create"), {"code": "", "sort_order": 1})
    assert response.context["form"].errors["code"] == ["This field is required."]
    response = client.post(reverse("campaigns:status_create"), {"code": "1-plan", "sort_order": 1})
    assert response.context["form"].errors["code"] == ["Campaign Status with this Code already exists."]


def test_delete_view_reports_the_campaigns_using_the_code(client_as, admin):
    status = CampaignStatusFactory(code="3-IN PROGRESS")
    CampaignFactory.create_batch(3, status=status)
    response = client_as(admin).post(
        reverse("campaigns:status_delete", kwargs={"code": status.code}), {"confirmed": "yes"}, follow=True
    )
    assert "You cannot delete Campaign Status 3-IN PROGRESS because 3 campaigns use it." in messages_of(response)


def test_status_list_in_sort_order_with_campaign_counts(client_as, marketer):
    done = CampaignStatusFactory(code="4-DONE", sort_order=40)
    CampaignStatusFactory(code="1-PLAN", sort_order=10)
    CampaignFactory(status=done)
    response = client_as(marketer).get(reverse("campaigns:status_list"))
    assert [(s.code, s.used_by) for s in response.context["page_obj"]] == [("1-PLAN", 0), ("4-DONE", 1)]
    assert 'href="/campaigns/status-codes/new/"' not in response.text


def test_setup_page_links_the_status_codes(client_as, admin):
    response = client_as(admin).get(reverse("core:setup"))
    assert reverse("campaigns:status_list") in response.text
    assert reverse("salespeople:user_list") in response.text
