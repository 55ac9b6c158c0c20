"""Saved searches: an analyst's named filters of a list, to find again."""

from django import forms
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...models import SavedSearch
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


@role_required
def saved_search_list(request):
    searches = request.user.saved_searches.order_by("list_name", "name")
    return render(request, "readouts/saved_searches.html", {"searches": searches})


@role_required
@require_POST
def saved_search_save(request):
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "readouts/saved_searches.html", {
            "searches": request.user.saved_searches.order_by("list_name", "name"),
            "form": form,
        }, status=400)  # fmt: skip
    data = form.cleaned_data
    search, created = SavedSearch.objects.update_or_create(
        owner=request.user, list_name=data["list_name"], name=data["name"],
        defaults={"query": data["query"]},
    )  # fmt: skip
    verb = "Saved" if created else "Updated"
    messages.success(request, f"{verb} “{search.name}”: find it under Saved searches.")
    return redirect(search.get_absolute_url())


@role_required
@require_POST
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    search.delete()
    messages.success(request, f"Deleted “{search.name}”.")
    return redirect("readouts:saved_search_list")
