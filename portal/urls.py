"""The portal's URLs: the analyst pages, the accounts pages and the editors' admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

accounts = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("", include("readouts.browse.urls")),
]

handler500 = "portal.views.server_error"
