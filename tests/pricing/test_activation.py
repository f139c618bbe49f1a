"""Activate / Deactivate and live maintenance of Campaign Target Groups (DOMAIN 2.4, A.4)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaigns.signals import campaign_dates_changed, notify_targets_changed
from pricing.models import CampaignActivation, CampaignTargetGroup, Customer, SalesLineDiscount, SalesPrice
from pricing.services import (
    NOTHING_TARGETED,
    activate_campaign,
    create_customer,
    deactivate_campaign,
    delete_customer,
    preflight,
    resync_target_groups,
)
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.pricing.factories import CampaignDiscountFactory, CampaignPriceFactory, CustomerFactory, ItemFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

pytestmark = pytest.mark.django_db


def rows(campaign):
    """The campaign's target groups as (Type, No.) pairs."""
    return sorted(
        (row.type, row.customer.no if row.customer_id else row.contact.no)
        for row in CampaignTargetGroup.objects.filter(campaign=campaign).select_related("customer", "contact")
    )


@pytest.fixture
def campaign():
    return CampaignFactory(no="CP0001")


@pytest.fixture
def world():
    """Acme (customer C9001) with person Anna; Beta (no customer) with person Bo; Carl without company."""
    acme = CompanyFactory(no="CT0001", name="Acme")
    beta = CompanyFactory(no="CT0002", name="Beta")
    return {
        "acme": acme,
        "anna": PersonFactory(no="CT0011", company=acme),
        "acme_customer": CustomerFactory(no="C9001", contact=acme),
        "beta": beta,
        "bo": PersonFactory(no="CT0021", company=beta),
        "carl": PersonFactory(no="CT0031", company=None, company_name=""),
    }


def line(campaign, contact, *, target=True, segment=None):
    return SegmentLineFactory(
        segment=segment or SegmentFactory(), contact=contact, campaign=campaign, campaign_target=target
    )


def test_activate_refuses_a_campaign_without_targets(campaign, world):
    line(campaign, world["anna"], target=False)
    InteractionLogEntryFactory(contact=world["bo"], campaign=campaign, campaign_target=True, postponed=True)
    with pytest.raises(ValidationError) as error:
        activate_campaign(campaign=campaign)
    assert error.value.messages == [str(NOTHING_TARGETED)]
    assert not CampaignTargetGroup.objects.exists()
    assert not CampaignActivation.objects.exists()


def test_activate_maps_lines_to_the_company_its_customer_or_the_person_without_company(campaign, world):
    line(campaign, world["anna"])  # person of Acme → customer C0001
    line(campaign, world["acme"])  # the company itself → the same customer
    line(campaign, world["bo"])  # person of Beta, no customer → contact CT0002
    line(campaign, world["carl"])  # person without company → itself
    line(campaign, PersonFactory(no="CT0041"), target=False)  # not a target
    line(CampaignFactory(no="CP0002"), PersonFactory(no="CT0051"))  # another campaign
    result = activate_campaign(campaign=campaign)
    assert rows(campaign) == [("contact", "CT0002"), ("contact", "CT0031"), ("customer", "C9001")]
    assert (result.inserted, result.target_customers, result.target_contacts) == (3, 1, 2)
    assert CampaignActivation.objects.filter(campaign=campaign).exists()


def test_activate_takes_targeted_interaction_log_entries_not_postponed_canceled_included(campaign, world):
    InteractionLogEntryFactory(contact=world["anna"], campaign=campaign, campaign_target=True, canceled=True)
    InteractionLogEntryFactory(contact=world["bo"], campaign=campaign, campaign_target=True, postponed=True)
    InteractionLogEntryFactory(contact=world["carl"], campaign=campaign, campaign_target=False)
    activate_campaign(campaign=campaign)
    assert rows(campaign) == [("customer", "C9001")]


def test_activating_twice_inserts_nothing_the_second_time(campaign, world):
    line(campaign, world["anna"])
    InteractionLogEntryFactory(contact=world["anna"], campaign=campaign, campaign_target=True)
    line(campaign, world["bo"])
    assert activate_campaign(campaign=campaign).inserted == 2
    ids = set(CampaignTargetGroup.objects.values_list("id", flat=True))
    assert activate_campaign(campaign=campaign).inserted == 0
    assert set(CampaignTargetGroup.objects.values_list("id", flat=True)) == ids


def test_activation_is_additive(campaign, world):
    line(campaign, world["anna"])
    CampaignTargetGroup.objects.create(type="contact", contact=world["beta"], campaign=campaign)
    activate_campaign(campaign=campaign)
    assert rows(campaign) == [("contact", "CT0002"), ("customer", "C9001")]


def test_deactivate_removes_the_campaigns_target_groups_only(campaign, world):
    other = CampaignFactory(no="CP0002")
    line(campaign, world["anna"])
    line(other, world["anna"])
    activate_campaign(campaign=campaign)
    activate_campaign(campaign=other)
    assert deactivate_campaign(campaign=campaign) == 1
    assert rows(campaign) == []
    assert not CampaignActivation.objects.filter(campaign=campaign).exists()
    assert rows(other) == [("customer", "C9001")]
    assert deactivate_campaign(campaign=campaign) == 0  # nothing to delete is no error


