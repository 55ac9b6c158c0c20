"""The filter form's widgets, written in Python, write what Django's templates write."""

import datetime

import pytest
from django import forms

from readouts import widgets

CHOICES = [
    ("", "Any"),
    ("a&b", "A & <b>"),
    ("q\"'", "Quote \"q\" 'n'"),
    (3, "Three"),
    ("Group <g>", [("g1", "G one"), ("g2", "G two")]),
]
ATTRS = [
    None,
    {"id": "id_topic", "class": "wide", "required": True, "disabled": False, "data-x": "<&>"},
]
VALUES = [None, "", "a&b", ["a&b", "3"], ["g2"], [], ["nothing"]]


@pytest.mark.parametrize(
    ("ours", "djangos"),
    [
        (widgets.Select, forms.Select),
        (widgets.SelectMultiple, forms.SelectMultiple),
        (widgets.CheckboxSelectMultiple, forms.CheckboxSelectMultiple),
    ],
)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_a_widget_writes_what_djangos_templates_write(ours, djangos, attrs, value):
    mine, reference = ours(choices=CHOICES), djangos(choices=CHOICES)
    assert mine.render("topic", value, attrs) == reference.render("topic", value, attrs)
    assert [str(box) for box in forms.BoundField(form(ours), form(ours).fields["f"], "f")] == [
        str(box) for box in forms.BoundField(form(djangos), form(djangos).fields["f"], "f")
    ]


@pytest.mark.parametrize(
    ("ours", "djangos"),
    [(widgets.TextInput, forms.TextInput), (widgets.DateInput, forms.DateInput)],
)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    "value", [None, "", "Ukraine", "a \"quoted\" <b> & 'n'", 42, datetime.date(2023, 8, 7)]
)
def test_an_input_writes_what_djangos_templates_write(ours, djangos, attrs, value):
    for options in ({}, {"attrs": {"type": "date", "placeholder": "e.g. <x>"}}):
        mine, reference = ours(**options), djangos(**options)
        assert mine.render("q", value, attrs) == reference.render("q", value, attrs)


def form(widget):
    class Form(forms.Form):
        f = forms.MultipleChoiceField(choices=CHOICES, widget=widget, required=False)

    return Form(data={"f": ["a&b", "g1"]})


def test_the_boxes_of_a_bound_field_read_as_before(analyst_client, world):
    """form_field.html writes each box with `{{ box.tag }}`: checked, labelled, escaped."""
    from django.forms.boundfield import BoundWidget

    reference = forms.CheckboxSelectMultiple(choices=CHOICES)
    mine = widgets.CheckboxSelectMultiple(choices=CHOICES)
    attrs = {"id": "id_kind"}
    boxes = zip(
        mine.subwidgets("kind", ["a&b"], attrs),
        reference.subwidgets("kind", ["a&b"], attrs),
        strict=True,
    )
    for a, b in boxes:
        assert BoundWidget(mine, a, None).tag() == BoundWidget(reference, b, None).tag()
        assert BoundWidget(mine, a, None).tag(wrap_label=True) == (
            BoundWidget(reference, b, None).tag(wrap_label=True)
        )
    html = analyst_client.get("/statements/?kind=phone_call&topic=trade").content.decode()
    assert 'type="checkbox" name="kind" value="phone_call" id="id_kind_0" checked>' in html
    assert '<option value="trade" selected>Trade</option>' in html


@pytest.mark.parametrize("data", ["", "topic=fish-stocks&publisher=PUBLISHER&kind=meeting"])
def test_the_topic_and_publisher_options_read_as_the_records_did(world, data):
    """Their options come from (slug, name) tuples (filters.NamedChoiceIterator): the same HTML
    as django-filter's iterator over the records writes, selected and escaped alike."""
    from django.http import QueryDict
    from django_filters.fields import ModelChoiceIterator

    from readouts.filters import EventFilterSet, StatementFilterSet
    from readouts.models import Event, Statement
    from tests.factories import publisher, topic

    topic("fish-stocks", "Fish & <stocks> 'n' \"q\"")
    odd = publisher("Ministry <of> & 'Fish'")
    query = QueryDict(data.replace("PUBLISHER", odd.slug))
    for filterset, model in ((EventFilterSet, Event), (StatementFilterSet, Statement)):
        form = filterset(query, queryset=model.objects.all()).form
        form.is_valid()
        for name in ("topic", "publisher"):
            bound = form[name]
            assert type(bound.field.widget.choices).__name__ == "NamedChoiceIterator"
            mine = str(bound)
            assert "<option" in mine and "&lt;" in mine
            assert (" selected>" in mine) == bool(data)
            bound.field.widget.choices = ModelChoiceIterator(bound.field)
            assert str(bound) == mine
