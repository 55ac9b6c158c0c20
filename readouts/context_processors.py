from django.utils.functional import SimpleLazyObject

from .models import can_see_drafts


def portal(request):
    """What every page's frame needs: whether the user edits (admin link, drafts shown), and
    their saved searches for the menu (from the cache, read again after they change)."""
    user = getattr(request, "user", None)
    has_role = bool(user and user.is_authenticated and user.has_perm("readouts.view_event"))
    return {
        "is_editor": can_see_drafts(user) and bool(user and user.is_staff),
        "has_role": has_role,
        "saved_searches": SimpleLazyObject(lambda: saved_searches(user) if has_role else []),
    }


MENU_SIZE = 30


def saved_searches(user):
    """The user's saved searches for the menu: (name, list name, url) triples, kept in the
    shared cache under a version of the user's own that any change to them replaces."""
    from django.core.cache import cache

    key = f"readouts:saved:{user.pk}:{saved_version(user.pk)}"
    found = cache.get(key)
    if found is None:
        found = [
            SavedItem(s.name, s.list_name, s.get_absolute_url())
            for s in user.saved_searches.order_by("list_name", "name")[:MENU_SIZE]
        ]
        cache.set(key, found, 600)
    return found


class SavedItem:
    __slots__ = ("name", "list_name", "url")

    def __init__(self, name, list_name, url):
        self.name, self.list_name, self.url = name, list_name, url

    def get_absolute_url(self):
        return self.url

    def __getstate__(self):
        return (self.name, self.list_name, self.url)

    def __setstate__(self, state):
        self.name, self.list_name, self.url = state


def saved_version(user_id):
    from .cache import version_of

    return version_of(f"readouts:saved-version:{user_id}")


def saved_changed(sender, instance, **kwargs):
    """A saved search was saved or deleted: its owner's menu is read again."""
    from .cache import renew

    renew(f"readouts:saved-version:{instance.owner_id}")


def connect():
    from django.db.models.signals import post_delete, post_save

    from .models import SavedSearch

    post_save.connect(saved_changed, sender=SavedSearch, dispatch_uid="saved-menu-save")
    post_delete.connect(saved_changed, sender=SavedSearch, dispatch_uid="saved-menu-delete")
