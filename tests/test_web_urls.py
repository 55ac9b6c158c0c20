"""A source's address is a web page's (http or https) on every path that writes one, and a
link is written only for such an address: a javascript: URL once ran when an analyst clicked
"original"."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from readouts.models import Publisher, Source
from readouts.reader import read_readout
from readouts.reader.store import save_extraction
from readouts.reader.text import ReadoutError

from .factories import publisher, source, world

BAD = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/readout.txt",
    "vbscript:msgbox(1)",
]
READOUT = (
    "On 4 March 2024, Foreign Minister Wang Yi held a phone call with Russian Foreign Minister "
    "Sergey Lavrov. Wang Yi said China and Russia will deepen trade."
)


@pytest.mark.parametrize("url", BAD)
def test_the_model_refuses_an_address_that_is_not_a_web_page(db, url):
    src = Source(publisher=publisher(), text="A readout.", url=url)
    with pytest.raises(ValidationError) as error:
        src.full_clean()
    assert "http:// or https://" in str(error.value)
    with pytest.raises(ValidationError):
        Publisher(name="X", slug="x", website=url).full_clean()


@pytest.mark.parametrize("url", BAD)
def test_the_database_refuses_it_on_every_other_path(db, url):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Source.objects.create(publisher=publisher(), text="A readout.", url=url)
    w = world()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Source.objects.filter(event=w["call"]).update(url=url)  # a bulk update
    with transaction.atomic(), pytest.raises(IntegrityError):
        Publisher.objects.filter(pk=w["mfa_cn"].pk).update(website=url)
    assert not Source.objects.exclude(url__startswith="https://").exclude(url="").exists()


def test_web_addresses_and_none_are_kept(db):
    for url in ["https://example.org/a", "http://example.org/b", "HTTPS://EXAMPLE.ORG/c", ""]:
        Source(publisher=publisher(), text=f"Readout {url}", url=url).full_clean()


def test_ingest_refuses_the_url_before_reading(db, tmp_path):
    (tmp_path / "a.txt").write_text(READOUT)
    with pytest.raises(CommandError, match="--url must begin with http:// or https://"):
        call_command("ingest", str(tmp_path), "--url", BAD[0], stdout=StringIO())
    assert not Source.objects.exists()


def test_the_reader_refuses_it_too(db):
    extraction = read_readout(READOUT, url=BAD[0], publisher="MFA China")
    with pytest.raises(ReadoutError, match="http:// or https://"):
        save_extraction(extraction)
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", BAD[:3])
def test_the_add_readout_page_gives_a_form_error(editor_client, url):
    response = editor_client.post(
        "/admin/readouts/event/add-readout/",
        {"text": READOUT, "publisher": "MFA", "url": url, "preview": "Preview"},
    )
    assert response.status_code == 200
    assert "Enter a" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", BAD)
def test_the_admin_source_form_gives_a_form_error(editor_client, world, url):
    src = world["call"].sources.first()
    response = editor_client.post(
        f"/admin/readouts/source/{src.pk}/change/",
        {
            "publisher": src.publisher_id,
            "url": url,
            "title": "",
            "language": "en",
            "text": src.text,
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert 'id="id_url_error"' in response.content.decode()
    src.refresh_from_db()
    assert src.url != url


def test_a_link_is_written_only_for_a_web_address(db):
    assert Source(url="https://example.org/a").link == "https://example.org/a"
    for url in BAD:
        assert Source(url=url).link == ""  # a row from before the check, say


def test_the_pages_link_to_the_original(analyst_client, world):
    call = world["call"]
    source(call, "Another account of the call.", url="https://example.org/original")
    page = analyst_client.get(f"/events/{call.pk}/").content.decode()
    assert 'href="https://example.org/original"' in page
