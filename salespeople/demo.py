"""Demo salespeople (two linked to the demo users `seller` and `seller2`) and two teams."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.models import User
from salespeople.models import Salesperson, Team, TeamSalesperson

SALESPEOPLE = [
    # code, name, job title, phone, commission %, linked demo user, blocked
    ("LL", "Lena Larsen", _("Account Manager"), "+47 22 00 10 01", Decimal("2.5"), "seller", False),
    ("JO", "Jonas Olsen", _("Sales Representative"), "+47 22 00 10 02", Decimal("3"), "seller2", False),
    ("KH", "Kari Hansen", _("Key Account Manager"), "+47 22 00 10 03", Decimal("4"), None, False),
    ("PB", "Per Berg", _("Inside Sales"), "+47 22 00 10 04", Decimal("1.5"), None, False),
    ("EN", "Eva Nilsen", _("Sales Representative"), "+47 22 00 10 05", Decimal("2"), None, True),
]
# Task Capacity per Week where it is not the default 40: part-timers, so the workload shows full weeks.
CAPACITIES = {"KH": 1, "JO": 2}
TEAMS = [
    ("NORTH", _("Team North"), ["KH", "LL", "PB"]),
    ("EVENTS", _("Events and Trade Fairs"), ["JO", "KH"]),
]


def load() -> str:
    created = 0
    for code, name, job_title, phone, commission, username, blocked in SALESPEOPLE:
        salesperson, was_created = Salesperson.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "job_title": str(job_title),
                "email": f"{name.split()[0].lower()}@cronus.example.com",
                "phone_no": phone,
                "commission_pct": commission,
                "blocked": blocked,
                "task_capacity_per_week": CAPACITIES.get(code, 40),
            },
        )
        created += was_created
        if username and salesperson.user_id is None:
            user = User.objects.filter(username=username, salesperson__isnull=True).first()
            if user:
                salesperson.user = user
                salesperson.save(update_fields=["user"])
    for code, name, members in TEAMS:
        team, _created = Team.objects.get_or_create(code=code, defaults={"name": str(name)})
        for member in members:
            TeamSalesperson.objects.get_or_create(team=team, salesperson=Salesperson.objects.get(code=member))
    return f"{created} salespeople created"
