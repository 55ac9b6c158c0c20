"""Users and their permissions read once per change, not on every request.

Django's ModelBackend reads a user's permissions (two queries: their own and their groups')
at every request that checks one, and every page here checks the role. This backend keeps
the answer in the shared cache, keyed by the user and a *roles version* that any change to
who holds which permission replaces: a user's groups or permissions, a group's permissions,
a group or permission created or deleted (signals below). Whether the user is active or a
superuser is read from the user row, and is part of the key.

The user row itself (which every request reads, before its page can start) is kept the same
way, under a *users version* that saving or deleting any user replaces: a deactivated user or
a new password (which ends the user's sessions) take effect at the next request.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from .cache import renew, version_of

VERSION_KEY = "readouts:roles-version"
USERS_KEY = "readouts:users-version"
TIMEOUT = 600  # seconds: a cap on staleness should a change bypass the signals (SQL by hand)


def roles_version():
    return version_of(VERSION_KEY)


def bump_roles(*args, **kwargs):
    renew(VERSION_KEY)


def bump_users(*args, **kwargs):
    renew(USERS_KEY)


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        key = f"readouts:user:{version_of(USERS_KEY)}:{user_id}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)  # None: no such user, or inactive
            if user is not None:
                cache.set(key, user, TIMEOUT)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if (
            obj is not None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        key = f"readouts:perms:{roles_version()}:{user_obj.pk}:{user_obj.is_superuser:d}"
        found = cache.get(key)
        if found is None:
            found = super().get_all_permissions(user_obj, obj)
            cache.set(key, frozenset(found), TIMEOUT)
        else:
            user_obj._perm_cache = set(found)
        return user_obj._perm_cache


def connect():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(bump_roles, sender=through, dispatch_uid=f"roles-{through.__name__}")
    post_save.connect(bump_users, sender=User, dispatch_uid="users-save")
    post_delete.connect(bump_users, sender=User, dispatch_uid="users-delete")
    for model in (Group, Permission):
        post_save.connect(bump_roles, sender=model, dispatch_uid=f"roles-save-{model.__name__}")
        post_delete.connect(bump_roles, sender=model, dispatch_uid=f"roles-del-{model.__name__}")
