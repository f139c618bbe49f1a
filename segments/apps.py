from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "segments"
    verbose_name = "Segments"

    def ready(self) -> None:
        from segments import jobs  # noqa: F401 - registers the segment job handlers
        from segments import log_jobs  # noqa: F401  (registers the Log Segment job handler)
