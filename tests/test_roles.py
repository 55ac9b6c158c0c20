from django.contrib.auth.models import Group


def test_editors_may_change_events_and_analysts_may_only_view_them(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    analysts = set(
        Group.objects.get(name="Analysts").permissions.values_list("codename", flat=True)
    )
    assert {"add_event", "change_event", "delete_event", "view_event"} <= editors
    assert {"view_event", "view_statement"} <= analysts
    assert not {code for code in analysts if not code.startswith("view_")}
