"""Interaction groups and templates: the Administrator's setup pages (DOMAIN 5.1)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from interactions.models import InteractionGroup, InteractionTemplate
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import (
    InteractionGroupFactory,
    InteractionLogEntryFactory,
    InteractionTemplateFactory,
)
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def template_post(**overrides):
    data = {
        "code": "bus",
        "interaction_group": InteractionGroupFactory(code="LETTER").pk,
        "description": "Business letter",
        "unit_cost": "2.50",
        "unit_duration": "5",
        "information_flow": "outbound",
        "initiated_by": "us",
        "campaign": "",
        "correspondence_type": "hard_copy",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_template_with_every_field(client_as, admin):
    campaign = CampaignFactory(no="CP0001")
    response = client_as(admin).post(
        reverse("interactions:template_create"),
        template_post(campaign=campaign.pk, campaign_target="on", ignore_contact_corres_type="on"),
        follow=True,
    )
    assert messages_of(response) == ["Interaction Template BUS has been created."]
    template = InteractionTemplate.objects.get()
    assert template.code == "BUS"
    assert template.interaction_group.code == "LETTER"
    assert (template.unit_cost, template.unit_duration) == (Decimal("2.50"), Decimal("5"))
    assert (template.information_flow, template.initiated_by) == ("outbound", "us")
    assert template.campaign == campaign
    assert template.campaign_target and not template.campaign_response
    assert template.correspondence_type == "hard_copy"
    assert template.ignore_contact_corres_type


def test_new_template_defaults_to_email_correspondence(client_as, admin):
    form = client_as(admin).get(reverse("interactions:template_create")).context["form"]
    assert form["correspondence_type"].value() == "email"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit_cost", "-1", "Unit Cost (LCY) must not be negative."),
        ("unit_duration", "-5", "Unit Duration (Min.) must not be negative."),
        ("unit_duration", "2.5", "Ensure that there are no more than 0 decimal places."),
        ("interaction_group", "", "This field is required."),
        ("code", "", "This field is required."),
    ],
)
def test_template_form_errors_are_next_to_the_field(client_as, admin, field, value, message):
    response = client_as(admin).post(reverse("interactions:template_create"), template_post(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not InteractionTemplate.objects.exists()


def test_template_list_filters_and_shows_statistics_of_counting_entries(client_as, marketer):
    letter = InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER"))
    InteractionTemplateFactory(code="CALL", interaction_group=InteractionGroupFactory(code="PHONE"))
    InteractionLogEntryFactory(interaction_template=letter, cost=2, duration=5)
    InteractionLogEntryFactory(interaction_template=letter, cost=3, duration=10)
    InteractionLogEntryFactory(interaction_template=letter, cost=100, duration=100, canceled=True)
    InteractionLogEntryFactory(interaction_template=letter, cost=100, duration=100, postponed=True)
    client = client_as(marketer)
    response = client.get(reverse("interactions:template_list"))
    rows = {t.code: (t.no_of_interactions, t.cost, t.duration) for t in response.context["page_obj"]}
    assert rows == {"BUS": (2, Decimal("5.00"), Decimal("15")), "CALL": (None, None, None)}
    response = client.get(reverse("interactions:template_list") + "?interaction_group=PHONE")
    assert [t.code for t in response.context["page_obj"]] == ["CALL"]
    response = client.get(reverse("interactions:template_list") + "?q=bus")
    assert [t.code for t in response.context["page_obj"]] == ["BUS"]


def test_group_list_counts_templates_and_interactions_without_double_counting(client_as, marketer):
    group = InteractionGroupFactory(code="LETTER")
    first = InteractionTemplateFactory(code="BUS", interaction_group=group)
    InteractionTemplateFactory(code="INVIT", interaction_group=group)
    InteractionLogEntryFactory(interaction_template=first, cost=2)
    response = client_as(marketer).get(reverse("interactions:group_list"))
    row = response.context["page_obj"][0]
    assert (row.no_of_templates, row.no_of_interactions, row.cost) == (2, 1, Decimal("2.00"))


def test_group_in_use_cannot_be_deleted(client_as, admin):
    InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER"))
    response = client_as(admin).post(
        reverse("interactions:group_delete", args=["LETTER"]), {"confirmed": "yes"}, follow=True
    )
    assert messages_of(response) == [
        "You cannot delete Interaction Group LETTER because it is used by interaction templates (1)."
    ]
    assert InteractionGroup.objects.filter(code="LETTER").exists()


def test_template_in_use_cannot_be_deleted(client_as, admin):
    template = InteractionTemplateFactory(code="BUS")
    InteractionLogEntryFactory(interaction_template=template)
    SegmentFactory(interaction_template=template)
    response = client_as(admin).post(
        reverse("interactions:template_delete", args=["BUS"]), {"confirmed": "yes"}, follow=True
    )
    assert messages_of(response) == [
        "You cannot delete Interaction Template BUS because it is used by interaction log entries (1), segments (1)."
    ]


def test_unused_template_and_group_are_deleted_after_confirmation(client_as, admin):
    InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER"))
    client = client_as(admin)
    url = reverse("interactions:template_delete", args=["BUS"])
    assert "Do you want to delete interaction template BUS?" in client.post(url).content.decode()
    assert messages_of(client.post(url, {"confirmed": "yes"}, follow=True)) == [
        "Interaction Template BUS has been deleted."
    ]
    response = client.post(reverse("interactions:group_delete", args=["LETTER"]), {"confirmed": "yes"}, follow=True)
    assert messages_of(response) == ["Interaction Group LETTER has been deleted."]
    assert not InteractionGroup.objects.exists()


def test_group_edit_lists_its_templates(client_as, admin):
    InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER"))
    client = client_as(admin)
    response = client.get(reverse("interactions:group_update", args=["LETTER"]))
    assert [t.code for t in response.context["form"].templates] == ["BUS"]
    assert 'href="/interactions/setup/templates/BUS/"' in response.text
    response = client.post(
        reverse("interactions:group_update", args=["LETTER"]), {"code": "letter", "description": "Brev"}, follow=True
    )
    assert messages_of(response) == ["Interaction Group LETTER has been saved."]
    assert InteractionGroup.objects.get().description == "Brev"


def test_marketer_may_read_but_not_change_templates(client_as, marketer):
    InteractionTemplateFactory(code="BUS")
    client = client_as(marketer)
    content = client.get(reverse("interactions:template_list")).content.decode()
    assert reverse("interactions:template_update", args=["BUS"]) not in content
    assert client.post(reverse("interactions:template_create"), template_post()).status_code == 403


def test_marketer_reads_the_group_card_with_its_templates_but_cannot_save_it(client_as, marketer):
    InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER"))
    client = client_as(marketer)
    url = reverse("interactions:group_update", args=["LETTER"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].fields["description"].disabled
    assert 'name="save"' not in response.text
    assert reverse("interactions:template_list") + "?interaction_group=LETTER" in response.text
    assert client.post(url, {"code": "LETTER", "description": "Brev"}).status_code == 403


def test_group_delete_asks_bc_question_first(client_as, admin):
    InteractionGroupFactory(code="LETTER")
    response = client_as(admin).post(reverse("interactions:group_delete", args=["LETTER"]))
    assert "Do you want to delete Interaction Group LETTER?" in response.text
    assert InteractionGroup.objects.filter(code="LETTER").exists()
