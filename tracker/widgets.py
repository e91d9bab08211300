"""Two form widgets shared by the massage and check-in forms: a 0-10 pain scale and a body map.

Both render plain HTML controls (radios and checkboxes) that work without JavaScript and with a
keyboard. Crispy-forms draws every RadioSelect and CheckboxSelectMultiple with its own template,
which would hide ours, so a crispy layout shows these fields with ``widget_field(name)``: a
fieldset with the question as its legend, the help text, the errors, then the widget's own
markup. Outside crispy, ``{{ form.field }}`` renders the widget as it is.
"""

from pathlib import Path

from crispy_forms.layout import Field
from django import forms
from django.conf import settings
from django.forms import renderers
from django.utils.functional import cached_property

from . import body_map
from .triage import vocabulary as v

PAIN_SCALE = range(0, 11)
PAIN_SCALE_ENDS = {0: "no pain", 10: "worst imaginable"}
CRISPY_FIELD_TEMPLATE = "tracker/widgets/field.html"


def widget_field(name, **kwargs):
    """A crispy layout item that shows a field with its widget's own template."""
    return Field(name, template=CRISPY_FIELD_TEMPLATE, **kwargs)


class _WidgetRenderer(renderers.DjangoTemplates):
    """Django's widget templates plus the project's ``templates/`` directories.

    Django's default form renderer searches only django/forms/templates and the apps'
    templates, not ``TEMPLATES["DIRS"]`` where these widgets' templates live. Setting
    ``FORM_RENDERER = "django.forms.renderers.TemplatesSetting"`` (with "django.forms" in
    INSTALLED_APPS) would do the same for every form.
    """

    @cached_property
    def engine(self):
        project_dirs = [d for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [*project_dirs, Path(renderers.__file__).parent / "templates"],
                "NAME": "massagecare_widgets",
                "OPTIONS": {},
            }
        )


_renderer = _WidgetRenderer()


class _ProjectTemplateMixin:
    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer=_renderer)


class PainScaleWidget(_ProjectTemplateMixin, forms.RadioSelect):
    """0 to 10 as a row of big radio buttons, with "no pain" and "worst imaginable" at the ends.

    When the field is optional, a "No answer" radio follows the scale: a chosen radio can't be
    unchosen without JavaScript, and a person must be able to take back an answer.
    """

    template_name = "tracker/widgets/pain_scale.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options = [option for _, group, _ in widget["optgroups"] for option in group]
        for option in options:
            option["end"] = PAIN_SCALE_ENDS.get(_as_int(option["value"]), "")
        widget["options"] = options
        widget["no_answer_checked"] = not any(option["selected"] for option in options)
        return context


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def pain_field(label, required=False, **kwargs):
    """A 0-10 pain question; a missing answer cleans to None."""
    kwargs.setdefault("error_messages", {"invalid_choice": "Choose a number from 0 to 10."})
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        choices=[(n, str(n)) for n in PAIN_SCALE],
        widget=PainScaleWidget,
        **kwargs,
    )


# Columns of the body map, in the order a person reads them: their left, the middle, their right.
GRID_SIDES = ("left", "midline", "right")
GRID_HEADINGS = {"left": "Your left", "midline": "Middle", "right": "Your right"}


# "region:side" values, named "Side of the neck, …, your left" for screen readers.
REGION_SIDE_CHOICES = [
    (f"{region.code}:{side}", f"{region.label}, {v.SIDES[side]}")
    for region in v.REGIONS
    for side in GRID_SIDES
    if side != "midline" or region.midline_allowed
]


def _region_side_values(value):
    """Stored [{"region", "side"}] dicts (or "region:side" strings) as "region:side" strings."""
    if not value:
        return []
    if isinstance(value, str | dict):
        value = [value]
    values = []
    for item in value:
        if isinstance(item, dict):
            values.append(f"{item.get('region')}:{item.get('side')}")
        else:
            values.append(str(item))
    return values


class RegionSideWidget(_ProjectTemplateMixin, forms.CheckboxSelectMultiple):
    """Body regions by area: one <details> per area, a row per region, a column per side,
    under a body map (``tracker.body_map``) that ticks the same boxes when JavaScript runs."""

    template_name = "tracker/widgets/region_side.html"

    def format_value(self, value):
        return _region_side_values(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options = {
            option["value"]: option for _, group, _ in widget["optgroups"] for option in group
        }
        areas = []
        for area in v.AREAS:
            rows = []
            for region in (r for r in v.REGIONS if r.area == area):
                cells = [options.get(f"{region.code}:{side}") for side in GRID_SIDES]
                if any(cells):
                    rows.append({"label": region.label, "cells": cells})
            chosen = sum(1 for row in rows for cell in row["cells"] if cell and cell["selected"])
            if rows:
                areas.append({"name": area, "rows": rows, "chosen": chosen})
        widget["areas"] = areas
        widget["headings"] = [GRID_HEADINGS[side] for side in GRID_SIDES]
        widget["body_map"] = body_map.render(
            map_id=f"{widget['attrs'].get('id') or name}-map",
            mode="multi",
            chosen=[value for value, option in options.items() if option["selected"]],
            bind={"name": name},
            # Most massages of the neck and shoulders are given lying face down.
            default_view="back",
        )
        return context


class RegionSideField(forms.MultipleChoiceField):
    """Body regions with the person's own side; cleans to the Massage.regions JSON format.

    Takes and gives ``[{"region": "neck_side", "side": "left"}, ...]``; the browser sends
    "neck_side:left". The middle is offered only for regions on the body's middle line.
    """

    widget = RegionSideWidget
    default_error_messages = {
        "invalid_choice": "%(value)s is not a body region on this list.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", REGION_SIDE_CHOICES)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _region_side_values(value)

    def to_python(self, value):
        return super().to_python(_region_side_values(value))

    def validate(self, value):
        for item in value:
            region, _, side = item.partition(":")
            if side == "midline" and region in v.REGION_BY_CODE and region not in v.MIDLINE_REGIONS:
                raise forms.ValidationError(
                    "%(region)s has a left and a right side: choose your left or your right.",
                    code="midline_not_allowed",
                    params={"region": v.region_label(region)},
                )
        super().validate(value)

    def clean(self, value):
        chosen = set(super().clean(value))
        # In the order of the list, so that the same answers are always stored the same way.
        return [
            dict(zip(("region", "side"), code.split(":"), strict=True))
            for code, _ in REGION_SIDE_CHOICES
            if code in chosen
        ]

    def has_changed(self, initial, data):
        return super().has_changed(_region_side_values(initial), data)
