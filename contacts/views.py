"""Views of the contacts app."""
