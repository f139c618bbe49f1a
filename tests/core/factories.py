import factory
from django.contrib.auth.models import Group

from core.models import MarketingSetup, NoSeries, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class NoSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoSeries
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:03d}")
    description = "Series"
    starting_no = "X0001"


def marketing_setup_with_series() -> MarketingSetup:
    """Marketing Setup with the demo series (CP0001, SM0001, TD0001, CT0001, OP0001, IT0001, C0001)."""
    setup = MarketingSetup.get()
    for field, code, start in [
        ("campaign_nos", "CAMP", "CP0001"),
        ("segment_nos", "SEGM", "SM0001"),
        ("task_nos", "TODO", "TD0001"),
        ("contact_nos", "CONT", "CT0001"),
        ("opportunity_nos", "OPP", "OP0001"),
        ("item_nos", "ITEM", "IT0001"),
        ("customer_nos", "CUST", "C0001"),
    ]:
        setattr(setup, field, NoSeriesFactory(code=code, description=code.title(), starting_no=start))
    setup.save()
    return setup
