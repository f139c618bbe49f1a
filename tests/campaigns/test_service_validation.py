"""The campaign services check what the card form checks, so no caller reaches the database's constraints."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from campaigns import services
from campaigns.models import Campaign
from tests.campaigns.factories import CampaignFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 1)
APRIL = datetime.date(2026, 4, 1)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_create_refuses_a_blocked_salesperson(series):
    blocked = SalespersonFactory(code="BL", blocked=True)
    with pytest.raises(ValidationError) as error:
        services.create_campaign(campaign=Campaign(description="x", salesperson=blocked), user=None)
    assert messages_of(error.value) == {"salesperson": ["Salesperson BL is blocked and cannot be chosen."]}
    assert not Campaign.objects.exists()


def test_create_refuses_a_privacy_blocked_salesperson(series):
    hidden = SalespersonFactory(code="PB", privacy_blocked=True)
    with pytest.raises(ValidationError) as error:
        services.create_campaign(campaign=Campaign(description="x", salesperson=hidden), user=None)
    assert error.value.message_dict["salesperson"] == ["Salesperson PB is blocked and cannot be chosen."]


def test_create_refuses_starting_after_ending_with_the_constraint_wording(series):
    with pytest.raises(ValidationError) as error:
        services.create_campaign(campaign=Campaign(starting_date=APRIL, ending_date=MARCH), user=None)
    assert messages_of(error.value) == {"starting_date": ["Starting Date must be before Ending Date."]}
    constraint = next(c for c in Campaign._meta.constraints if c.name == "campaigns_campaign_starting_before_ending")
    assert str(constraint.violation_error_message) == "Starting Date must be before Ending Date."
    assert not Campaign.objects.exists()


def test_update_refuses_starting_after_ending():
    campaign = CampaignFactory(starting_date=MARCH, ending_date=APRIL)
    campaign.starting_date = datetime.date(2026, 5, 1)
    with pytest.raises(ValidationError) as error:
        services.update_campaign(campaign=campaign, expected_version=campaign.version)
    assert messages_of(error.value) == {"starting_date": ["Starting Date must be before Ending Date."]}
    assert Campaign.objects.get(pk=campaign.pk).starting_date == MARCH


def test_update_refuses_a_newly_chosen_blocked_salesperson():
    campaign = CampaignFactory(salesperson=SalespersonFactory(code="OK"))
    campaign.salesperson = SalespersonFactory(code="BL", blocked=True)
    with pytest.raises(ValidationError) as error:
        services.update_campaign(campaign=campaign, expected_version=campaign.version)
    assert messages_of(error.value) == {"salesperson": ["Salesperson BL is blocked and cannot be chosen."]}
    assert Campaign.objects.get(pk=campaign.pk).salesperson.code == "OK"


def test_update_keeps_a_salesperson_blocked_since_it_was_chosen():
    salesperson = SalespersonFactory(code="WAS")
    campaign = CampaignFactory(salesperson=salesperson, description="Old")
    salesperson.blocked = True
    salesperson.save()
    campaign.description = "New"
    services.update_campaign(campaign=campaign, expected_version=campaign.version)
    assert Campaign.objects.get(pk=campaign.pk).description == "New"


def test_a_number_taken_at_the_same_moment_is_a_message_not_an_integrity_error():
    """The existence check passed, then another user's insert of the same No. won at the unique index."""
    CampaignFactory(no="TWICE")
    with (
        mock.patch.object(services, "assign_no", return_value=("TWICE", None)),
        mock.patch.object(services.Campaign.objects, "filter", return_value=Campaign.objects.none()),
        pytest.raises(ValidationError) as error,
    ):
        services.create_campaign(campaign=Campaign(description="x"), user=None)
    assert messages_of(error.value) == {
        "no": ["The Campaign already exists. Identification fields and values: No.='TWICE'"]
    }


def test_no_integrity_error_escapes_the_create_service(series):
    with pytest.raises(ValidationError):
        try:
            services.create_campaign(campaign=Campaign(starting_date=APRIL, ending_date=MARCH), user=None)
        except IntegrityError:  # pragma: no cover - what the test rules out
            pytest.fail("IntegrityError reached the caller")
