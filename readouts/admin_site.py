"""The editors' admin site: Django's, refusing what its views would look up as sent and fail on.

- An address that holds a NUL character: the admin's list filters hand the values of the address
  to their queries as they are, and PostgreSQL refuses a text with a NUL character in it
  (`?status__exact=%00` answered an error page, 500, on every list, users and groups included).
- An action on "selected" records that are not ids (`_selected_action=abc`), which the list
  looked up as sent (500)."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest

from .login import AdminLoginForm

NUL_MESSAGE = (
    "The address holds a NUL character (%00), which no filter or search accepts: "
    "nothing was shown or changed."
)
SELECTION_MESSAGE = "The selected records are not ids of records: nothing was changed."


def holds_nul(query):
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


def can_hold(field, value):
    """Whether `value`, as sent, is one that the model field `field` could hold."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


def bad_selection(request, view):
    """Whether an action's POST names as selected records values that are not ids of the list's
    model (the view is a ModelAdmin's, bound to it)."""
    model_admin = getattr(view, "__self__", None)
    if request.method != "POST" or not isinstance(model_admin, admin.ModelAdmin):
        return False
    pk = model_admin.model._meta.pk
    return not all(can_hold(pk, v) for v in request.POST.getlist(ACTION_CHECKBOX_NAME))


class ReadoutsAdminSite(admin.AdminSite):
    site_header = "Readouts: editors"
    site_title = "Readouts admin"
    index_title = "Records"
    login_form = AdminLoginForm

    def admin_view(self, view, cacheable=False):
        """Every view of the admin, behind its login, answers such requests with a 400 and a
        plain message."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            if holds_nul(request.GET):
                return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
            if bad_selection(request, view):
                return HttpResponseBadRequest(
                    SELECTION_MESSAGE, content_type="text/plain; charset=utf-8"
                )
            return view(request, *args, **kwargs)

        return super().admin_view(checked, cacheable)
