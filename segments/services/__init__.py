"""Segment operations, one module per area: lines, criteria (add/remove/go back/reuse), propagation,
log segment. Import the module you need: `from segments.services import criteria`."""
