from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = _("Inrapportering")

    def ready(self):
        from django.urls import register_converter

        from projects import collation, signals  # noqa: F401 - connects the sign-in record
        from projects.years import YearConverter

        # Every year in an address is checked once, by the converter (404 outside the range).
        register_converter(YearConverter, "year")
        # Name columns sort with the Swedish collation; SQLite needs it on every connection.
        connection_created.connect(collation.register, dispatch_uid="projects.collation")
