"""The lists of salespeople, teams and users for the shared list tests (tests/test_lists.py)."""

from salespeople.models import Salesperson, Team, TeamSalesperson
from tests.core.factories import UserFactory
from tests.list_cases import ListCase


def make_salespeople(count: int) -> None:
    start = Salesperson.objects.count()
    Salesperson.objects.bulk_create(
        Salesperson(code=f"LS{start + n:05d}", name=f"{'Lamp' if n % 2 else 'Chair'} {n}", blocked=n % 3 == 0)
        for n in range(count)
    )


def make_teams(count: int) -> None:
    start = Team.objects.count()
    member = Salesperson.objects.create(code=f"TM{start:05d}", name="Member")
    teams = Team.objects.bulk_create(
        Team(code=f"LT{start + n:05d}", name=f"{'Lamp' if n % 2 else 'Chair'} {n}") for n in range(count)
    )
    TeamSalesperson.objects.bulk_create(TeamSalesperson(team=team, salesperson=member) for team in teams[::2])


def make_users(count: int) -> None:
    """Users, one of them with a role and a salesperson, every other one named Lamp."""
    from core.models import User

    start = User.objects.count()
    account = UserFactory(username=f"lamp{start:05d}", first_name="Lamp")
    Salesperson.objects.create(code=f"US{start:05d}", name="User", user=account)
    User.objects.bulk_create(
        User(username=f"user{start + n:05d}", first_name="Lamp" if n % 2 else "Chair", email=f"u{start + n}@x.example")
        for n in range(count - 1)
    )


LIST_CASES = [
    ListCase("salespeople.salespeople", "salespeople:list", make_salespeople, filter="?q=lamp"),
    ListCase("salespeople.teams", "salespeople:team_list", make_teams, filter="?q=lamp"),
    ListCase("salespeople.users", "salespeople:user_list", make_users, filter="?q=lamp"),
]