# --- live maintenance --------------------------------------------------------------------------------


@pytest.fixture
def activated(campaign, world):
    line(campaign, world["anna"])
    activate_campaign(campaign=campaign)
    return campaign


def test_a_targeted_line_added_to_an_activated_campaign_adds_its_target(activated, world):
    line(activated, world["bo"])
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("contact", "CT0002"), ("customer", "C9001")]


def test_clearing_campaign_target_on_the_last_line_removes_the_target(activated, world):
    other_line = line(activated, world["bo"])
    notify_targets_changed({activated.pk})
    other_line.campaign_target = False
    other_line.save()
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("customer", "C9001")]


def test_a_target_stays_while_another_line_or_entry_still_targets_the_company(activated, world):
    second = line(activated, world["acme"])  # same company as Anna
    entry = InteractionLogEntryFactory(contact=world["anna"], campaign=activated, campaign_target=True)
    notify_targets_changed({activated.pk})
    SegmentLineFactory._meta.model.objects.filter(contact=world["anna"]).delete()
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("customer", "C9001")]
    second.delete()
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("customer", "C9001")]  # the entry still targets Acme
    entry.delete()
    notify_targets_changed({activated.pk})
    assert rows(activated) == []
    assert CampaignActivation.objects.filter(campaign=activated).exists()  # still activated, no targets now


def test_moving_a_line_to_another_campaign_moves_its_target(activated, world):
    other = CampaignFactory(no="CP0002")
    line(other, world["carl"])
    activate_campaign(campaign=other)
    moved = line(activated, world["bo"])
    notify_targets_changed({activated.pk})
    moved.campaign = other
    moved.save()
    notify_targets_changed({activated.pk, other.pk})
    assert rows(activated) == [("customer", "C9001")]
    assert rows(other) == [("contact", "CT0002"), ("contact", "CT0031")]


def test_header_propagation_of_campaign_target_keeps_target_groups_in_step(activated, world):
    segment = SegmentFactory()
    for contact in (world["bo"], world["carl"]):
        line(activated, contact, target=False, segment=segment)
    segment.lines.update(campaign_target=True)  # the header's bulk update, without line validation
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("contact", "CT0002"), ("contact", "CT0031"), ("customer", "C9001")]
    segment.lines.update(campaign_target=False)
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("customer", "C9001")]


def test_go_back_deleting_the_inserted_lines_removes_their_targets(activated, world):
    segment = SegmentFactory()
    for contact in (world["bo"], world["carl"]):
        SegmentLineFactory(segment=segment, contact=contact, campaign=activated, campaign_target=True, action_no=2)
    notify_targets_changed({activated.pk})
    segment.lines.filter(action_no=2).delete()
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("customer", "C9001")]


def test_logging_and_postponing_entries_keep_targets_in_step(activated, world):
    entry = InteractionLogEntryFactory(contact=world["bo"], campaign=activated, campaign_target=True)
    notify_targets_changed({activated.pk})
    assert ("contact", "CT0002") in rows(activated)
    entry.postponed = True
    entry.save()
    notify_targets_changed({activated.pk})
    assert ("contact", "CT0002") not in rows(activated)


def test_changes_to_a_campaign_that_is_not_activated_add_nothing(campaign, world):
    line(campaign, world["anna"])
    notify_targets_changed({campaign.pk})
    assert rows(campaign) == []
    assert resync_target_groups(campaign_ids={campaign.pk}) == []


def test_creating_a_customer_turns_contact_rows_into_customer_rows(campaign, world, series):
    line(campaign, world["bo"])
    activate_campaign(campaign=campaign)
    assert rows(campaign) == [("contact", "CT0002")]
    customer = create_customer(customer=Customer(contact=world["beta"]))
    assert customer.no == "C9001" or customer.name == "Beta"
    assert rows(campaign) == [("customer", customer.no)]
    notify_targets_changed({campaign.pk})  # and live maintenance agrees
    assert rows(campaign) == [("customer", customer.no)]


def test_deleting_a_customer_turns_its_rows_back_into_contact_rows(activated, world):
    delete_customer(customer=world["acme_customer"])
    assert rows(activated) == [("contact", "CT0001")]
    notify_targets_changed({activated.pk})
    assert rows(activated) == [("contact", "CT0001")]


# --- campaign coupling ---------------------------------------------------------------------------------


def test_deleting_a_campaign_deletes_its_prices_discounts_and_target_groups(activated):
    CampaignPriceFactory(campaign=activated)
    CampaignDiscountFactory(campaign=activated)
    activated.segment_lines.all().delete()
    activated.delete()
    assert not SalesPrice.objects.exists()
    assert not SalesLineDiscount.objects.exists()
    assert not CampaignTargetGroup.objects.exists()
    assert not CampaignActivation.objects.exists()


