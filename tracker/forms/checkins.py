"""The staged check-in: one small form per stage, each with plain-language questions.

Stage 1 is the emergency screen (red flags), stage 2 where and what (symptoms), stage 3 movement
and strength (only for the body parts involved), stage 4 the course since last time. The answers
of finished stages travel with the form as a signed draft (see ``tracker.checkin_draft``), so the
form works without JavaScript and without server-side state.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..triage import vocabulary as v
from ..widgets import pain_field

BLANK = [("", "Not answered")]
SELECT = forms.Select(attrs={"class": "form-select"})


def region_choices():
    """Regions grouped by body area, for a <select> with one optgroup per area."""
    grouped = [("", "Choose where")]
    for area in v.AREAS:
        grouped.append((area, [(r.code, r.label) for r in v.REGIONS if r.area == area]))
    return grouped


class RedFlagForm(forms.Form):
    """Stage 1: "Since the massage, have you had any of these? Even if it went away"."""

    red_flags = forms.MultipleChoiceField(
        choices=list(v.RED_FLAGS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )


class SymptomForm(forms.Form):
    """One symptom: what, where, which side, how strong (stage 2)."""

    kind = forms.ChoiceField(
        label="What do you feel?", choices=[("", "Choose what you feel"), *v.SYMPTOM_KINDS.items()]
    )
    region = forms.ChoiceField(label="Where?", choices=region_choices())
    side = forms.ChoiceField(
        label="Which side?",
        choices=[(code, text.capitalize()) for code, text in v.SIDES.items()],
        widget=forms.RadioSelect,
        help_text="Your left is the side of your left hand.",
    )
    nprs = pain_field("How strong is it right now? (0 = none, 10 = worst imaginable)")
    at_rest = forms.BooleanField(label="I feel it even when resting still", required=False)
    pressed_or_moved_only = forms.BooleanField(
        label="I feel it only when the spot is pressed or moved", required=False
    )
    sudden = forms.BooleanField(label="It came on suddenly", required=False)

    def clean(self):
        data = super().clean()
        region, side = data.get("region"), data.get("side")
        if side == "midline" and region and region not in v.MIDLINE_REGIONS:
            self.add_error(
                "side", "This part of the body has a left and a right: choose your left or right."
            )
        if data.get("at_rest") and data.get("pressed_or_moved_only"):
            self.add_error(
                "pressed_or_moved_only",
                "You said you feel it at rest too: leave this unticked, or untick “at rest”.",
            )
        return data


class BaseSymptomFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Remove this symptom"

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = tuple(form.cleaned_data.get(f) for f in ("kind", "region", "side"))
            if key in seen:
                form.add_error("kind", "You already listed this symptom in this place.")
            seen.add(key)

    def symptoms(self):
        """The filled-in, not removed rows as plain dicts for the draft."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("kind"):
                continue
            rows.append(
                {
                    "kind": data["kind"],
                    "region": data["region"],
                    "side": data["side"],
                    "nprs": data.get("nprs"),
                    "at_rest": bool(data.get("at_rest")),
                    "pressed_or_moved_only": bool(data.get("pressed_or_moved_only")),
                    "sudden": bool(data.get("sudden")),
                }
            )
        return rows


SymptomFormSet = forms.formset_factory(
    SymptomForm,
    formset=BaseSymptomFormSet,
    extra=0,
    can_delete=True,
    max_num=40,
    absolute_max=40,
    validate_max=True,
)


def symptom_formset(data=None, symptoms=(), add_blank=False):
    """A formset showing ``symptoms``, plus one blank row when asked (or when there are none)."""
    initial = [dict(s) for s in symptoms]
    if add_blank or not initial:
        initial.append({})
    formset = SymptomFormSet(
        data=data,
        initial=None if data is not None else initial,
        prefix="symptom",
        # Every row may be left blank; a blank row is simply not a symptom.
        form_kwargs={"empty_permitted": True, "use_required_attribute": False},
    )
    return formset


GRADE_CHOICES = [*BLANK, *v.MOVEMENT_GRADES.items()]


