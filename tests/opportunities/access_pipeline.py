"""The pipeline area's rows of the role matrix: the pipeline page and a campaign's Opportunities fragment."""

from tests.access import ALL_ROLES, Route
from tests.campaigns.factories import CampaignFactory


def campaign_cp0001(user) -> dict:
    """The fragment answers 404 for an unknown campaign, so the campaign its query names must exist."""
    CampaignFactory(no="CP0001")
    return {}


ROUTES = [
    Route("opportunities:pipeline", get=ALL_ROLES),
    Route("opportunities:campaign_statistics", get=ALL_ROLES, kwargs=campaign_cp0001, query="?campaign=CP0001"),
]
