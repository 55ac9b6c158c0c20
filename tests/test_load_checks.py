"""bench/load.py's check for lost updates finds one when there is one: a checker that always
passes would prove nothing."""

from bench.load import Editor, lost_updates

MARK = "Load abc"


def editor(*saved):
    found = Editor("erin", None, ("own", 1), ("shared", 2), MARK)
    found.saved = list(saved)
    return found


def history(*rows):
    """Rows of (title, version written)."""
    return [[title, version, "erin"] for title, version in rows]


def after(title, rows):
    return {"events": {"shared": {"title": title, "history": history(*rows)}}}


def test_a_chain_of_saves_each_on_the_version_before_passes():
    saves = editor(("shared", f"{MARK} 1", "v0", None), ("shared", f"{MARK} 2", "v1", None))
    rows = [("created", "v0"), (f"{MARK} 1", "v1"), (f"{MARK} 2", "v2")]
    assert lost_updates([saves], after(f"{MARK} 2", rows)) == []


def test_a_save_over_a_version_it_did_not_see_is_a_lost_update():
    # Both opened on v0; the second went through anyway and undid the first.
    saves = editor(("shared", f"{MARK} 1", "v0", None), ("shared", f"{MARK} 2", "v0", None))
    rows = [("created", "v0"), (f"{MARK} 1", "v1"), (f"{MARK} 2", "v2")]
    (problem,) = lost_updates([saves], after(f"{MARK} 2", rows))
    assert "saved over a version it was not opened on" in problem


def test_a_save_missing_from_the_history_or_a_refused_one_in_it_fails():
    saves = editor(("shared", f"{MARK} 1", "v0", None), ("shared", f"{MARK} 2", "v1", None))
    rows = [("created", "v0"), (f"{MARK} 1", "v1"), (f"{MARK} 3", "v2")]
    problems = lost_updates([saves], after(f"{MARK} 3", rows))
    assert any("2 saves, 1 of them in its history" in p for p in problems)
    assert any("refused saves in its history" in p for p in problems)


def test_a_title_other_than_the_last_save_fails():
    saves = editor(("shared", f"{MARK} 1", "v0", None))
    rows = [("created", "v0"), (f"{MARK} 1", "v1")]
    (problem,) = lost_updates([saves], after("created", rows))
    assert "title 'created', last saved" in problem
