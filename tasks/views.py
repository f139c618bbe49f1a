"""Views of the tasks app."""
