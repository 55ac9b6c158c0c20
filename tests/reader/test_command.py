import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from readouts.models import Event, Source, Statement

from .conftest import READOUTS


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def test_dry_run_json_prints_only_the_extraction_and_writes_nothing(db, capsys):
    out, _, error = run(
        "--dry-run",
        "--json",
        "--published",
        "2024-01-20",
        str(READOUTS / "cn_talks_relative_weekday.txt"),
    )
    assert error is None
    data = json.loads(out)
    assert data["event"]["date"] == "2024-01-19"
    assert {"speaker", "country", "mode", "text", "start", "end", "topics", "cue"} <= set(
        data["statements"][0]
    )
    assert not Event.objects.exists() and not Source.objects.exists()


def test_ingest_saves_drafts_and_counts_created_unchanged_failed(db, tmp_path):
    shutil.copy(READOUTS / "ru_press_release_clutter.txt", tmp_path / "a.txt")
    shutil.copy(READOUTS / "both_sides_cn_sergei.txt", tmp_path / "b.txt")
    out, _, error = run(str(tmp_path))
    assert error is None and "created 2, unchanged 0, failed 0" in out
    out, _, error = run(str(tmp_path))
    assert "created 0, unchanged 2, failed 0" in out
    assert Event.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "PNG"),
        ("Déjà vu".encode("latin-1"), "UTF-8"),
        (b"Nothing happened here. The weather was fine.", "no recognisable event"),
    ],
)
def test_a_bad_file_fails_with_a_message_and_the_batch_goes_on(db, tmp_path, content, message):
    (tmp_path / "bad.txt").write_bytes(content)
    shutil.copy(READOUTS / "ru_press_release_clutter.txt", tmp_path / "good.txt")
    out, err, error = run(str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"))
    assert message in err
    assert "created 1, unchanged 0, failed 1" in out
    assert isinstance(error, CommandError)
    assert Event.objects.count() == 1


def test_a_file_over_twenty_megabytes_is_refused_before_reading(db, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    _, err, error = run(str(big))
    assert "20 MB" in err and error is not None
    assert not Event.objects.exists()


def test_a_bad_publication_date_is_refused(db):
    _, _, error = run("--published", "13/01/2024", str(READOUTS / "cn_talks_relative_weekday.txt"))
    assert "YYYY-MM-DD" in str(error)


def test_a_readout_without_a_date_fails_and_saves_nothing(db, tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("On March 25, Foreign Minister Wang Yi met Foreign Minister Ana Ruiz of Chile.")
    out, err, error = run(str(path))
    assert "date" in err and "failed 1" in out and error is not None
    assert not Statement.objects.exists()


def test_html_files_are_read_as_text(db, tmp_path):
    path = tmp_path / "readout.html"
    path.write_text(
        "<html><body><nav>Home &gt; News</nav><h1>Wang Yi Meets Ana Ruiz</h1>"
        "<p>On May 3, 2024, Foreign Minister Wang Yi met with Foreign Minister Ana Ruiz of Chile"
        " in Beijing.</p><p>Wang Yi said that China values its friendship with Chile.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    out, _, error = run("--dry-run", "--json", str(path))
    data = json.loads(out)
    assert data["event"]["kind"] == "meeting" and data["event"]["location"] == "Beijing"
    assert data["statements"][0]["country"] == "CHN"


def test_a_batch_matches_people_a_previous_file_of_the_batch_created(db, tmp_path):
    from readouts.models import Actor

    shutil.copy(READOUTS / "both_sides_cn_sergei.txt", tmp_path / "1_cn.txt")
    shutil.copy(READOUTS / "both_sides_ru_sergey.txt", tmp_path / "2_ru.txt")
    out, _, error = run(str(tmp_path))
    assert error is None and "created 2" in out
    lavrov = Actor.objects.get(kind="person", name__contains="Lavrov")
    assert lavrov.participations.count() == 1  # one call, two readouts: one event
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= {lavrov.name, *lavrov.aliases}
    assert Actor.objects.filter(kind="person", name__contains="Wang").count() == 1


def test_json_without_dry_run_reports_what_was_saved(db):
    out, _, error = run("--json", str(READOUTS / "ru_press_release_clutter.txt"))
    data = json.loads(out)
    assert error is None and (data["created"], data["unchanged"], data["failed"]) == (1, 0, 0)
    assert data["files"][0]["event"] == Event.objects.get().pk


def test_the_second_sides_readout_is_attached_and_reported(db, tmp_path):
    shutil.copy(READOUTS / "both_sides_cn_sergei.txt", tmp_path / "a_cn.txt")
    shutil.copy(READOUTS / "both_sides_ru_sergey.txt", tmp_path / "b_ru.txt")
    out, err, error = run("--json", "--published", "2022-09-01", str(tmp_path))
    assert error is None
    data = json.loads(out)
    assert data["created"] == 2 and Event.objects.count() == 1
    first, second = data["files"]
    assert second["attached"] and second["event"] == first["event"]
    assert "attached to event #" in second["warnings"][0] and "attached to event #" in err
    assert Source.objects.filter(event_id=first["event"]).count() == 2
