"""Readouts written for these tests (tests/reader/readouts/*.txt), each with an annotation in
the scorer's format beside it, and helpers to read them."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from readouts.reader import decode, read_readout

READOUTS = Path(__file__).parent / "readouts"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed"


def annotation(name):
    return json.loads((READOUTS / f"{name}.json").read_text(encoding="utf-8"))


def text_of(name):
    return decode((READOUTS / f"{name}.txt").read_bytes())


def read(name, **overrides):
    """The extraction of a test readout, read with its annotation's publisher, URL and date."""
    meta = annotation(name)
    kwargs = {k: meta.get(k) for k in ("published", "publisher", "url")}
    kwargs.update(overrides)
    return read_readout(text_of(name), **kwargs)


ANNOTATED = sorted(p.stem for p in READOUTS.glob("*.json"))


@pytest.fixture
def seed_text():
    path = SEED / "wang-yi-lavrov-2023-08-08.txt"
    if not path.exists():
        pytest.skip("the shared seed readout is not present")
    return decode(path.read_bytes())
