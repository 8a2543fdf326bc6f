from django.urls import path

from projects.views import home

app_name = "projects"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
]
