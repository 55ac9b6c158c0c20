"""The admin's "Add readout" page: paste or upload a readout, preview what the reader reads in
it, then save it as a draft event for an editor to correct and publish.

Nothing is saved before the editor presses "Save as draft". The preview travels in the form
as the text and its details, with a signed fingerprint of them: on save the text is read again
and saved only if it is still the text that was previewed.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..models import Event, Publisher, Source, content_hash, web_url
from . import MAX_BYTES, ReadoutError, decode, html_to_text, looks_like_html, read_readout
from .text import prepare

SIGNING_SALT = "readouts.add-readout"
PREVIEW_MAX_AGE = 60 * 60 * 6  # a preview may wait on an editor's desk for a working day
# The most text the page reads in one request: about 5 s of the reader (a readout is a few
# thousand characters), well inside the server's 30 s for a request. manage.py ingest reads
# longer ones.
MAX_CHARACTERS = 1_000_000


class ReadoutForm(forms.Form):
    text = forms.CharField(
        label="Text of the readout",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "class": "vLargeTextField"}),
        required=False,
        strip=False,
        help_text="Paste the readout as published, headline and dateline included.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt or .html file (UTF-8 or UTF-16), up to 20 MB.",
    )
    publisher = forms.CharField(
        max_length=200,
        required=False,
        # Suggests the publishers already stored (the page's datalist): one spelling each.
        widget=forms.TextInput(attrs={"list": "known-publishers", "autocomplete": "off"}),
        help_text="Who published it, e.g. Ministry of Foreign Affairs of the PRC.",
    )
    url = forms.URLField(
        label="URL", max_length=2000, required=False, assume_scheme="https", validators=[web_url]
    )
    published = forms.DateField(
        label="Publication date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates in the text (“on Monday”, “yesterday”) are read against it.",
    )
    split = forms.BooleanField(
        label="One draft per call",
        required=False,
        initial=True,
        help_text="When the release reports several separate calls or meetings, save one draft "
        "event per call, each with its participants and statements (unticked: one event with "
        "every participant).",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if upload:
            if upload.size > MAX_BYTES:
                self.add_error("file", f"The file is larger than {MAX_BYTES // 1024 // 1024} MB.")
                return data
            try:
                text = decode(upload.read(), upload.name)
            except ReadoutError as error:
                self.add_error("file", str(error))
                return data
            if upload.name.lower().endswith((".html", ".htm")) or looks_like_html(text):
                text = html_to_text(text)
        else:
            if len(text.encode("utf-8")) > MAX_BYTES:
                self.add_error("text", f"The text is larger than {MAX_BYTES // 1024 // 1024} MB.")
                return data
            text = prepare(text)
            if looks_like_html(text):
                text = html_to_text(text)
        if not text.strip():
            raise forms.ValidationError(
                "Paste the text of a readout or upload a .txt or .html file."
            )
        if len(text) > MAX_CHARACTERS:
            self.add_error(
                "file" if upload else "text",
                f"The text has {len(text):,} characters; this page reads up to "
                f"{MAX_CHARACTERS:,} at a time. Split it, or use manage.py ingest.",
            )
            return data
        data["text"] = text
        return data


def fingerprint(data):
    """What a preview showed: the text (by its hash) and the details it was read with."""
    published = data.get("published")
    return [
        content_hash(data["text"]),
        data.get("publisher") or "",
        data.get("url") or "",
        published.isoformat() if published else "",
    ]


def add_readout_view(request):
    """Paste or upload a readout; preview the extraction; save it as a draft event."""
    if not request.user.has_perm("readouts.add_event"):
        raise PermissionDenied
    extraction = duplicate = None
    token = ""
    if request.method == "POST":
        form = ReadoutForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            from . import store

            known, topics = store.load_reader_context()
            try:
                extraction = read_readout(
                    data["text"],
                    published=data.get("published"),
                    publisher=data.get("publisher") or None,
                    url=data.get("url") or None,
                    known_actors=known,
                    topics=topics,
                    offices=store.office_table(),
                )
            except ReadoutError as error:
                form.add_error(None, str(error).capitalize() + ".")
            else:
                duplicate = (
                    Source.objects.filter(content_hash=content_hash(data["text"]))
                    .select_related("event", "publisher")
                    .order_by("part", "pk")
                    .first()
                )
                # A text already stored is said at once, and not offered for saving.
                token = "" if duplicate else signing.dumps(fingerprint(data), salt=SIGNING_SALT)
                if "save" in request.POST and not duplicate:
                    response = _save(request, form, data, extraction)
                    if response is not None:
                        return response
                else:
                    # Show the text as read (an upload becomes text) for the save step.
                    form = ReadoutForm(
                        initial={
                            "text": data["text"],
                            "publisher": data.get("publisher"),
                            "url": data.get("url"),
                            "published": data.get("published"),
                            "split": data.get("split"),
                        }
                    )
    else:
        form = ReadoutForm()
    context = {
        **admin.site.each_context(request),
        "title": "Add readout",
        "opts": Event._meta,
        "form": form,
        "extraction": extraction,
        "highlighted": highlight(extraction) if extraction else "",
        "preview_token": token,
        "duplicate": duplicate,
        "duplicate_url": _change_url(duplicate.event) if duplicate and duplicate.event else "",
        "known_publishers": Publisher.objects.order_by("name").values_list("name", flat=True),
        "participants": _participant_rows(extraction) if extraction else [],
        "separate_events": _event_rows(extraction) if extraction else [],
        "statement_rows": [(s, cue_as_read(s.cue)) for s in extraction.statements]
        if extraction
        else [],
    }
    return TemplateResponse(request, "admin/readouts/add_readout.html", context)


def _save(request, form, data, extraction):
    """Save after checking the preview's fingerprint; a response, or None to show the form."""
    try:
        previewed = signing.loads(
            request.POST.get("preview_token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        previewed = None
    if previewed != fingerprint(data):
        form.add_error(
            None,
            "The text or its details changed since the preview (or the preview is too old): "
            "check the preview below, then save.",
        )
        return None
    from . import store

    try:
        result = store.save_extraction(
            extraction, publisher=data.get("publisher") or None, split=bool(data.get("split"))
        )
    except ReadoutError as error:
        form.add_error(None, str(error).capitalize() + ".")
        return None
    event = result.event
    if result.status == "unchanged":
        messages.warning(request, "This exact text is already stored; nothing was changed.")
    elif result.attached:
        messages.success(
            request,
            f"Saved: {'; '.join(result.warnings)}. {result.counts['statements']} statements "
            "added beside the other readout; compare them on the event's compare page.",
        )
    elif len(result.events) > 1:
        messages.success(
            request,
            f"Saved {len(result.events)} draft events, one per call "
            f"({', '.join(f'#{e.pk}' for e in result.events)}): "
            f"{result.counts['statements']} statements in all. This is the first; check each, "
            "then publish them.",
        )
    else:
        messages.success(
            request,
            f"Saved as a draft: {result.counts['participants']} participants, "
            f"{result.counts['statements']} statements. Check them, then publish the event.",
        )
    if event is None:
        return redirect("admin:index")
    try:
        return redirect(reverse("admin:readouts_event_change", args=[event.pk]))
    except NoReverseMatch:
        return redirect("admin:index")


# A fragment of the text the reader quotes in a cue: "role 'Secretary' + ''s Call'". Its quotes
# close only before the end, a " + " or an " after", so an apostrophe inside stays a word's.
CUE_QUOTE = re.compile(r"(?<!\w)'(.+?)'(?=$|\s+(?:\+|after)\s)")


def cue_as_read(cue):
    """A reader's cue with the words it read in typographic quotes, as the text has them:
    `role 'Secretary' + ''s Call'` reads role “Secretary” + “'s Call”."""
    return CUE_QUOTE.sub(lambda m: f"“{m[1]}”", cue)


def _change_url(event):
    try:
        return reverse("admin:readouts_event_change", args=[event.pk])
    except NoReverseMatch:
        return ""


def highlight(extraction):
    """The text as read, with each statement's span marked (safe HTML)."""
    text = extraction.text
    parts, at = [], 0
    for number, s in enumerate(sorted(extraction.statements, key=lambda s: s.start), 1):
        if s.start < at:
            continue  # spans never overlap; guard all the same
        parts.append(escape(text[at : s.start]))
        css = "joint" if s.country == "BOTH" else f"side-{(s.country or 'none').lower()}"
        parts.append(
            format_html(
                '<mark class="statement {}" title="{}: {}"><sup>{}</sup>{}</mark>',
                css,
                s.speaker,
                cue_as_read(s.cue),
                number,
                text[s.start : s.end],
            )
        )
        at = s.end
    parts.append(escape(text[at:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped above


def _event_rows(extraction):
    """The separate calls or meetings of a release that reports several, each with its
    participants and the numbers of its statements in the preview."""
    return [
        {
            "title": e.title,
            "participants": ", ".join(extraction.participants[i].name for i in e.participants),
            "statements": ", ".join(str(n + 1) for n in e.statements) or "—",
        }
        for e in extraction.events
    ]


def _participant_rows(extraction):
    """The participants as the preview shows them, each with where the reader found them and
    their side (the text, the office table, the publisher), and, for what came from the office
    table, a link to its roles to correct them."""
    try:
        roles = reverse("admin:readouts_role_changelist")
    except NoReverseMatch:
        roles = ""
    return [
        {
            "name": p.name,
            "title": p.title,
            "country": p.country or "?",
            "country_cue": p.country_cue or "",
            "found_by": p.found_by,
            "roles_url": f"{roles}?{urlencode({'q': p.name})}"
            if roles and "office table" in f"{p.found_by} {p.country_cue}"
            else "",
            "match": f"matches #{p.actor_id} ({p.matched_by})" if p.actor_id else "new actor",
        }
        for p in extraction.participants
    ]
