"""Who may call the API and how often: a personal token (`Authorization: Bearer rdo_…`) or the
browser's session, of a user with a role; API_CALLS_PER_HOUR calls an hour per token (per user
for a session), counted from the audit trail that records every call."""

import math

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from .. import audit
from .tokens import ApiToken


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`. No header: not this scheme's business (the session's,
    then a 401). A header with an unknown, revoked or expired token: a 401 saying which."""

    def authenticate(self, request):
        scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        secret = secret.strip()
        if not secret or len(secret) > 200:
            raise exceptions.AuthenticationFailed("Give the token after “Bearer ”.")
        token = ApiToken.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not known.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token was revoked.")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                f"This token expired on {token.expires_at:%Y-%m-%d}: make a new one."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token's account is disabled.")
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="readouts"'


class BearerScheme(OpenApiAuthenticationExtension):
    """The token, as the OpenAPI schema and the docs' Authorize button describe it."""

    target_class = BearerTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token."}


class HasRole(BasePermission):
    """Analysts and editors; what each sees is narrowed by the querysets (`visible_to`)."""

    message = "Your account has no role in Readouts yet: ask an editor."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            raise exceptions.NotAuthenticated(
                "Send a token: Authorization: Bearer <token> (make one on /accounts/tokens/)."
            )
        return user.has_perm("readouts.view_event")


class HourlyQuota(BaseThrottle):
    """API_CALLS_PER_HOUR per token, or per user for calls made from a browser session."""

    def allow_request(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return True
        token = request.auth if isinstance(request.auth, ApiToken) else None
        match = {"token": token} if token else {"user": request.user, "token": None}
        made, free_at = audit.in_the_past_hour(action=audit.AuditEvent.Action.API, **match)
        self.free_at = free_at
        return made < settings.API_CALLS_PER_HOUR

    def wait(self):
        return max(1, math.ceil((self.free_at - timezone.now()).total_seconds()))
