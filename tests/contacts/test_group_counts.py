"""No. of Contacts of the contact groupings follows the links in every way they are written (database triggers)."""

import pytest
from django.db import transaction

from contacts.models import ContactMailingGroup, MailingGroup
from tests.contacts.factories import CompanyFactory, MailingGroupFactory, PersonFactory, link

pytestmark = pytest.mark.django_db


def counts() -> dict[str, tuple[int, int]]:
    """Per group: the kept No. of Contacts and the links counted afresh."""
    return {
        group.code: (group.no_of_contacts, ContactMailingGroup.objects.filter(mailing_group=group).count())
        for group in MailingGroup.objects.all()
    }


def test_no_of_contacts_follows_links_added_moved_and_removed():
    news, vip = MailingGroupFactory(code="NEWS"), MailingGroupFactory(code="VIP")
    people = [PersonFactory() for _ in range(4)]
    for person in people:
        link(person, news)
    ContactMailingGroup.objects.bulk_create(ContactMailingGroup(contact=p, mailing_group=vip) for p in people[:3])
    assert counts() == {"NEWS": (4, 4), "VIP": (3, 3)}

    ContactMailingGroup.objects.filter(contact=people[0], mailing_group=news).update(
        mailing_group=MailingGroupFactory(code="XMAS")
    )
    people[1].delete()  # its links go with it (CASCADE)
    ContactMailingGroup.objects.filter(mailing_group=vip, contact=people[2]).delete()

    assert counts() == {"NEWS": (2, 2), "VIP": (1, 1), "XMAS": (1, 1)}


def test_a_rolled_back_link_leaves_the_count():
    news = MailingGroupFactory(code="NEWS")
    company = CompanyFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        link(company, news)
        raise RuntimeError("the import failed later on")

    assert counts() == {"NEWS": (0, 0)}


def test_the_setup_list_shows_the_kept_count(client_as, admin):
    news = MailingGroupFactory(code="NEWS")
    for _ in range(3):
        link(PersonFactory(), news)

    response = client_as(admin).get("/contacts/setup/mailing-groups/")

    rows = {row.object.code: row.object for row in response.context["listing"].rows}
    assert rows["NEWS"].used_by == 3


def test_saving_a_group_card_keeps_the_count_the_triggers_moved_meanwhile(client_as, admin):
    news = MailingGroupFactory(code="NEWS", description="News")
    loaded = MailingGroup.objects.get(pk=news.pk)  # as a card loads it
    link(PersonFactory(), news)  # another user adds a contact meanwhile

    loaded.description = "Newsletter"
    loaded.save()

    news.refresh_from_db()
    assert (news.description, news.no_of_contacts) == ("Newsletter", 1)
