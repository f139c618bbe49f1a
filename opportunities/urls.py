"""The opportunities app's URLs; each area's view module declares its own patterns."""

from opportunities.views import opportunities, pipeline, setup, wizards

app_name = "opportunities"

urlpatterns = [*setup.urlpatterns, *pipeline.urlpatterns, *wizards.urlpatterns, *opportunities.urlpatterns]
