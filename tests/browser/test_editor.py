"""An editor records a statement in the admin; an analyst finds it with the filters."""

import re

from playwright.sync_api import expect


def choose(page, form, field, text):
    """Pick `text` in the admin autocomplete (select2) box of `field` inside `form`."""
    form.locator(f"select[name$='-{field}'] + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").last.press_sequentially(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def select(panel, start, end):
    """Select characters `start` to `end` of a source's text, as a mouse would."""
    panel.evaluate(
        """(el, [start, end]) => {
            const range = document.createRange();
            range.setStart(el.firstChild, start);
            range.setEnd(el.firstChild, end);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [start, end],
    )


def test_an_editor_adds_a_statement_and_an_analyst_finds_it(
    page, live_server, corpus, people, log_in, browser
):
    call = corpus["call"]
    log_in("edgar")
    page.goto(f"{live_server.url}/admin/readouts/event/{call.pk}/change/")
    page.get_by_text(re.compile("Add another statement", re.IGNORECASE)).click()
    new = page.locator("#statements-group tr.dynamic-statements").last
    choose(page, new, "speaker", "Wang Yi")
    choose(page, new, "side", "China")
    new.locator("textarea[name$='-text']").fill(
        "China opposes the weaponisation of semiconductor supply chains."
    )
    choose(page, new, "topics", "Trade")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    analyst = log_in("alice", on=browser.new_context(base_url=live_server.url).new_page())
    analyst.goto("/statements/")
    analyst.get_by_label("Search the statements").fill("semiconductor")
    analyst.get_by_role("button", name="Apply").click()
    expect(analyst.locator("tr.statement")).to_have_count(1)
    expect(analyst.locator("tr.statement")).to_contain_text("Wang Yi")
    expect(analyst.locator("tr.statement mark")).to_have_text("semiconductor")
    analyst.locator(".facet", has_text="Topic").get_by_role("link", name="Trade").click()
    expect(analyst.locator("tr.statement")).to_have_count(1)


def test_analysts_are_kept_out_of_the_admin(page, live_server, corpus, people, log_in):
    log_in("alice")
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/readouts/event/")
    assert "/admin/login/" in page.url


def test_two_editors_on_one_event_the_second_is_told_and_merges(
    page, live_server, corpus, people, log_in, browser
):
    from readouts.roles import EDITORS
    from tests.conftest import make_user

    make_user("erin", EDITORS, is_staff=True)
    call = corpus["call"]
    url = f"{live_server.url}/admin/readouts/event/{call.pk}/change/"
    log_in("edgar")
    page.goto(url)
    erins_browser = browser.new_context(base_url=live_server.url)
    erin = log_in("erin", on=erins_browser.new_page())
    erin.goto(url)

    erin.get_by_label("Title:").fill("Wang Yi and Sergey Lavrov talk trade")
    erin.get_by_role("button", name="Save", exact=True).click()
    expect(erin.locator(".messagelist")).to_contain_text("was changed successfully")
    erins_browser.close()
    page.get_by_label("Location:").fill("Beijing")
    page.get_by_role("button", name="Save", exact=True).click()

    note = page.locator(".errorlist.nonfield")
    expect(note).to_contain_text("Changed by erin at ")
    expect(note).to_contain_text("title is now “Wang Yi and Sergey Lavrov talk trade”")
    expect(page.get_by_label("Location:")).to_have_value("Beijing")
    page.get_by_label("Title:").fill("Wang Yi and Sergey Lavrov talk trade")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    call.refresh_from_db()
    assert (call.title, call.location) == ("Wang Yi and Sergey Lavrov talk trade", "Beijing")


def test_an_editor_sets_a_statements_span_by_selecting_its_words(
    page, live_server, corpus, people, log_in
):
    from readouts.models import Statement

    call = corpus["call"]
    cn = call.sources.get(publisher=corpus["mfa_cn"])
    log_in("edgar")
    page.goto(f"{live_server.url}/admin/readouts/event/{call.pk}/change/")
    panel = page.locator(f".source-text[data-source-id='{cn.pk}']")
    expect(panel).to_have_text(cn.text)
    # Half a word at each end ("rade ... hig"): the picker takes the whole words.
    select(panel, 11, 33)
    page.get_by_text(re.compile("Add another statement", re.IGNORECASE)).click()
    new = page.locator("#statements-group tr.dynamic-statements").last
    new.get_by_role("button", name="Use selection").click()
    expect(new.locator(".span-note")).to_have_text("Span set: 10–34.")
    expect(new.locator("input[name$='-start']")).to_have_value("10")
    expect(new.locator("input[name$='-end']")).to_have_value("34")
    expect(new.locator("textarea[name$='-text']")).to_have_value("trade reached a new high")
    expect(new.locator("select[name$='-source'] + .select2")).to_contain_text(str(cn))
    choose(page, new, "speaker", "Wang Yi")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    made = Statement.objects.get(event=call, text="trade reached a new high")
    assert (made.source, made.start, made.end) == (cn, 10, 34)


def test_a_text_other_than_its_span_is_saved_only_once_confirmed(
    page, live_server, corpus, people, log_in
):
    from readouts.models import Statement

    call = corpus["call"]
    log_in("edgar")
    page.goto(f"{live_server.url}/admin/readouts/event/{call.pk}/change/")
    select(page.locator(".source-text").first, 0, 4)
    page.get_by_text(re.compile("Add another statement", re.IGNORECASE)).click()
    new = page.locator("#statements-group tr.dynamic-statements").last
    new.locator("textarea[name$='-text']").fill("China wants peace talks.")
    new.get_by_role("button", name="Use selection").click()
    expect(new.locator("textarea[name$='-text']")).to_have_value("China wants peace talks.")
    page.get_by_role("button", name="Save", exact=True).click()

    refused = page.locator("#statements-group tr.form-row").filter(has_text="differs from its span")
    expect(refused).to_have_count(1)
    # One statement per row: the refused row's box stands under a "Save anyway" header, and
    # every row keeps as many cells as the header has.
    headers = page.locator("#statements-group thead th:not(.hidden)")
    expect(headers.filter(has_text="Save anyway")).to_have_count(1)
    for row in page.locator("#statements-group tbody tr.form-row:not(.empty-form)").all():
        expect(row.locator("> td:not(.hidden)")).to_have_count(headers.count())
    refused.get_by_label("Save anyway").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Statement.objects.filter(event=call, text="China wants peace talks.").exists()


def test_the_admins_event_list_fits_a_laptop_screen(page, live_server, corpus, people, log_in):
    from tests.factories import publisher, source

    call = corpus["call"]
    call.title = (
        "Member of the Political Bureau of the CPC Central Committee and Minister of Foreign "
        "Affairs Wang Yi Holds Phone Talks with Russian Foreign Minister Sergey Lavrov at the "
        "Request of the Russian Side to Exchange Views on Bilateral Relations and the Crisis"
    )
    call.save()
    long_name = (
        "Ministry of Foreign Affairs of the People's Republic of China, Department of Europe"
    )
    source(call, "Wang Yi spoke with Lavrov.", publisher(long_name), url="https://example.org/x")
    log_in("edgar")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/admin/readouts/event/")
    expect(page.locator("#result_list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # The edit page too, its less used inlines folded away.
    page.goto(f"{live_server.url}/admin/readouts/event/{call.pk}/change/")
    expect(page.locator("#sources-group details, #mentioned_events-group details")).to_have_count(2)
    expect(page.locator("#sources-group details")).not_to_have_attribute("open", "")
    expect(page.locator("#mentioned_events-group details")).not_to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
