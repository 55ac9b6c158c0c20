"""The "API tokens" page: a user makes, names, sees and revokes their own tokens. A new token
is shown once, on the page that answers its creation, and never again."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..browse.access import role_required
from .tokens import MAX_DAYS, ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, strip=True, label="Name", help_text="What uses it.")
    days = forms.IntegerField(
        min_value=1, max_value=MAX_DAYS, initial=settings.API_TOKEN_DAYS, label="Days valid"
    )


def page(request, form=None, secret=None, status=200):
    tokens = request.user.api_tokens.all()
    return render(request, "readouts/api_tokens.html", {
        "tokens": tokens, "form": form or TokenForm(), "secret": secret,
    }, status=status)  # fmt: skip


@role_required
def token_list(request):
    if request.method != "POST":
        return page(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return page(request, form, status=400)
    token, secret = ApiToken.issue(
        request.user, form.cleaned_data["name"], form.cleaned_data["days"]
    )
    # Shown on this answer only (no-store: every signed-in page is), never stored in clear.
    return page(request, secret={"token": token, "value": secret})


@role_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"Revoked “{token.name}”: it no longer opens the API.")
    return redirect("api_tokens")
