"""Demo users (one per role) and the number series of Marketing Setup."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core import roles
from core.models import MarketingSetup, NoSeries, User

DEMO_PASSWORD = "campaign-desk"  # noqa: S105 - documented demo login, never used in production
DEMO_USERS = [
    # username, first name, last name, role
    ("admin", "Ada", "Admin", roles.ADMINISTRATOR),
    ("marketer", "Mia", "Marketer", roles.MARKETER),
    ("manager", "Sam", "Manager", roles.SALES_MANAGER),
    ("seller", "Lena", "Larsen", roles.SALESPERSON),
    ("seller2", "Jonas", "Olsen", roles.SALESPERSON),
]
DEMO_SERIES = [
    # code, description, starting no., Marketing Setup field
    ("CAMP", _("Campaigns"), "CP0001", "campaign_nos"),
    ("SEGM", _("Segments"), "SM0001", "segment_nos"),
    ("TODO", _("Tasks"), "TD0001", "task_nos"),
    ("CONT", _("Contacts"), "CT0001", "contact_nos"),
    ("OPP", _("Opportunities"), "OP0001", "opportunity_nos"),
    ("ITEM", _("Items"), "IT0001", "item_nos"),
    ("CUST", _("Customers"), "C0001", "customer_nos"),
]


def load() -> str:
    created_users = 0
    for username, first_name, last_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.ADMINISTRATOR
            user.is_superuser = role == roles.ADMINISTRATOR
            user.save()
            user.groups.add(Group.objects.get(name=role))
            created_users += 1
    setup = MarketingSetup.get()
    for code, description, starting_no, field in DEMO_SERIES:
        series, _created = NoSeries.objects.get_or_create(
            code=code, defaults={"description": str(description), "starting_no": starting_no}
        )
        if getattr(setup, field) is None:
            setattr(setup, field, series)
    setup.save()
    return f"{created_users} users created"