class SideFunctionForm(forms.Form):
    """Movement and strength answers for one side (stage 3). Fields not asked are left out."""

    arm_side_lift = forms.ChoiceField(
        label=v.MOVEMENT_QUESTIONS["arm_side_lift"],
        choices=GRADE_CHOICES,
        required=False,
        widget=SELECT,
    )
    arm_forward_overhead = forms.ChoiceField(
        label=v.MOVEMENT_QUESTIONS["arm_forward_overhead"],
        choices=GRADE_CHOICES,
        required=False,
        widget=SELECT,
    )
    wrist_finger_lift = forms.ChoiceField(
        label=v.MOVEMENT_QUESTIONS["wrist_finger_lift"],
        choices=GRADE_CHOICES,
        required=False,
        widget=SELECT,
    )
    foot_lift = forms.ChoiceField(
        label=v.MOVEMENT_QUESTIONS["foot_lift"],
        choices=GRADE_CHOICES,
        required=False,
        widget=SELECT,
    )
    shrug_weaker = forms.BooleanField(label=v.SIDE_SIGNS["shrug_weaker"], required=False)
    shoulder_lower = forms.BooleanField(label=v.SIDE_SIGNS["shoulder_lower"], required=False)
    blade_sticks_out = forms.BooleanField(label=v.SIDE_SIGNS["blade_sticks_out"], required=False)
    blade_visible_when = forms.ChoiceField(
        label="When does it stick out most?",
        choices=[*BLANK, *v.BLADE_VISIBLE_WHEN.items()],
        required=False,
        widget=SELECT,
    )
    neck_shoulder_line_flatter = forms.BooleanField(
        label=v.SIDE_SIGNS["neck_shoulder_line_flatter"], required=False
    )
    grip_weak = forms.BooleanField(label=v.SIDE_SIGNS["grip_weak"], required=False)
    whole_limb_weak = forms.BooleanField(label=v.SIDE_SIGNS["whole_limb_weak"], required=False)
    limb_swollen = forms.BooleanField(label=v.SIDE_SIGNS["limb_swollen"], required=False)
    limb_swollen_with = forms.MultipleChoiceField(
        label="Is the swollen part also…",
        choices=list(v.LIMB_SWOLLEN_WITH.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("blade_visible_when") and not data.get("blade_sticks_out"):
            self.add_error(
                "blade_sticks_out",
                "You said when the shoulder blade sticks out: tick that it sticks out, or clear "
                "the “when”.",
            )
        if data.get("limb_swollen_with") and not data.get("limb_swollen"):
            self.add_error(
                "limb_swollen", "You described the swelling: tick that this side is swollen."
            )
        return data

    def answers(self):
        """The answers given, without the blank ones, as the draft stores them."""
        answers = {}
        for name, value in self.cleaned_data.items():
            if value in ("", None, False, []):
                continue
            answers[name] = value
        return answers


class SharedFunctionForm(forms.Form):
    """Stage 3 questions that are not per side."""

    weakness_type = forms.ChoiceField(
        label="If a movement is hard: is that because it hurts, or does it feel weak even when "
        "the pain is mild?",
        choices=[*BLANK, *v.WEAKNESS_TYPES.items()],
        required=False,
        widget=forms.RadioSelect,
    )
    neck_move_or_cough_provokes_arm = forms.BooleanField(
        label="Do neck movements (turning or tilting your head, looking up), coughing or sneezing "
        "send pain or tingling down your arm?",
        required=False,
    )
    overhead_or_dangling_provokes = forms.BooleanField(
        label="Are your arm or hand symptoms worse with your arms overhead, or when carrying "
        "something with the arm hanging down?",
        required=False,
    )

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]


class CourseForm(forms.Form):
    """Stage 4: the course since last time, and the day this check-in is about."""

    course = forms.ChoiceField(
        label="Since last time, is it…",
        choices=list(v.COURSES.items()),
        required=False,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label="Which day is this check-in about?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    seen_doctor = forms.BooleanField(label="I saw a doctor about this", required=False)
    emg_done = forms.BooleanField(
        label="I have had an EMG or nerve conduction test (a nerve test)", required=False
    )
    notes = forms.CharField(
        label="Anything else you want to remember?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, massage, **kwargs):
        super().__init__(*args, **kwargs)
        self.massage = massage
        self.fields["date"].widget.attrs.update(
            min=massage.date.isoformat(), max=timezone.localdate().isoformat()
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("This date is in the future.")
        if date < self.massage.date:
            raise ValidationError(
                f"The massage was on {self.massage.date:%-d %B %Y}; a check-in can't be before it."
            )
        return date


def asked_function_fields(regions):
    """Which stage-3 questions to ask, given the body regions involved (symptoms and massage)."""
    regions = set(regions)
    if "whole_body" in regions:
        regions |= v.NECK_REGIONS | v.SHOULDER_REGIONS | v.ARM_REGIONS | v.LEG_REGIONS
    upper = bool(regions & (v.NECK_REGIONS | v.SHOULDER_REGIONS | v.ARM_REGIONS))
    forearm = bool(regions & v.FOREARM_AND_HAND_REGIONS)
    lower = bool(regions & v.LEG_REGIONS)
    limb = bool(regions & (v.ARM_REGIONS | v.LEG_REGIONS | v.SHOULDER_REGIONS))
    side, shared = set(), set()
    if upper:
        side |= {
            "arm_side_lift",
            "arm_forward_overhead",
            "shrug_weaker",
            "shoulder_lower",
            "blade_sticks_out",
            "blade_visible_when",
            "neck_shoulder_line_flatter",
            "grip_weak",
        }
        shared |= {"neck_move_or_cough_provokes_arm", "overhead_or_dangling_provokes"}
    if forearm:
        side |= {"wrist_finger_lift", "grip_weak"}
    if lower:
        side.add("foot_lift")
    if limb:
        side |= {"whole_limb_weak", "limb_swollen", "limb_swollen_with"}
    if side:
        shared.add("weakness_type")
    # The forms' own field order, so questions always come in the same order.
    return (
        [f for f in SideFunctionForm.base_fields if f in side],
        [f for f in SharedFunctionForm.base_fields if f in shared],
    )
