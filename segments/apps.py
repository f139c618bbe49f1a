from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "segments"
    verbose_name = "Segments"

    def ready(self) -> None:
        # Register the job handlers: criteria actions, Go Back, Campaign Target, propagation; Log Segment.
        from segments import jobs, log_jobs  # noqa: F401
