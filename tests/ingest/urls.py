"""A URLconf for the admin page tests: the portal's, plus the "Add readout" page where the
lead wires it (/admin/readouts/event/add-readout/)."""

from django.contrib import admin
from django.urls import include, path

from portal.urls import accounts
from readouts.admin_ingest import add_readout_view
from readouts.models import Event

if not admin.site.is_registered(Event):
    admin.site.register(Event)

urlpatterns = [
    path(
        "admin/readouts/event/add-readout/",
        admin.site.admin_view(add_readout_view),
        name="test_add_readout",
    ),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("", include("readouts.urls")),
]
