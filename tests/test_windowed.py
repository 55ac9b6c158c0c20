"""A page's rows read ahead, and written out ahead (readouts/pagination.py Windowed): the
template tag gives what was written only for that very window and by that very fragment."""

from django.template import Context, Template

from readouts.pagination import Rows, Windowed


class Numbers(Windowed):
    def __init__(self, writer=None):
        self.reads, self.writer = [], writer

    def fetch(self, window):
        self.reads.append((window.start, window.stop))
        return list(range(window.start or 0, window.stop))


def test_a_window_read_ahead_serves_the_page_and_is_read_once():
    numbers = Numbers()
    numbers.prefetch(slice(50, 100))
    page = numbers[50:100]
    assert list(page) == list(range(50, 100))
    assert list(numbers[50:60]) == list(range(50, 60))
    assert numbers.reads == [(50, 100)]


def test_rows_written_ahead_belong_to_their_window_and_their_writer():
    def writer(rows):
        return f"<p>{len(rows)} rows</p>"

    numbers = Numbers(writer)
    numbers.prefetch(slice(0, 50), write=True)
    page = numbers.window_rows(slice(0, 50))
    assert isinstance(page, Rows) and page.written == (writer, "<p>50 rows</p>")
    assert getattr(numbers.window_rows(slice(0, 10)), "written", None) is None
    unwritten = Numbers(writer)
    unwritten.prefetch(slice(0, 50))
    assert unwritten.window_rows(slice(0, 50)).written is None


def test_the_tag_gives_what_its_own_fragment_wrote_ahead(monkeypatch):
    from readouts import fragments

    template = Template("{% load readouts_tags %}{% event_rows rows %}")
    rows = Rows([])
    rows.written = (fragments.event_rows, "<tr><td>written ahead</td></tr>")
    assert template.render(Context({"rows": rows})) == "<tr><td>written ahead</td></tr>"
    rows.written = (fragments.statement_items, "<li>another fragment's</li>")
    assert template.render(Context({"rows": rows})) == fragments.event_rows([])
