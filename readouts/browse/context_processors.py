from ..models import can_see_drafts

MENU_SIZE = 30


def portal(request):
    """What every page's frame needs: whether the user edits (admin link, drafts shown), and
    their saved searches for the menu (a lazy queryset: read where a page shows the menu)."""
    user = getattr(request, "user", None)
    has_role = bool(user and user.is_authenticated and user.has_perm("readouts.view_event"))
    return {
        "is_editor": can_see_drafts(user) and bool(user and user.is_staff),
        "has_role": has_role,
        "saved_searches": (
            user.saved_searches.order_by("list_name", "name")[:MENU_SIZE] if has_role else []
        ),
    }
