from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konto/", include("projects.account_urls")),
    path("rapport/", include("reporting.urls")),
    # The open figures of published years; 404 unless PUBLIC_FIGURES is on.
    path("oppna-data/", include("reporting.open_data.urls")),
    path("", include("projects.urls")),
]

# Single sign-on's sign-in, callback and sign-out exist only when it is switched on.
if settings.OIDC_ENABLED:
    urlpatterns.insert(-1, path("oidc/", include("mozilla_django_oidc.urls")))
