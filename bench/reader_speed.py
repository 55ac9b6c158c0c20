"""Readouts per second the reader reads on one core.

    .venv/bin/python bench/reader_speed.py [SECONDS]

Reads the test readouts (tests/reader/readouts) and, when present, the annotated real readouts
beside the project (../shared/readouts/dev), over and over for SECONDS (default 3), with the
default topics and no database, and prints the rate. Then reads one long paragraph of 10k, 40k
and 160k characters (a pasted transcript), whose time should grow with its length, not faster.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from readouts.reader import decode, read_readout  # noqa: E402
from readouts.reader.topics import default_topics  # noqa: E402


def corpus():
    folders = [ROOT / "tests" / "reader" / "readouts", ROOT.parent / "shared" / "readouts" / "dev"]
    texts = []
    for folder in folders:
        if folder.is_dir():
            texts += [decode(p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
    seed = ROOT.parent / "shared" / "seed" / "wang-yi-lavrov-2023-08-08.txt"
    if seed.exists():
        texts.append(decode(seed.read_bytes()))
    return texts


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    texts = corpus()
    topics = default_topics()
    for text in texts:  # warm up: compiled patterns, gazetteer
        read_readout(text, published="2024-01-01", topics=topics)
    done, chars = 0, 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            read_readout(text, published="2024-01-01", topics=topics)
            done += 1
            chars += len(text)
    elapsed = time.process_time() - start
    print(
        f"{done / elapsed:.0f} readouts per second on one core "
        f"({len(texts)} readouts, {chars / done:.0f} characters on average, {elapsed:.1f} s CPU)"
    )
    sentence = "Wang Yi said that China is ready to work with Russia on the U.S. proposal. "
    head = "Wang Yi held talks with Sergey Lavrov in Beijing on 3 March 2024. "
    for size in (10_000, 40_000, 160_000):
        text = head + sentence * (size // len(sentence))
        start = time.process_time()
        read_readout(text, published="2024-01-01", topics=topics)
        elapsed = time.process_time() - start
        print(
            f"one paragraph of {len(text):,} characters: {elapsed:.2f} s CPU "
            f"({len(text) / elapsed:,.0f} characters per second)"
        )


if __name__ == "__main__":
    main()
