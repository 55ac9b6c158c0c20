"""The two roles of the portal, as Django groups (made by migration 0002)."""

EDITORS = "Editors"
ANALYSTS = "Analysts"
ROLE_GROUPS = {"editor": EDITORS, "analyst": ANALYSTS}

# Models editors manage in the admin; analysts may view them.
MODELS = [
    "actor",
    "role",
    "publisher",
    "source",
    "event",
    "participant",
    "topic",
    "statement",
    "mentionedevent",
]


# Editors see the login throttle's lockouts and lift them (django-axes: deleting the attempt).
EDITOR_AXES = {"view_accessattempt", "delete_accessattempt"}


def sync_groups(Group, Permission):
    """Give each role group exactly its permissions. Idempotent."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    perms = Permission.objects.filter(content_type__app_label="readouts")
    editor_codenames = {
        f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
    }
    analyst_codenames = {f"view_{model}" for model in MODELS}
    axes = Permission.objects.filter(content_type__app_label="axes", codename__in=EDITOR_AXES)
    editors.permissions.set([*perms.filter(codename__in=editor_codenames), *axes])
    analysts.permissions.set(perms.filter(codename__in=analyst_codenames))
