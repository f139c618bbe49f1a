"""The segments app's rows of the role matrix."""

from segments.models import LINE_NO_STEP
from tests.access import ADMIN, MANAGER, MARKETER, Route, roles_


def segment(user):
    from tests.segments.factories import SegmentFactory

    return {"no": SegmentFactory(no="SMX001").no}


def line(user):
    from tests.segments.factories import SegmentFactory, SegmentLineFactory

    header = SegmentFactory(no="SMX001")
    if not header.lines.filter(line_no=LINE_NO_STEP).exists():
        SegmentLineFactory(segment=header, line_no=LINE_NO_STEP)
    return {"no": header.no, "line_no": LINE_NO_STEP}


def criteria(user):
    return {**segment(user), "action": "add"}


def saved(user):
    from segments.models import SavedSegmentCriteria

    SavedSegmentCriteria.objects.get_or_create(code="MATRIX")
    return {"code": "MATRIX"}


EDITORS = roles_(ADMIN, MARKETER)
READERS = roles_(ADMIN, MARKETER, MANAGER)

SEGMENT_ROUTES = [
    Route("segments:list", get=READERS),
    Route("segments:create", get=EDITORS, post=EDITORS),
    Route("segments:options", get=READERS, query="?field=segment&segment=SM"),
    Route("segments:detail", get=READERS, kwargs=segment),
    Route("segments:update", post=EDITORS, kwargs=segment),
    Route("segments:delete", post=EDITORS, kwargs=segment),
    Route("segments:line_add", post=EDITORS, kwargs=segment),
    Route("segments:lines_remove", post=EDITORS, kwargs=segment),
    Route("segments:lines_target", post=EDITORS, kwargs=segment),
    Route("segments:line_update", get=EDITORS, post=EDITORS, kwargs=line),
    Route("segments:line_target", post=EDITORS, kwargs=line),
    Route("segments:criteria", get=EDITORS, post=EDITORS, kwargs=criteria),
    Route("segments:criteria_count", get=EDITORS, kwargs=criteria),
    Route("segments:go_back", post=EDITORS, kwargs=segment),
    Route("segments:save_criteria", get=EDITORS, post=EDITORS, kwargs=segment),
    Route("segments:reuse_criteria", get=EDITORS, post=EDITORS, kwargs=segment),
    Route("segments:reuse_logged", get=EDITORS, post=EDITORS, kwargs=segment),
    Route("segments:saved_criteria_list", get=READERS),
    Route("segments:saved_criteria_delete", post=EDITORS, kwargs=saved),
]


def a_segment(user):
    from tests.segments.factories import SegmentFactory

    return {"no": SegmentFactory(no="SMMATRIX").no}


# The Log Segment page (segments/log_views.py).
LOG_ROUTES = [
    Route("segments:log", get=roles_(ADMIN, MARKETER), post=roles_(ADMIN, MARKETER), kwargs=a_segment),
]

ROUTES = SEGMENT_ROUTES + LOG_ROUTES
