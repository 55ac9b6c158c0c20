from .models import can_see_drafts


def portal(request):
    """What every page's frame needs: whether the user edits (admin link, drafts shown)."""
    user = getattr(request, "user", None)
    return {"is_editor": can_see_drafts(user) and bool(user and user.is_staff)}
