"""Views of the interactions app."""
