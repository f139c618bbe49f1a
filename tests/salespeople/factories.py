import factory

from salespeople.models import Salesperson, Team, TeamSalesperson


class SalespersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Salesperson
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SP{n:02d}")
    name = factory.Faker("name")
    email = factory.LazyAttribute(lambda s: f"{s.code.lower()}@example.com")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TEAM{n}")
    name = factory.Faker("company")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for salesperson in extracted or []:
            TeamSalesperson.objects.create(team=self, salesperson=salesperson)
