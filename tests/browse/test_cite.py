"""The Cite box of event and statement pages: a citation in plain text and BibTeX."""

from django.utils import timezone

from readouts.browse.cite import Citation, bibtex_text


def test_an_event_page_cites_its_publishers_its_address_and_today(analyst_client, world):
    call = world["call"]
    response = analyst_client.get(f"/events/{call.pk}/")
    plain = response.context["cite"].plain
    today = timezone.localdate().isoformat()
    assert plain == (
        f"MFA China; MFA Russia. “Wang Yi holds phone talks with Sergey Lavrov.” "
        f"{call.date_display}. https://example.org/readout. "
        f"Readouts: http://testserver/events/{call.pk}/ (retrieved {today})."
    )
    page = response.content.decode()
    assert f"@misc{{readouts-event-{call.pk}," in page
    assert "urldate = {" + today + "}" in page


def test_a_statement_page_cites_its_source(analyst_client, world):
    s1 = world["s1"]
    page = analyst_client.get(f"/statements/{s1.pk}/").content.decode()
    assert f"@misc{{readouts-statement-{s1.pk}," in page
    assert "statement by Wang Yi" in page
    assert f"Readouts: http://testserver/statements/{s1.pk}/" in page


def test_bibtex_escapes_what_latex_would_read():
    assert bibtex_text("50% & {x} #1 a_b $ \\") == r"50\% \& \{x\} \#1 a\_b \$ \textbackslash{}"
    cite = Citation("k", "", "T", "2023", "2023", "", "http://x/events/1/", "2026-01-01")
    assert "author" not in cite.bibtex and "howpublished" not in cite.bibtex
    assert cite.plain == "“T.” 2023. Readouts: http://x/events/1/ (retrieved 2026-01-01)."
