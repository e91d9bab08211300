"""The massage form: one page of plain-language questions about one massage.

Validation is in layers. The form checks what only it can see: the person's own today, the
dates of the massage's check-ins, a pain quality given alone. ``Massage.clean()`` (run by the
ModelForm) checks the rules it owns, and its messages land next to the fields: pain during the
massage all or nothing, the middle only for middle-line regions, the trouble not starting
before the massage. Checking those here too would show each message twice. The database
constraints refuse whatever gets past both.

The common case fits two phone screens (issue 12): the day, the kind of massage, the places (on
the body map) and the pressure come first; every other question is folded under "More details",
which opens by itself when one of its answers has an error.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.template.loader import render_to_string
from django.utils import formats, timezone

from ..models import Massage
from ..triage import vocabulary as v
from ..widgets import RegionSideField, pain_field, widget_field

PAIN_DURING_FIELDS = ("pain_during_region", "pain_during_side", "pain_during_nprs")
STORED_SIDES = ("left", "right", "midline")
# The questions of the common case, on the first screens; the rest is under "More details".
COMMON_FIELDS = ("date", "types", "regions", "pressure")
CHIPS_TEMPLATE = "tracker/_choice_chips.html"
# Shorter words for the longest kinds, so the chips take fewer rows on a phone; the neck's one
# says what happened, as the neck question under "More details" does.
TYPE_CHIPS = {
    **v.MASSAGE_TYPES,
    "device": "Massage device or gun",
    "neck_manipulation": "Neck cracked or suddenly twisted",
    "stretching_traction": "Stretching or traction",
}


class MoreDetails(Div):
    """A <details> around layout items, open when one of ``names`` has an error, so that no
    message is ever folded away."""

    template = "tracker/widgets/more_details.html"

    def __init__(self, *fields, names, summary, **kwargs):
        super().__init__(*fields, **kwargs)
        self.names = names
        self.summary = summary

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        has_error = any(name in form.errors for name in self.names)
        return render_to_string(
            self.template, {"fields": fields, "open": has_error, "summary": self.summary}
        )


def _region_choices(blank):
    """Regions grouped by body area, for a <select> with one optgroup per area."""
    grouped = [("", blank)]
    for area in v.AREAS:
        grouped.append((area, [(r.code, r.label) for r in v.REGIONS if r.area == area]))
    return grouped


def _yes(value):
    return value in (True, "True")


def _date_input():
    # ISO format, or the browser's date picker shows nothing for a saved date.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _day(date):
    """ "3 March", with the year when it is not this year."""
    if date.year == timezone.localdate().year:
        return formats.date_format(date, "j F")
    return formats.date_format(date, "j F Y")


class MassageForm(forms.ModelForm):
    date = forms.DateField(
        label="Day of the massage",
        widget=_date_input(),
        help_text="Not sure? Your best guess.",
        error_messages={"invalid": "Enter a date, for example 3 March 2025."},
    )
    time = forms.TimeField(
        label="Time of day (optional)",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": "Enter a time, for example 14:30."},
    )
    types = forms.MultipleChoiceField(
        label="What kind of massage was it?",
        choices=list(TYPE_CHIPS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that fit.",
    )
    provider_type = forms.ChoiceField(
        label="Who gave the massage?",
        choices=[("", "Choose one (optional)"), *v.PROVIDER_TYPES.items()],
        required=False,
    )
    # Under "More details": it starts at "No" (the model's default), and left out it is "No".
    neck_manipulation = forms.TypedChoiceField(
        label="Was your neck cracked, thrust or suddenly twisted?",
        choices=[(True, "Yes"), (False, "No")],
        coerce=_yes,
        required=False,
        empty_value=False,
        widget=forms.RadioSelect,
        help_text="For example a quick twist of the head that made a “crack” or “pop” sound.",
    )
    regions = RegionSideField(label="Which places were worked on?", required=False)
    pressure = forms.ChoiceField(
        label="How firm was the pressure?",
        choices=[*v.PRESSURES.items(), ("", "Not sure")],
        required=False,
        widget=forms.RadioSelect,
    )
    techniques = forms.MultipleChoiceField(
        label="What did they press with?",
        choices=list(v.TECHNIQUES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that fit.",
    )
    pain_during_region = forms.ChoiceField(
        label="Where did it hurt during the massage?",
        choices=_region_choices("It didn't hurt, or I don't remember"),
        required=False,
        help_text="If it hurt in several places, choose the worst one.",
    )
    pain_during_side = forms.ChoiceField(
        label="On which side?",
        choices=[*((s, v.SIDES[s].capitalize()) for s in STORED_SIDES), ("", "No answer")],
        required=False,
        widget=forms.RadioSelect,
        help_text="Your left is the side of your left hand. “In the middle” is for places on "
        "the body's middle line, such as the spine.",
    )
    pain_during_nprs = pain_field("How bad was that pain, from 0 to 10?")
    pain_during_quality = forms.ChoiceField(
        label="What did the pain feel like?",
        choices=[*v.PAIN_QUALITIES.items(), ("", "Not sure, or no answer")],
        required=False,
        widget=forms.RadioSelect,
    )
    # Under "More details": it starts at "I'm not sure" (the model's default), and so does an
    # answer left out.
    onset_timing = forms.TypedChoiceField(
        label="When did the trouble start?",
        choices=list(v.ONSET_TIMINGS.items()),
        required=False,
        empty_value="not_sure",
        widget=forms.RadioSelect,
    )
    onset_date = forms.DateField(
        label="Day the trouble started (optional)",
        required=False,
        widget=_date_input(),
        help_text="If you know it. It can't be before the massage.",
        error_messages={"invalid": "Enter a date, for example 3 March 2025."},
    )
    notes = forms.CharField(
        label="Anything else you want to remember?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example what the therapist did, or what you told them.",
    )

    class Meta:
        model = Massage
        fields = [
            "date",
            "time",
            "types",
            "provider_type",
            "neck_manipulation",
            "regions",
            "pressure",
            "techniques",
            "pain_during_region",
            "pain_during_side",
            "pain_during_nprs",
            "pain_during_quality",
            "onset_timing",
            "onset_date",
            "notes",
            "age_band",
            *v.RISK_FACTORS,
        ]
        labels = dict(v.RISK_FACTORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_band"].label = "Your age"
        self.fields["age_band"].choices = [("", "Rather not say"), *v.AGE_BANDS.items()]
        self.today = timezone.localdate()
        for name in ("date", "onset_date"):
            self.fields[name].widget.attrs["max"] = self.today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Fieldset(
                # The page's title says it; the legend is for screen readers.
                "",
                HTML('<legend class="visually-hidden">The massage</legend>'),
                "date",
                Field("types", template=CHIPS_TEMPLATE),
                widget_field("regions"),
                Field("pressure", template=CHIPS_TEMPLATE),
                css_class="form-section",
            ),
            MoreDetails(
                Fieldset("When", "time", css_class="form-section"),
                Fieldset(
                    "Who and how",
                    "provider_type",
                    "neck_manipulation",
                    "techniques",
                    css_class="form-section",
                ),
                Fieldset(
                    "Pain during the massage",
                    "pain_during_region",
                    "pain_during_side",
                    widget_field("pain_during_nprs"),
                    "pain_during_quality",
                    css_class="form-section",
                ),
                Fieldset(
                    "When the trouble started",
                    "onset_timing",
                    "onset_date",
                    css_class="form-section",
                ),
                Fieldset("Anything else", "notes", css_class="form-section"),
                Fieldset(
                    "About you (optional)",
                    HTML(
                        '<p class="form-text mt-0">Some of these make certain problems more '
                        "likely, so the advice takes them into account. Tick any that were true "
                        "around the time of this massage.</p>"
                    ),
                    "age_band",
                    *v.RISK_FACTORS,
                    css_class="form-section",
                ),
                names=[name for name in self.fields if name not in COMMON_FIELDS],
                summary="time, who, your neck, pain during it, when it started, notes, about you",
            ),
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError("This date is in the future.", code="future")
        if self.instance.pk:
            first = self.instance.checkins.order_by("date").values_list("date", flat=True).first()
            if first is not None and date > first:
                raise forms.ValidationError(
                    "You have a check-in on %(day)s; the massage can't be after it.",
                    code="after_checkin",
                    params={"day": _day(first)},
                )
        return date

    def clean(self):
        data = super().clean()
        if "neck_manipulation" in (data.get("types") or []):
            # The kind of massage says it: the neck question under "More details", left at its
            # starting "No", must not say otherwise (a neck treated so raises some rules).
            data["neck_manipulation"] = True
        # The model checks region, side and pain together; a quality alone is the form's case.
        answered = [f for f in PAIN_DURING_FIELDS if data.get(f) not in (None, "")]
        if data.get("pain_during_quality") and not answered:
            for name in PAIN_DURING_FIELDS:
                if name not in self.errors:
                    self.add_error(name, "Say where it hurt, on which side, and how much (0-10).")
        return data
