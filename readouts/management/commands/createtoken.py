"""createtoken USER [--name N] [--days D]: a personal API token, printed once."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from readouts.api.tokens import MAX_DAYS, ApiToken


class Command(BaseCommand):
    help = (
        "Make a read-only API token for USER and print it: it is shown this once and kept only "
        "as a hash. Revoke it on the user's API tokens page or in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="script")
        parser.add_argument(
            "--days", type=int, default=settings.API_TOKEN_DAYS, help=f"1 to {MAX_DAYS}."
        )

    def handle(self, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is not active.")
        if not user.has_perm("readouts.view_event"):
            raise CommandError(f"{username} has no role in Readouts: the token would be refused.")
        try:
            token, secret = ApiToken.issue(user, name, days)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Token {token.name!r} for {username}, until {token.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(secret)
