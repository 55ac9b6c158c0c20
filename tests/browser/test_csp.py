"""The Content-Security-Policy holds on every kind of page, and nothing on them breaks it: the
browser reports no violation on the analysts' pages, the admin (its autocomplete, inline rows
and history included) and the error pages. conftest.csp_violations fails any browser test
that breaks it."""

from playwright.sync_api import expect


def visit(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    return response


def test_the_analysts_pages_keep_the_policy(page, live_server, corpus, people, log_in):
    call, wang = corpus["call"], corpus["wang"]
    log_in("alice")
    paths = [
        "/",
        "/statements/",
        "/statements/?country=CHN&topic=trade",
        "/events/",
        f"/events/{call.pk}/",
        f"/events/{call.pk}/compare/",
        "/pairs/",
        "/pairs/CHN-RUS/",
        f"/actors/{wang.slug}/",
        "/topics/ukraine/",
        f"/statements/{call.statements.first().pk}/",
        "/searches/",
        "/no-such-page/",
    ]
    for path in paths:
        response = visit(page, live_server, path)
        assert "default-src 'self'" in response.headers["content-security-policy"], path
    # The pages' own scripts still run: the topic heat map opens, the filter form submits.
    visit(page, live_server, "/statements/")
    page.get_by_label("Search the statements").fill("trade")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("tr.statement").first).to_contain_text("Trade")


def test_the_admin_works_under_the_policy(page, live_server, corpus, people, log_in):
    call = corpus["call"]
    log_in("edgar")
    for path in [
        "/admin/",
        "/admin/readouts/event/",
        "/admin/readouts/statement/",
        f"/admin/readouts/event/{call.pk}/history/",
        "/admin/readouts/event/add-readout/",
        "/admin/readouts/source/",
    ]:
        response = visit(page, live_server, path)
        assert response.headers["content-security-policy"], path
    # The change form's scripts: inline rows added, the autocomplete box searched, saved.
    visit(page, live_server, f"/admin/readouts/event/{call.pk}/change/")
    page.get_by_text("Add another statement", exact=False).first.click()
    new = page.locator("#statements-group tr.dynamic-statements").last
    new.locator("select[name$='-speaker'] + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").last.press_sequentially("Wang")
    page.locator(".select2-results__option", has_text="Wang Yi").first.click()
    new.locator("select[name$='-side'] + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").last.press_sequentially("Chin")
    page.locator(".select2-results__option", has_text="China").first.click()
    new.locator("textarea[name$='-text']").fill("China welcomes the talks.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_the_api_docs_and_tokens_work_under_the_policy(page, live_server, corpus, people, log_in):
    log_in("alice")
    visit(page, live_server, "/accounts/tokens/")
    page.get_by_label("Name").fill("R notebook")
    page.get_by_role("button", name="Make a token").click()
    expect(page.locator("#new-token")).to_contain_text("rdo_")
    # Swagger UI, served by us, its start script a file of its own: it reads the schema
    # with the session and lists the endpoints.
    visit(page, live_server, "/api/v1/docs/")
    expect(page.get_by_text("/api/v1/statements/", exact=True).first).to_be_visible()
