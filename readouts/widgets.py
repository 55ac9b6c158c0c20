"""The filter form's widgets, written in Python.

Django renders a select through a template and each of its options through another one, each
checkbox and text box the same way: the hundred publishers and the topics of the filter form
took some 20 ms of every first visit of a list. These widgets write the same HTML as Django's
templates (django/forms/widgets/select.html, select_option.html, checkbox_option.html,
input.html, attrs.html), byte for byte, from the same context; any other template goes through
Django's renderer as before.
They keep Django's class names, which the templates read (`field.widget_type`).
"""

from django import forms
from django.utils.safestring import mark_safe

from .html import esc

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
CHECKBOX = "django/forms/widgets/checkbox_option.html"
INPUTS = ("django/forms/widgets/text.html", "django/forms/widgets/date.html")


def attrs_html(attrs):
    """As django/forms/widgets/attrs.html writes them."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {esc(name)}" if value is True else f' {esc(name)}="{text(value)}"')
    return "".join(out)


def text(value):
    """{{ value|stringformat:'s' }}: escaped, unless it was safe already."""
    return esc(value) if isinstance(value, str) else esc(f"{value}")


def option_html(option):
    return (
        f'<option value="{text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{esc(option['label'])}</option>\n"
    )


def input_html(widget):
    """input.html (which text.html and date.html include)."""
    value = "" if widget["value"] is None else f' value="{text(widget["value"])}"'
    return (
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value}'
        f"{attrs_html(widget['attrs'])}>\n"
    )


def checkbox_html(option):
    """checkbox_option.html, which includes input_option.html, which includes input.html."""
    tag = input_html(option)
    if option["wrap_label"]:
        label_for = option["attrs"].get("id")
        label_for = f' for="{esc(label_for)}"' if label_for else ""
        tag = f"<label{label_for}>{tag} {esc(option['label'])}</label>"
    return f"{tag}\n\n"


class PythonRendered:
    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name == SELECT and self.option_template_name == OPTION:
            parts = [f'<select name="{esc(widget["name"])}"{attrs_html(widget["attrs"])}>']
            for group_name, options, _ in widget["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{esc(group_name)}">')
                parts.extend(f"\n  {option_html(option)}" for option in options)
                if group_name:
                    parts.append("\n  </optgroup>")
            parts.append("\n</select>")
            html = "".join(parts)
        elif template_name == CHECKBOX:
            html = checkbox_html(widget)
        elif template_name in INPUTS:
            html = input_html(widget)
        else:
            return super()._render(template_name, context, renderer)
        # Stripped, as Django's renderer strips what its templates write.
        return mark_safe(html.strip())  # noqa: S308 - every value escaped above


class TextInput(PythonRendered, forms.TextInput):
    pass


class DateInput(PythonRendered, forms.DateInput):
    pass


class Select(PythonRendered, forms.Select):
    pass


class SelectMultiple(PythonRendered, forms.SelectMultiple):
    pass


class CheckboxSelectMultiple(PythonRendered, forms.CheckboxSelectMultiple):
    pass
