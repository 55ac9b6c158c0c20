"""Saved searches: an analyst's named filters of a list, to find again."""

import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ...models import SavedSearch
from ...watch.news import annotate
from ..access import role_required
from ..filters import EventFilterSet, StatementFilterSet


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=120, strip=True, label="Name this search")
    list_name = forms.ChoiceField(choices=[("events", "Events"), ("statements", "Statements")])
    query = forms.CharField(max_length=2000, required=False, strip=True)

    def clean_query(self):
        """Keep only the list's own filter parameters: no page, no export."""
        filterset = (
            EventFilterSet
            if self.cleaned_data.get("list_name") == "events"
            else (StatementFilterSet)
        )
        given = QueryDict(self.cleaned_data.get("query", ""))
        kept = QueryDict(mutable=True)
        for name in filterset.base_filters:
            values = [v for v in given.getlist(name) if v.strip()]
            if values:
                kept.setlist(name, values)
        return kept.urlencode()


def own_searches(user):
    """The user's saved searches, each with its filters in words and what is new in it."""
    return annotate(user, list(user.saved_searches.order_by("list_name", "name")))


@role_required
def saved_search_list(request):
    return render(request, "readouts/saved_searches.html", {
        "searches": own_searches(request.user), "digest_choices": DIGEST_CHOICES,
    })  # fmt: skip


@role_required
def saved_search_open(request, pk):
    """Open the saved search's list, and remember the visit: its rows count as seen."""
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    search.seen_at = timezone.now()
    search.save(update_fields=["seen_at"])
    return redirect(search.get_absolute_url())


class RenameForm(forms.Form):
    name = forms.CharField(max_length=120, strip=True, label="New name")


@role_required
@require_POST
def saved_search_rename(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not renamed: a name needs 1 to 120 characters.")
        return redirect("readouts:saved_search_list")
    old, search.name = search.name, form.cleaned_data["name"]
    try:
        with transaction.atomic():
            search.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        messages.error(request, f"Not renamed: you have a search named “{search.name}” already.")
        return redirect("readouts:saved_search_list")
    messages.success(request, f"Renamed “{old}” to “{search.name}”.")
    return redirect("readouts:saved_search_list")


@role_required
@require_POST
def saved_search_save(request):
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "readouts/saved_searches.html", {
            "searches": own_searches(request.user),
            "form": form, "digest_choices": DIGEST_CHOICES,
        }, status=400)  # fmt: skip
    data = form.cleaned_data
    # Saving sends the analyst to the list: what it holds now is seen.
    search, created = SavedSearch.objects.update_or_create(
        owner=request.user, list_name=data["list_name"], name=data["name"],
        defaults={"query": data["query"], "seen_at": timezone.now()},
    )  # fmt: skip
    verb = "Saved" if created else "Updated"
    messages.success(request, f"{verb} “{search.name}”: find it under Saved searches.")
    return redirect(search.get_absolute_url())


@role_required
@require_http_methods(["GET", "POST"])
def saved_search_delete(request, pk):
    """Asks first (GET: a page naming what goes), deletes on the POST of that page."""
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    if request.method != "POST":
        return render(request, "readouts/saved_search_delete.html", {
            "search": annotate(request.user, [search])[0],
        })  # fmt: skip
    search.delete()
    messages.success(request, f"Deleted “{search.name}”.")
    return redirect("readouts:saved_search_list")


@role_required
@require_POST
def saved_search_feed(request, pk):
    """Give the saved search a feed address (a new secret, so the old address stops), or none."""
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    if request.POST.get("feed") == "off":
        search.feed_key = None
        messages.success(request, f"“{search.name}” has no feed now: its old address is dead.")
    else:
        search.feed_key = secrets.token_urlsafe(32)
        messages.success(request, f"“{search.name}” has a new feed address: copy it below.")
    search.save(update_fields=["feed_key"])
    return redirect("readouts:saved_search_list")


DIGEST_CHOICES = SavedSearch._meta.get_field("digest").choices


class DigestForm(forms.Form):
    digest = forms.ChoiceField(choices=DIGEST_CHOICES, required=False)


@role_required
@require_POST
def saved_search_digest(request, pk):
    """E-mail what is new in the saved search daily, weekly, or not at all."""
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    form = DigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose no e-mail, daily or weekly.")
        return redirect("readouts:saved_search_list")
    choice = form.cleaned_data["digest"]
    if choice and not request.user.email:
        messages.error(request, "Your account has no e-mail address: ask an editor to add one.")
        return redirect("readouts:saved_search_list")
    if choice != search.digest:
        # Watched from now: the first digest holds what appears after this.
        search.digest = choice
        search.digest_since = timezone.now() if choice else None
        search.save(update_fields=["digest", "digest_since"])
    label = {"": "No e-mail", "daily": "A daily e-mail", "weekly": "A weekly e-mail"}[choice]
    messages.success(request, f"{label} for “{search.name}”.")
    return redirect("readouts:saved_search_list")
