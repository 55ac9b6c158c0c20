"""django.contrib.admin with the editors' own site as its default (`admin.site`): see
readouts/admin_site.py."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "readouts.admin_site.ReadoutsAdminSite"
