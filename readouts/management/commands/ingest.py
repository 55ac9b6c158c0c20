"""`manage.py ingest`: read readout files into draft events (see docs/ingest.md)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from tqdm import tqdm

from readouts.reader import MAX_BYTES, ReadoutError, decode, html_to_text, read_readout
from readouts.reader.dates import parse_date
from readouts.reader.text import looks_like_html

SUFFIXES = {".txt", ".html", ".htm"}


def read_file(path):
    """The text as read of one readout file. Raises ReadoutError on bad input."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReadoutError(f"cannot read {path}: {error.strerror}") from None
    if size > MAX_BYTES:
        raise ReadoutError(
            f"{path.name} is {size / 1024 / 1024:.1f} MB; the reader takes readouts up to "
            f"{MAX_BYTES // 1024 // 1024} MB"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadoutError(f"cannot read {path}: {error.strerror}") from None
    text = decode(data, path.name)
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        text = html_to_text(text)
    return text


def expand(paths):
    """Files to read: the paths given, and the .txt/.html files of the folders given."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = (
        "Read readouts (.txt or .html files, or folders of them) into draft events with "
        "participants and attributed statements. The same text twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--published", help="publication date, YYYY-MM-DD")
        parser.add_argument("--publisher", help="who published it (created if new)")
        parser.add_argument("--url", help="where it was published")
        parser.add_argument("--dry-run", action="store_true", help="read, but write nothing")
        parser.add_argument("--json", action="store_true", help="print the extraction as JSON")

    def handle(self, *args, **options):
        published = None
        if options["published"]:
            published = parse_date(options["published"])
            if published is None:
                raise CommandError(
                    f"--published must be a date as YYYY-MM-DD, not {options['published']!r}"
                )
        from readouts.models import is_web_url

        if options["url"] and not is_web_url(options["url"]):
            raise CommandError(f"--url must begin with http:// or https://, not {options['url']!r}")
        files = expand(options["paths"])
        if not files:
            raise CommandError("no readout files (.txt, .html) found in the paths given")
        dry_run, as_json = options["dry_run"], options["json"]

        from readouts.reader import store  # imports the models: only once Django is set up

        if dry_run:
            # A dry run works without a database: do not wait long for one that is not there.
            connections["default"].settings_dict.setdefault("OPTIONS", {}).setdefault(
                "connect_timeout", 3
            )
        known, topics = store.load_reader_context()
        offices = store.office_table()
        counts = {"created": 0, "unchanged": 0, "failed": 0, "read": 0}
        extractions, saved = [], []
        bar = tqdm(files, file=sys.stderr, unit="file", disable=len(files) < 2, leave=False)
        for path in bar:
            try:
                text = read_file(path)
                extraction = read_readout(
                    text,
                    published=published,
                    publisher=options["publisher"],
                    url=options["url"],
                    known_actors=known,
                    topics=topics,
                    offices=offices,
                )
                if dry_run:
                    counts["read"] += 1
                    extractions.append((path, extraction))
                    continue
                result = store.save_extraction(extraction)
                counts[result.status] += 1
                saved.append((path, result))
                for warning in result.warnings:
                    self._error(f"{path}: {warning}")
                if result.status == "created":
                    for event in result.events:
                        known.extend(store.participants_as_known(event))
            except ReadoutError as error:
                counts["failed"] += 1
                self._error(f"{path}: {error}")
            except Exception as error:  # one bad file must not stop the batch
                counts["failed"] += 1
                self._error(f"{path}: failed: {type(error).__name__}: {error}")

        if as_json and not dry_run:
            files_json = [
                {
                    "file": str(path),
                    "status": r.status,
                    "event": r.event.pk if r.event else None,
                    "events": [e.pk for e in r.events],
                    "attached": r.attached,
                    "warnings": r.warnings,
                }
                for path, r in saved
            ]
            counts.pop("read")
            self.stdout.write(json.dumps({**counts, "files": files_json}, indent=2))
        elif as_json:
            payload = [
                {"file": str(path), **extraction.as_json()} for path, extraction in extractions
            ]
            if len(files) == 1:
                payload = payload[0] if payload else None
            if payload is not None:
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif dry_run:
            for path, extraction in extractions:
                self.stdout.write(_summary(path, extraction))
            self.stdout.write(f"read {counts['read']}, failed {counts['failed']} (dry run)")
        else:
            self.stdout.write(
                f"created {counts['created']}, unchanged {counts['unchanged']}, "
                f"failed {counts['failed']}"
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} file(s) failed")

    def _error(self, message):
        # Clear the progress bar for the message, then draw it again below.
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(message)


def _summary(path, extraction):
    names = ", ".join(f"{p.name} ({p.country or '?'})" for p in extraction.participants)
    lines = [
        f"{path}: {extraction.date or '?'} {extraction.kind} - {extraction.title}",
        f"  participants: {names}",
    ]
    for s in extraction.statements:
        lines.append(f"  [{s.country}] {s.speaker}: {s.text[:90]}")
    lines.extend(f"  warning: {w}" for w in extraction.warnings)
    return "\n".join(lines)
