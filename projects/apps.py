from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = _("Inrapportering")

    def ready(self):
        from projects import collation, signals  # noqa: F401 - connects the sign-in record

        # Name columns sort with the Swedish collation; SQLite needs it on every connection.
        connection_created.connect(collation.register, dispatch_uid="projects.collation")
