"""Headers every page carries, the admin's and the error pages included."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """The Content-Security-Policy (no page has an inline script or style, so the policy can
    forbid them), and, for whatever a signed-in user is sent, `Cache-Control: no-store,
    private`: no proxy or browser cache keeps a page or a download once the session ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLifetimeMiddleware:
    """Sign a user out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS
    after signing in, whatever they do (ASVS 3.3). The time of the last request is written at
    most once a minute, so that reading a page does not mean writing the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in = session.setdefault(SIGNED_IN_AT, now)
            seen = session.get(SEEN_AT, signed_in)
            if (now - seen > settings.SESSION_IDLE_SECONDS
                    or now - signed_in > settings.SESSION_ABSOLUTE_SECONDS):  # fmt: skip
                logout(request)
                messages.info(request, "Your session has expired: sign in again.")
            elif now - seen >= 60:
                session[SEEN_AT] = now
        return self.get_response(request)


SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = int(time.time())
