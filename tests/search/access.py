from tests.access import ANY, Route

ROUTES = [
    # Every logged-in user may search; each list is searched only if the user may open it (tests/search).
    Route("search:results", get=ANY, query="?q=CP"),
]
