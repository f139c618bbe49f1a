"""A code saved by another user between a form's check and its save is a message on the form, never a 500."""

import pytest

from campaigns.forms import CampaignStatusForm
from campaigns.models import CampaignStatus
from core.forms import SAVED_BY_ANOTHER_USER, save_or_report
from opportunities.forms_setup import CloseOpportunityCodeForm
from opportunities.models import CloseOpportunityCode

pytestmark = pytest.mark.django_db


def test_a_code_taken_after_the_check_is_reported_next_to_the_field():
    form = CampaignStatusForm(data={"code": "1-PLAN", "description": "Planning", "sort_order": "10"})
    assert form.is_valid()
    CampaignStatus.objects.create(code="1-PLAN", description="Saved by someone else")

    assert save_or_report(form) is None

    assert "code" in form.errors
    assert form.data["description"] == "Planning"  # what the user typed stays
    assert CampaignStatus.objects.get().description == "Saved by someone else"


def test_a_valid_form_is_saved():
    form = CloseOpportunityCodeForm(data={"code": "PRICE", "description": "Best price", "type": "won"})
    assert form.is_valid(), form.errors
    saved = save_or_report(form)
    assert saved is not None and CloseOpportunityCode.objects.get().code == "PRICE"


def test_a_refusal_without_a_named_rule_gets_the_general_message(monkeypatch):
    form = CampaignStatusForm(data={"code": "2-RUN", "description": "Running", "sort_order": "20"})
    assert form.is_valid()

    def refuse(*args, **kwargs):
        from django.db import IntegrityError

        raise IntegrityError("refused")

    monkeypatch.setattr(form, "save", refuse)
    assert save_or_report(form) is None
    assert form.non_field_errors() == [str(SAVED_BY_ANOTHER_USER)]
