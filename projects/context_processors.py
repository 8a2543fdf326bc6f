from django.conf import settings


def navigation(request):
    """Values the base layout needs on every page."""
    return {"LANGUAGES": settings.LANGUAGES}
