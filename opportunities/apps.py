from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Opportunities"

    def ready(self) -> None:
        from opportunities import jobs  # noqa: F401 - registers the job handler