def test_campaign_prices_and_discounts_follow_the_campaign_dates(campaign, django_assert_num_queries):
    prices = CampaignPriceFactory.create_batch(3, campaign=campaign)
    CampaignDiscountFactory.create_batch(2, campaign=campaign)
    untouched = CampaignPriceFactory(campaign=CampaignFactory(no="CP0002"))
    campaign.starting_date, campaign.ending_date = datetime.date(2026, 5, 1), datetime.date(2026, 5, 31)
    campaign.save()
    with django_assert_num_queries(2):  # one UPDATE per table
        campaign_dates_changed.send(sender=type(campaign), campaign=campaign)
    for model in (SalesPrice, SalesLineDiscount):
        assert set(model.objects.filter(campaign=campaign).values_list("starting_date", "ending_date")) == {
            (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))
        }
    untouched.refresh_from_db()
    assert untouched.starting_date == datetime.date(2026, 1, 1)
    assert len(prices) == 3


# --- preflight --------------------------------------------------------------------------------------------


def test_preflight_counts_targets_and_lists_what_is_wrong(campaign, world):
    item = ItemFactory(no="IT0001", unit_cost=6)
    CampaignPriceFactory(campaign=campaign, item=item, unit_price=5)  # below the unit cost 6
    CampaignPriceFactory(campaign=campaign, item=ItemFactory(no="IT0002", unit_cost=6), unit_price=7)
    other = CampaignFactory(
        no="CP0002", starting_date=datetime.date(2026, 6, 1), ending_date=datetime.date(2027, 1, 31)
    )
    line(other, world["acme"])
    activate_campaign(campaign=other)
    CampaignPriceFactory(campaign=other, item=item, unit_price=8)
    line(campaign, world["anna"])
    line(campaign, world["bo"])
    line(campaign, world["carl"])
    result = preflight(campaign)
    assert (result.targeted_lines, result.target_customers, result.target_contacts) == (3, 1, 2)
    assert result.has_prices and result.new_rows == 3
    assert [c.no for c in result.contacts_without_customer] == ["CT0002", "CT0031"]
    assert [(o["item_no"], o["campaign_no"], o["shared_targets"]) for o in result.overlaps] == [("IT0001", "CP0002", 1)]
    assert [(b["price"].item.no, b["price_lcy_per_base_unit"]) for b in result.below_cost] == [("IT0001", 5)]


def test_preflight_ignores_activated_campaigns_that_do_not_overlap_in_time(campaign, world):
    item = ItemFactory(no="IT0001")
    CampaignPriceFactory(campaign=campaign, item=item)
    later = CampaignFactory(no="CP0002", starting_date=datetime.date(2027, 1, 1), ending_date=datetime.date(2027, 2, 1))
    line(later, world["acme"])
    activate_campaign(campaign=later)
    CampaignPriceFactory(campaign=later, item=item)
    line(campaign, world["anna"])
    assert preflight(campaign).overlaps == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_activations_insert_each_target_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    campaign = CampaignFactory(no="CP0001")
    for n in range(50):
        line(campaign, PersonFactory(no=f"CT9{n:03d}"))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connections

        try:
            barrier.wait()
            results.append(activate_campaign(campaign=campaign).inserted)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [0, 50]
    assert CampaignTargetGroup.objects.filter(campaign=campaign).count() == 50


def test_activation_inserts_exactly_the_rows_derived_targets_describe():
    """The insert finds companies first and their customers once; the result is derived_targets' rows."""
    from pricing.services.activation import derived_targets

    campaign = CampaignFactory()
    with_customer, without = CompanyFactory(), CompanyFactory()
    CustomerFactory(contact=with_customer)
    loner = PersonFactory(company=None)
    segment = SegmentFactory(campaign=campaign)
    for contact in (with_customer, PersonFactory(company=with_customer), PersonFactory(company=without), loner):
        SegmentLineFactory(segment=segment, contact=contact, campaign=campaign, campaign_target=True)
    SegmentLineFactory(segment=segment, contact=PersonFactory(company=CompanyFactory()), campaign=campaign)
    InteractionLogEntryFactory(contact=without, campaign=campaign, campaign_target=True)
    activate_campaign(campaign=campaign)
    derived = {(r["tg_type"], r["tg_customer"], r["tg_contact"]) for r in derived_targets([campaign.pk])}
    stored = set(CampaignTargetGroup.objects.filter(campaign=campaign).values_list("type", "customer", "contact"))
    assert stored == derived and len(stored) == 3


def test_creating_a_customer_locks_the_activated_campaigns_that_target_its_company():
    """So a re-sync running at the same moment finishes before the Contact rows are turned, or starts after."""
    from pricing.services.activation import lock_campaigns_targeting

    company = CompanyFactory()
    targeting, not_activated, other = CampaignFactory(), CampaignFactory(), CampaignFactory()
    for campaign in (targeting, not_activated):
        SegmentLineFactory(contact=PersonFactory(company=company), campaign=campaign, campaign_target=True)
    SegmentLineFactory(contact=CompanyFactory(), campaign=other, campaign_target=True)
    for campaign in (targeting, other):
        activate_campaign(campaign=campaign)
    assert lock_campaigns_targeting(company.pk) == [targeting.pk]
