from tests.access import ADMIN, MARKETER, Route, roles_


def a_segment(user):
    from tests.segments.factories import SegmentFactory

    return {"no": SegmentFactory(no="SMMATRIX").no}


# The Log Segment page (segments/log_views.py).
LOG_ROUTES = [
    Route("segments:log", get=roles_(ADMIN, MARKETER), post=roles_(ADMIN, MARKETER), kwargs=a_segment),
]

ROUTES = LOG_ROUTES
