"""/api/v1/: the token API. Its views authenticate themselves (a token, or the session), so
the site-wide login redirect is lifted for them; the docs page stays behind the login form."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import changes, views

app_name = "api"


def api(view_class, **kwargs):
    return login_not_required(view_class.as_view(**kwargs))


def docs_policy(view):
    """Swagger UI sets inline styles and data: icons as it draws; its scripts stay files of our
    own (script-src 'self', as on every page). This page's policy allows those two things."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = settings.API_DOCS_CONTENT_SECURITY_POLICY
        return response

    return wrapped


urlpatterns = [
    path("", api(views.Index), name="index"),
    path("events/", api(views.EventList), name="event-list"),
    path("events/<int:pk>/", api(views.EventDetail), name="event-detail"),
    path("statements/", api(views.StatementList), name="statement-list"),
    path("statements/<int:pk>/", api(views.StatementDetail), name="statement-detail"),
    path("actors/", api(views.ActorList), name="actor-list"),
    path("topics/", api(views.TopicList), name="topic-list"),
    path("publishers/", api(views.PublisherList), name="publisher-list"),
    path("changes/", api(changes.Changes), name="changes"),
    path("schema/", api(SpectacularAPIView), name="schema"),
    # A page for people: behind the login form, like every other page.
    path(
        "docs/",
        login_required(docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))),
        name="docs",
    ),
]
