from tests.access import ADMIN, MANAGER, MARKETER, Route, roles_

READERS = roles_(ADMIN, MARKETER, MANAGER)
LOGGERS = roles_(ADMIN, MARKETER)
MATRIX_CONTACT = "CTMATRIX"


def an_entry(user):
    from tests.interactions.factories import InteractionLogEntryFactory

    return {"pk": InteractionLogEntryFactory().pk}


def a_logged_segment(user):
    from tests.interactions.factories import LoggedSegmentFactory

    return {"pk": LoggedSegmentFactory().pk}


def the_matrix_contact(user):
    from tests.contacts.factories import PersonFactory

    PersonFactory(no=MATRIX_CONTACT)
    return {}


# Interaction log entries, logged segments, the history panel and Log Interaction (interactions/log_views.py).
LOG_ROUTES = [
    Route("interactions:entry_list", get=READERS),
    Route("interactions:entry_detail", get=READERS, kwargs=an_entry),
    Route("interactions:entry_cancel", post=LOGGERS),
    Route("interactions:logged_segment_list", get=READERS),
    Route("interactions:logged_segment_detail", get=READERS, kwargs=a_logged_segment),
    Route("interactions:logged_segment_cancel", post=LOGGERS),
    Route("interactions:history_panel", get=READERS, kwargs=the_matrix_contact, query=f"?contact={MATRIX_CONTACT}"),
    Route(
        "interactions:log_interaction",
        get=LOGGERS,
        post=LOGGERS,
        kwargs=the_matrix_contact,
        query=f"?contact={MATRIX_CONTACT}",
    ),
]


# Interaction groups and templates: setup pages (interactions/views.py).
def a_group(user):
    from tests.interactions.factories import InteractionGroupFactory

    return {"code": InteractionGroupFactory(code="LETTER").code}


def a_template(user):
    from tests.interactions.factories import InteractionGroupFactory, InteractionTemplateFactory

    return {
        "code": InteractionTemplateFactory(code="BUS", interaction_group=InteractionGroupFactory(code="LETTER")).code
    }


SETUP_ROUTES = [
    Route("interactions:group_list", get=READERS),
    Route("interactions:group_create", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("interactions:group_update", get=READERS, post=roles_(ADMIN), kwargs=a_group),
    Route("interactions:group_delete", post=roles_(ADMIN), kwargs=a_group),
    Route("interactions:template_list", get=READERS),
    Route("interactions:template_create", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("interactions:template_update", get=roles_(ADMIN), post=roles_(ADMIN), kwargs=a_template),
    Route("interactions:template_delete", post=roles_(ADMIN), kwargs=a_template),
]

ROUTES = LOG_ROUTES + SETUP_ROUTES
