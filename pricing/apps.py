from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        # Register the job handlers and the receivers of the campaigns app's signals.
        from pricing import jobs, receivers  # noqa: F401
