from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from projects.forms.account import LoginForm
from projects.views.account import SessionKeepAliveView, SignOutView

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", SignOutView.as_view(), name="logout"),
    path(
        "fortsatt-inloggad/",
        SessionKeepAliveView.as_view(),
        name="session_keepalive",
    ),
    path(
        "byt-losenord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "byt-losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
