"""The management commands: createuser, ensureadmin, loadsample, generate."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from readouts.models import Event, Publisher, Source, Statement


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue()


def test_createuser_makes_an_analyst_with_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    assert "Created analyst 'ann'" in run("createuser", "ann", "--role", "analyst")
    ann = User.objects.get(username="ann")
    assert ann.check_password("Correct-horse-42")
    assert list(ann.groups.values_list("name", flat=True)) == ["Analysts"]
    assert not ann.is_staff


def test_createuser_makes_editors_staff(db, monkeypatch):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    run("createuser", "ed", "--role", "editor")
    ed = User.objects.get(username="ed")
    assert ed.is_staff and ed.has_perm("readouts.change_event")


def test_createuser_refuses_an_existing_user_unless_told_to_update(db, monkeypatch):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    run("createuser", "ann", "--role", "analyst")
    with pytest.raises(CommandError, match="exists already"):
        run("createuser", "ann", "--role", "editor")
    run("createuser", "ann", "--role", "editor", "--update")
    assert list(User.objects.get(username="ann").groups.values_list("name", flat=True)) == [
        "Editors"
    ]


def test_createuser_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "123")
    with pytest.raises(CommandError, match="Password refused"):
        run("createuser", "ann", "--role", "analyst")
    assert not User.objects.filter(username="ann").exists()


@pytest.mark.parametrize("name", ["ann smith", "o'brien", "ann<script>", "a/b"])
def test_createuser_refuses_a_name_the_admin_would_refuse(db, monkeypatch, name):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    with pytest.raises(CommandError, match="User name refused: Enter a valid username"):
        run("createuser", name, "--role", "analyst")
    assert not User.objects.exists()
    run("createuser", "ann.smith@mfa", "--role", "analyst")  # letters, digits and @.+-_


@pytest.mark.parametrize(
    ("name", "message"),
    [("a" * 151, "at most 150 characters"), ("ann\x00", "Enter a valid username"), (" ", "Give")],
)
def test_createuser_refuses_a_name_too_long_with_a_nul_or_empty(db, monkeypatch, name, message):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    with pytest.raises(CommandError, match=message):
        run("createuser", name, "--role", "analyst")
    assert not User.objects.exists()


def test_createuser_refuses_an_e_mail_address_that_is_not_one(db, monkeypatch):
    monkeypatch.setenv("PORTAL_USER_PASSWORD", "Correct-horse-42")
    with pytest.raises(CommandError, match="E-mail address refused"):
        run("createuser", "ann", "--role", "analyst", "--email", "not an address")
    assert not User.objects.exists()


def test_createuser_needs_a_known_role(db):
    with pytest.raises(CommandError):
        run("createuser", "ann", "--role", "king")


def test_createuser_without_a_terminal_or_password_says_so(db, monkeypatch):
    monkeypatch.delenv("PORTAL_USER_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(CommandError, match="PORTAL_USER_PASSWORD"):
        run("createuser", "ann", "--role", "analyst")


def test_ensureadmin_creates_one_administrator_and_prints_the_password_once(db, monkeypatch):
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    first = run("ensureadmin")
    assert "user name: admin" in first
    password = first.split("password:")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)
    assert run("ensureadmin") == ""


def test_ensureadmin_takes_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "From-the-env-42")
    out = run("ensureadmin")
    assert "From-the-env-42" not in out
    assert User.objects.get(username="admin").check_password("From-the-env-42")


def test_generate_adds_labelled_published_data_with_spans(db):
    run("generate", "--events", "40", "--statements", "400", "--quiet")
    assert Event.objects.count() == 40
    assert Statement.objects.count() == 400
    assert Statement.objects.filter(is_public=True).count() == 400
    assert all(p.is_synthetic and "Synthetic" in p.name for p in Publisher.objects.all())
    for said in Statement.objects.select_related("source")[:50]:
        assert said.source.text[said.start : said.end] == said.text
    assert Statement.objects.filter(search="cooperation").exists()
    # Some calls are read out by both sides: two sources from two publishers, to compare.
    from django.db.models import Count

    both = Event.objects.annotate(n=Count("sources")).filter(n=2)
    assert both.exists()
    for two in both:
        assert two.sources.values("publisher").distinct().count() == 2
        assert two.statements.values("source").distinct().count() == 2
    # The sequences moved past the copied ids: ordinary inserts still work.
    from tests.factories import event

    assert event("After generation").pk > Event.objects.order_by("-pk")[1].pk


def test_generate_is_repeatable_with_a_seed(db):
    run("generate", "--events", "5", "--statements", "20", "--seed", "7", "--quiet")
    first = list(Statement.objects.order_by("id").values_list("text", flat=True))
    Statement.objects.all().delete()
    Source.objects.all().delete()
    Event.objects.all().delete()
    run("generate", "--events", "5", "--statements", "20", "--seed", "7", "--quiet")
    assert list(Statement.objects.order_by("id").values_list("text", flat=True)) == first


@pytest.mark.parametrize(
    "args",
    [
        ["--events", "0", "--statements", "1"],
        ["--events", "5", "--statements", "-1"],
        ["--events", "5", "--statements", "5", "--drafts", "2"],
    ],
)
def test_generate_refuses_nonsense_sizes(db, args):
    with pytest.raises(CommandError):
        run("generate", *args, "--quiet")


def test_loadsample_is_idempotent(db):
    run("loadsample", "--events", "20", "--statements", "100")
    counts = (Event.objects.count(), Statement.objects.count())
    assert counts == (21, 110)
    run("loadsample", "--events", "20", "--statements", "100")
    assert (Event.objects.count(), Statement.objects.count()) == counts


def test_loadsample_if_empty_leaves_a_used_database_alone(db):
    from tests.factories import event

    event("Something real")
    run("loadsample", "--if-empty")
    assert Event.objects.count() == 1
