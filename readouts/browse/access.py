"""Who may open the analysts' pages: a logged-in user (LoginRequiredMiddleware) with a role,
Analysts or Editors. What each may see is narrowed by the querysets (`visible_to`): analysts
see published records only, and a record they may not see answers 404, like one that does
not exist."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(view):
    """Analysts and editors only: a logged-in user with no role gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("readouts.view_event"):
            raise PermissionDenied("Your account has no role in Readouts yet: ask an editor.")
        return view(request, *args, **kwargs)

    return wrapped
