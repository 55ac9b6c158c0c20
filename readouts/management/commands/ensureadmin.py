"""ensureadmin: on first start, an administrator account (printed once)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from readouts.roles import EDITORS, sync_groups


class Command(BaseCommand):
    help = (
        "Create the administrator account `admin` when no superuser exists yet, with the "
        "password from $PORTAL_ADMIN_PASSWORD or a random one printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("PORTAL_ADMIN_USER", "admin"))

    def handle(self, username, **options):
        from django.contrib.auth.models import Permission

        sync_groups(Group, Permission)  # permissions added by later migrations reach the roles
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = os.environ.get("PORTAL_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username, "", password)
        user.groups.add(Group.objects.get(name=EDITORS))
        shown = (
            "from PORTAL_ADMIN_PASSWORD" if os.environ.get("PORTAL_ADMIN_PASSWORD") else password
        )
        self.stdout.write(
            self.style.SUCCESS(
                "\n  First start: an administrator account was created.\n"
                f"    user name: {username}\n    password:  {shown}\n"
                "  It is shown only this once; change it under 'Password' after logging in.\n"
            )
        )
