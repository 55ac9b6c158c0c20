import datetime as dt

import pytest

from readouts.reader.dates import dateline, find_dates, parse_date, url_date

TUESDAY = dt.date(2023, 8, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held talks on Monday", dt.date(2023, 8, 7)),
        ("spoke today with", TUESDAY),
        ("spoke yesterday with", dt.date(2023, 8, 7)),
        ("On August 6, Wang met", dt.date(2023, 8, 6)),
        ("On 6 August, Wang met", dt.date(2023, 8, 6)),
        ("On February 24, 2022, Wang", dt.date(2022, 2, 24)),
        ("At noon on Sept. 3, 2014", dt.date(2014, 9, 3)),
        ("met on last Tuesday", dt.date(2023, 8, 1)),
    ],
)
def test_dates_resolve_against_the_anchor(text, expected):
    assert find_dates(text, TUESDAY)[0].date == expected


def test_a_date_without_a_year_late_in_the_year_read_in_january_is_last_year():
    assert find_dates("On December 30, the ministers", dt.date(2024, 1, 2))[0].date == dt.date(
        2023, 12, 30
    )


def test_a_date_without_a_year_and_no_anchor_stays_unresolved():
    mention = find_dates("On March 25, Lavrov")[0]
    assert mention.date is None and mention.how == "year from anchor"


def test_a_month_alone_has_month_precision():
    mention = find_dates("since the visit in March", TUESDAY)[0]
    assert (mention.date, mention.precision) == (dt.date(2023, 3, 1), "month")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2022-02-25 06:58", dt.date(2022, 2, 25)),
        ("25 March 201918:59", dt.date(2019, 3, 25)),
        ("January 22, 2016", dt.date(2016, 1, 22)),
        ("Brussels, 22.05.2025", dt.date(2025, 5, 22)),
        ("731-12-04-2014", dt.date(2014, 4, 12)),
        ("Wang Yi met Lavrov on January 22, 2016 in Beijing to discuss things", None),
    ],
)
def test_datelines_are_lines_that_are_only_a_date(line, expected):
    assert dateline(line) == expected


def test_dates_in_urls_are_found():
    assert url_date("https://example.org/2018/07/23/secretary-call/") == dt.date(2018, 7, 23)
    assert url_date("http://x.gov.cn/eng/202202/t20220225_10645386.htm") == dt.date(2022, 2, 25)
    assert url_date("http://sl.china-embassy.org/eng/zgyw/t1134406.htm") is None


def test_publication_dates_are_iso_dates_or_none():
    assert parse_date("2023-08-08") == TUESDAY
    assert parse_date("08/08/2023") is None
    assert parse_date("") is None
