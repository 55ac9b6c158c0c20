"""createuser NAME --role analyst|editor: a portal user with a role."""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from readouts.roles import ROLE_GROUPS

PASSWORD_ENV = "PORTAL_USER_PASSWORD"  # noqa: S105 - the variable's name, not a password


def refused(validate, value, what):
    """validate(value), its ValidationError a CommandError that says what was refused."""
    try:
        validate(value)
    except ValidationError as error:
        raise CommandError(f"{what} refused: " + " ".join(error.messages)) from None


class Command(BaseCommand):
    help = (
        "Create a portal user with a role: analyst (reads and exports) or editor (also edits in "
        f"the admin). The password is prompted for, or read from ${PASSWORD_ENV} for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_GROUPS))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--update",
            action="store_true",
            help="If the user exists, set its role (and password, when one is given).",
        )

    def handle(self, username, role, email, update, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("Give a user name.")
        # What the admin's user form accepts (its characters, at most 150 of them), so that the
        # user can be edited there later.
        refused(User._meta.get_field(User.USERNAME_FIELD).run_validators, username, "User name")
        if email:
            refused(validate_email, email, "E-mail address")
        existing = User.objects.filter(username=username).first()
        if existing and not update:
            raise CommandError(f"User {username!r} exists already (use --update to change it).")
        password = os.environ.get(PASSWORD_ENV)
        if password is None and not existing:
            password = self.prompt_password()
        user = existing or User(username=username, email=email)
        if password is not None:
            refused(lambda p: password_validation.validate_password(p, user), password, "Password")
            user.set_password(password)
        if email:
            user.email = email
        user.is_staff = role == "editor"
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        verb = "Updated" if existing else "Created"
        self.stdout.write(self.style.SUCCESS(f"{verb} {role} {username!r}."))

    def prompt_password(self):
        if not os.isatty(0):
            raise CommandError(f"No terminal to ask for a password: set ${PASSWORD_ENV}.")
        for _ in range(3):
            first = getpass.getpass("Password: ")
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("The passwords are empty or differ; try again.")
        raise CommandError("No password given.")
