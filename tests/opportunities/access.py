"""The opportunities app's rows of the role matrix, one module per area (setup, opportunities, wizards, pipeline)."""

from importlib import import_module
from importlib.util import find_spec

ROUTES = []
for _area in ("setup", "opportunities", "wizards", "pipeline"):
    if find_spec(f"tests.opportunities.access_{_area}") is not None:
        ROUTES += import_module(f"tests.opportunities.access_{_area}").ROUTES
