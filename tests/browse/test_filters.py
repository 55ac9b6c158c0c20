"""Each filter parameter of both lists, at the FilterSet level (no HTTP)."""

import pytest
from django.contrib.postgres.search import SearchRank
from django.db.models import F
from django.http import QueryDict
from django.test import RequestFactory

from readouts.browse.filters import EventFilterSet, StatementFilterSet, search_query
from readouts.models import Event, Statement
from tests.factories import publisher, source, statement


def run(filterset_class, query, user, queryset):
    request = RequestFactory().get("/", QueryDict(query))
    request.user = user
    filterset = filterset_class(QueryDict(query), queryset=queryset, request=request)
    return filterset


def events(query, user):
    filterset = run(EventFilterSet, query, user, Event.objects.visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return [e.title for e in filterset.qs]


def statements(query, user):
    filterset = run(StatementFilterSet, query, user, Statement.objects.visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return [s.pk for s in filterset.qs]


def errors(filterset_class, query, user):
    queryset = (Event if filterset_class is EventFilterSet else Statement).objects.all()
    filterset = run(filterset_class, query, user, queryset)
    assert not filterset.is_valid()
    return filterset.errors


CALL = "Wang Yi holds phone talks with Sergey Lavrov"
MEETING = "Blinken meets Lavrov"
DRAFT = "Draft call, not yet checked"


class TestEventFilters:
    def test_no_filter_lists_published_events_newest_first(self, world, analyst):
        assert events("", analyst) == [CALL, MEETING]

    def test_editors_see_drafts_too(self, world, editor):
        assert events("", editor) == [DRAFT, CALL, MEETING]

    def test_q_finds_words_in_the_title(self, world, analyst):
        assert events("q=Blinken", analyst) == [MEETING]

    def test_q_finds_words_in_the_summary_and_location(self, world, analyst):
        assert events("q=Reykjavik", analyst) == [MEETING]
        assert events("q=talks", analyst) == [CALL]

    def test_q_finds_participants_by_name(self, world, analyst):
        assert events("q=lavrov", analyst) == [CALL, MEETING]

    def test_q_finds_words_of_the_statements(self, world, analyst):
        assert events("q=arctic", analyst) == [MEETING]

    def test_q_does_not_find_draft_statements_for_analysts(self, world, analyst, editor):
        assert events("q=draft statement", analyst) == []
        assert DRAFT in events("q=draft statement", editor)

    def test_blank_q_leaves_the_list_alone(self, world, analyst):
        assert events("q=++", analyst) == [CALL, MEETING]

    def test_date_after_and_before_bound_the_dates(self, world, analyst):
        assert events("date_after=2022-01-01", analyst) == [CALL]
        assert events("date_before=2022-01-01", analyst) == [MEETING]
        assert events("date_after=2023-08-07&date_before=2023-08-07", analyst) == [CALL]

    def test_kind_takes_several_values(self, world, analyst):
        assert events("kind=meeting", analyst) == [MEETING]
        assert events("kind=meeting&kind=phone_call", analyst) == [CALL, MEETING]

    def test_country_matches_any_participants_side(self, world, analyst):
        assert events("country=USA", analyst) == [MEETING]
        assert events("country=CHN", analyst) == [CALL]
        assert events("country=CHN&country=USA", analyst) == [CALL, MEETING]
        assert events("country=chn,usa", analyst) == [CALL, MEETING]

    def test_actor_matches_a_participant(self, world, analyst):
        assert events("actor=antony-blinken", analyst) == [MEETING]
        assert events("actor=sergey-lavrov", analyst) == [CALL, MEETING]

    def test_topic_matches_events_with_a_statement_on_it_or_below_it(self, world, analyst):
        assert events("topic=ukraine", analyst) == [CALL]
        assert events("topic=security", analyst) == [CALL, MEETING]  # arms control is below

    def test_publisher_matches_any_source(self, world, analyst):
        assert events("publisher=mfa-russia", analyst) == [CALL]
        assert events("publisher=state-department", analyst) == [MEETING]

    def test_readouts_keeps_events_read_out_by_two_or_more_publishers(self, world, analyst):
        assert events("readouts=2", analyst) == [CALL]  # MFA China and MFA Russia
        # Two readouts from one publisher are not two accounts to compare.
        source(
            world["meeting"], "The State Department's second text.", publisher("State Department")
        )
        assert events("readouts=2", analyst) == [CALL]
        source(world["meeting"], "Lavrov met Blinken.", world["mfa_ru"], url="https://e/ru2")
        assert events("readouts=2", analyst) == [CALL, MEETING]

    def test_readouts_counts_the_publishers_of_drafts_for_editors_only(
        self, world, analyst, editor
    ):
        source(world["draft"], "China's readout of the draft call.", world["mfa_cn"])
        source(world["draft"], "A second readout of it.", world["mfa_ru"], url="https://e/ru3")
        assert events("readouts=2", analyst) == [CALL]
        assert events("readouts=2", editor) == [DRAFT, CALL]

    def test_sort_by_date_ascending_and_title(self, world, analyst):
        assert events("sort=date", analyst) == [MEETING, CALL]
        assert events("sort=title", analyst) == [MEETING, CALL]
        assert events("sort=-title", analyst) == [CALL, MEETING]

    @pytest.mark.parametrize(
        "query, field",
        [
            ("date_after=2023-13-01", "date_after"),
            ("date_before=yesterday", "date_before"),
            ("kind=barbecue", "kind"),
            ("country=XYZ", "country"),
            ("actor=nobody-at-all", "actor"),
            ("topic=no-such-topic", "topic"),
            ("publisher=nobody", "publisher"),
            ("sort=colour", "sort"),
            ("q=%00", "q"),
            ("readouts=3", "readouts"),
            ("readouts=on", "readouts"),
            ("date_after=2024-01-01&date_before=2023-01-01", "__all__"),
        ],
    )
    def test_malformed_values_are_errors(self, world, analyst, query, field):
        assert field in errors(EventFilterSet, query, analyst)


class TestStatementFilters:
    def test_no_filter_lists_public_statements_newest_first(self, world, analyst):
        w = world
        assert statements("", analyst) == [w["s1"].pk, w["s2"].pk, w["s3"].pk, w["s4"].pk]

    def test_editors_see_statements_of_draft_events(self, world, editor):
        assert world["s5"].pk in statements("", editor)

    def test_q_is_full_text_with_stemming_and_ranking(self, world, analyst):
        assert statements("q=talk", analyst) == [world["s2"].pk]
        filterset = run(StatementFilterSet, "q=ukraine", analyst, Statement.objects.public())
        row = filterset.qs.get()
        assert "\ue000Ukraine\ue001" in row.snippet

    def test_a_short_statement_is_shown_whole_and_a_long_one_in_fragments(self, world, analyst):
        short = "Russia's war against Ukraine must end."
        padding = " ".join(["The sides discussed the economy at length."] * 12)
        made = {
            text: statement(world["call"], text, world["wang"], world["chn"]).pk
            for text in (short, f"{padding} Ukraine needs peace. {padding}")
        }
        filterset = run(StatementFilterSet, "q=ukraine", analyst, Statement.objects.public())
        snippets = dict(filterset.qs.filter(pk__in=made.values()).values_list("pk", "snippet"))
        # In fragments PostgreSQL dropped the short words at the ends: "... must" for "must end."
        assert snippets[made[short]] == short.replace("Ukraine", "\ue000Ukraine\ue001")
        long = snippets[made[f"{padding} Ukraine needs peace. {padding}"]]
        assert "\ue000Ukraine\ue001" in long and len(long) < 400

    def test_q_accepts_phrases_and_exclusions(self, world, analyst):
        assert statements('q="new high"', analyst) == [world["s1"].pk]
        assert statements("q=region -arctic", analyst) == []

    def test_speaker(self, world, analyst):
        assert statements("speaker=sergey-lavrov", analyst) == [world["s2"].pk]
        assert statements("speaker=wang-yi,sergey-lavrov", analyst) == [
            world["s1"].pk,
            world["s2"].pk,
        ]

    def test_country_is_the_speakers_side(self, world, analyst):
        assert statements("country=USA", analyst) == [world["s4"].pk]
        assert statements("country=RUS&country=CHN", analyst) == [world["s1"].pk, world["s2"].pk]

    def test_topic_includes_the_topics_below_it(self, world, analyst):
        assert statements("topic=arms-control", analyst) == [world["s3"].pk]
        assert statements("topic=security", analyst) == [world["s3"].pk, world["s4"].pk]

    def test_kind_is_the_events_kind(self, world, analyst):
        assert statements("kind=meeting", analyst) == [world["s4"].pk]

    def test_dates_are_the_events_dates(self, world, analyst):
        assert statements("date_before=2022-12-31", analyst) == [world["s4"].pk]
        assert statements("date_after=2023-01-01", analyst) == [
            world["s1"].pk,
            world["s2"].pk,
            world["s3"].pk,
        ]

    def test_event(self, world, analyst):
        assert statements(f"event={world['meeting'].pk}", analyst) == [world["s4"].pk]

    def test_an_analyst_cannot_name_a_draft_event(self, world, analyst):
        assert "event" in errors(StatementFilterSet, f"event={world['draft'].pk}", analyst)

    @pytest.mark.parametrize("first", ["analyst", "editor"])
    def test_the_events_a_reader_may_name_are_the_readers_own(self, world, analyst, editor, first):
        """Whoever came first, each reader's event field holds the events that reader sees."""
        draft = f"event={world['draft'].pk}"
        for user in (analyst, editor) if first == "analyst" else (editor, analyst):
            if user == analyst:
                assert "event" in errors(StatementFilterSet, draft, analyst)
            else:
                assert statements(draft, editor) == [world["s5"].pk]
        form = run(StatementFilterSet, draft, analyst, Statement.objects.public()).form
        assert draft_id_not_in(form, world)

    def test_sort_by_relevance_date_speaker_and_country(self, world, analyst):
        w = world
        assert statements("sort=date", analyst)[0] == w["s4"].pk
        # By the speaker as the list shows it: a joint statement's is "Both sides".
        assert statements("sort=speaker", analyst) == [
            w["s4"].pk,
            w["s3"].pk,
            w["s2"].pk,
            w["s1"].pk,
        ]
        # By the country's code, those of no country last either way.
        by_country = [w["s1"].pk, w["s2"].pk, w["s4"].pk, w["s3"].pk]
        assert statements("sort=country", analyst) == by_country
        assert statements("sort=-country", analyst) == [*by_country[2::-1], w["s3"].pk]
        filterset = run(
            StatementFilterSet,
            "q=ukraine or crisis&sort=relevance",
            analyst,
            Statement.objects.public(),
        )
        query = search_query("ukraine or crisis")
        ranks = [row.rank for row in filterset.qs.annotate(rank=SearchRank(F("search"), query))]
        assert len(ranks) == 1 or ranks == sorted(ranks, reverse=True)
        assert [row.pk for row in filterset.qs][0] == w["s2"].pk

    def test_relevance_without_a_search_falls_back_on_the_date(self, world, analyst):
        assert statements("sort=relevance", analyst) == statements("", analyst)

    @pytest.mark.parametrize(
        "query, field",
        [
            ("speaker=nobody", "speaker"),
            ("speaker=china", "speaker"),  # a country is not a speaker
            ("country=ZZZ", "country"),
            ("topic=%3Cscript%3E", "topic"),
            ("kind=call", "kind"),
            ("event=abc", "event"),
            ("event=999999999", "event"),
            ("sort=rank", "sort"),
            ("date_after=2023-02-30", "date_after"),
        ],
    )
    def test_malformed_values_are_errors(self, world, analyst, query, field):
        assert field in errors(StatementFilterSet, query, analyst)


class TestChoiceFields:
    """The choice fields accept exactly what their querysets hold, and answer those records
    as a list (filters.ListedChoicesMixin)."""

    FIELDS = [
        (EventFilterSet, "country", "code"),
        (EventFilterSet, "actor", "slug"),
        (EventFilterSet, "topic", "slug"),
        (EventFilterSet, "publisher", "slug"),
        (StatementFilterSet, "country", "code"),
        (StatementFilterSet, "speaker", "slug"),
        (StatementFilterSet, "topic", "slug"),
        (StatementFilterSet, "publisher", "slug"),
    ]

    @pytest.mark.parametrize(("filterset_class", "name", "key"), FIELDS)
    def test_a_field_accepts_what_its_queryset_holds(
        self, world, analyst, filterset_class, name, key
    ):
        field = filterset_class().form.fields[name]
        model = field.queryset.model
        accepted = {str(getattr(r, key)) for r in field.queryset}
        assert accepted
        every = {str(getattr(r, key)) for r in model.objects.all() if getattr(r, key)}
        for value in sorted(every):
            query = f"{name}={value}"
            filterset = run(filterset_class, query, analyst, filterset_class._meta.model.objects)
            valid = filterset.is_valid()
            assert valid == (value in accepted), (query, filterset.errors)
            if valid:
                (chosen,) = filterset.form.cleaned_data[name]
                record = model.objects.get(**{key: value})
                assert isinstance(chosen, model) and chosen.pk == record.pk
                assert (chosen.slug, chosen.name) == (record.slug, record.name)

    @pytest.mark.parametrize(("filterset_class", "name", "key"), FIELDS)
    def test_nothing_chosen_costs_no_query(
        self, world, analyst, filterset_class, name, key, django_assert_num_queries
    ):
        filterset = run(filterset_class, "", analyst, filterset_class._meta.model.objects)
        field = filterset.form.fields[name]
        with django_assert_num_queries(0):
            assert field.clean([]) == []

    def test_the_topic_and_publisher_options_are_every_visible_record_by_name(self, world):
        from readouts.models import Publisher, Topic

        form = StatementFilterSet().form  # no user: what an analyst may see
        for name, model in (("topic", Topic), ("publisher", Publisher)):
            options = list(form.fields[name].choices)
            visible = model.objects.visible_to(None).order_by("name", "slug")
            assert options == [(r.slug, r.name) for r in visible]
            assert 0 < len(options) < model.objects.count() or name == "publisher"


def draft_id_not_in(form, world):
    return not form.fields["event"].queryset.filter(pk=world["draft"].pk).exists()
