from ..models import can_see_drafts

MENU_SIZE = 30


def portal(request):
    """What every page's frame needs: whether the user edits (admin link, drafts shown), and
    their saved searches for the menu with what is new in each (read only where a page shows
    the menu)."""
    user = getattr(request, "user", None)
    has_role = bool(user and user.is_authenticated and user.has_perm("readouts.view_event"))

    def saved_searches():
        from ..watch.news import annotate

        return annotate(user, list(user.saved_searches.order_by("list_name", "name")[:MENU_SIZE]))

    return {
        "is_editor": can_see_drafts(user) and bool(user and user.is_staff),
        "has_role": has_role,
        "saved_searches": saved_searches if has_role else [],
    }
