"""The portal's URLs: the analyst pages, the accounts pages and the editors' admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from readouts.api import pages as api_pages
from readouts.login import LoginForm
from readouts.watch.feeds import SavedSearchFeed

from . import views

accounts = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("tokens/", api_pages.token_list, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", api_pages.token_revoke, name="api_token_revoke"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("readouts.api.urls")),
    # For feed readers, which cannot log in: the secret in the address stands for its owner.
    path("feeds/<str:key>/", login_not_required(SavedSearchFeed()), name="saved_search_atom"),
    path("", include("readouts.browse.urls")),
]

handler500 = "portal.views.server_error"
