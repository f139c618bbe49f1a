"""The contact lists and the contacts' code tables for the shared list tests (tests/test_lists.py)."""

from contacts.models import BusinessRelation, IndustryGroup, JobResponsibility, MailingGroup
from tests.list_cases import ListCase


def make_codes(model):
    """Make n rows of a code table, every other one described as a lamp."""

    def make(count: int) -> None:
        start = model.objects.count()
        model.objects.bulk_create(
            model(code=f"C{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}") for n in range(count)
        )

    return make


LIST_CASES = [
    ListCase(
        f"contacts.{model._meta.model_name}", f"contacts:{model._meta.model_name}_list", make_codes(model), "?q=lamp"
    )
    for model in (IndustryGroup, BusinessRelation, MailingGroup, JobResponsibility)
]
