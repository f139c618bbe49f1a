import factory

from contacts.models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)


class CompanyFactory(factory.django.DjangoModelFactory):
    """A company contact; its Company No. is itself."""

    class Meta:
        model = Contact
        django_get_or_create = ("no",)
        skip_postgeneration_save = True

    no = factory.Sequence(lambda n: f"CT{n + 1:05d}")
    name = factory.Faker("company")
    type = Contact.Type.COMPANY
    company_name = factory.SelfAttribute("name")
    city = factory.Faker("city")
    email = factory.LazyAttribute(lambda c: f"post@{c.no.lower()}.example.com")

    @factory.post_generation
    def own_company(self, create, extracted, **kwargs):
        if create and self.company_id is None:
            self.company = self
            self.save(update_fields=["company"])


class PersonFactory(factory.django.DjangoModelFactory):
    """A person contact, by default working for a new company."""

    class Meta:
        model = Contact
        django_get_or_create = ("no",)

    no = factory.Sequence(lambda n: f"CP{n + 1:05d}")
    name = factory.Faker("name")
    type = Contact.Type.PERSON
    company = factory.SubFactory(CompanyFactory)
    company_name = factory.LazyAttribute(lambda p: p.company.name if p.company else "")
    email = factory.LazyAttribute(lambda p: f"{p.no.lower()}@example.com")


class IndustryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND{n}")
    description = factory.Faker("bs")


class BusinessRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessRelation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"BR{n}")
    description = factory.Faker("bs")


class MailingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"MG{n}")
    description = factory.Faker("bs")


class JobResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobResponsibility
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"JR{n}")
    description = factory.Faker("job")


def link(contact: Contact, group) -> None:
    """Put a contact in an industry group, business relation, mailing group or job responsibility."""
    through = {
        IndustryGroup: (ContactIndustryGroup, "industry_group"),
        BusinessRelation: (ContactBusinessRelation, "business_relation"),
        MailingGroup: (ContactMailingGroup, "mailing_group"),
        JobResponsibility: (ContactJobResponsibility, "job_responsibility"),
    }
    model, field = through[type(group)]
    model.objects.get_or_create(contact=contact, **{field: group})
