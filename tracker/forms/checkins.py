"""The staged check-in: one small form per stage, each with plain-language questions.

Stage 1 is the emergency screen (red flags since the last check-in), stage 2 where and what
(symptoms), stage 3 movement and strength (only for the body parts involved, starting from the
last answers given), stage 4 the course since last time. The answers
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
YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoRadio(forms.RadioSelect):
    """Yes / No / Not answered as option buttons. "Yes" carries the question's own id, so a
    link or a label pointing at the question (``#id_left-grip_weak``) lands on the answer that
    raises it."""

    def id_for_label(self, id_, index=None):
        if index == "0":
            return id_
        return super().id_for_label(id_, index)


class YesNoField(forms.TypedChoiceField):
    """A yes/no question that may be left unanswered: True, False, or None for "not answered"
    (spec/triage.md 10.5: a question left out is not a "no")."""

    widget = YesNoRadio
    ANSWERS = {True: "yes", False: "no", None: ""}

    def __init__(self, *, blank=True, **kwargs):
        choices = [*YES_NO, *(BLANK if blank else [])]
        kwargs.setdefault("required", False)
        super().__init__(
            choices=choices, coerce=lambda value: value == "yes", empty_value=None, **kwargs
        )

    def prepare_value(self, value):
        # The draft and the database hold True / False / None; the radios hold "yes" / "no" / "".
        if value is True or value is False or value is None:
            return self.ANSWERS[value]
        return value


def region_choices():
    """Regions grouped by body area, for a <select> with one optgroup per area."""
    grouped = [("", "Choose where")]
    for area in v.AREAS:
        grouped.append((area, [(r.code, r.label) for r in v.REGIONS if r.area == area]))
    return grouped


class RedFlagForm(forms.Form):
    """Stage 1: "Since your last check-in (the first time: since the massage), have you had any
    of these? Even if it went away" (spec/triage.md 10.1). When signs reported before still
    count, it also asks whether a doctor has checked the person since (10.2, 10.3)."""

    red_flags = forms.MultipleChoiceField(
        choices=list(v.RED_FLAGS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    # Shown only while a sign reported before still counts; left unanswered, it changes nothing.
    seen_doctor = YesNoField(
        label="Has a doctor checked you for this?",
        blank=False,
        help_text="A doctor or emergency care, since you reported it.",
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


class AskedQuestionsMixin:
    """Stage 3's forms: only the questions ``asked`` are kept, and each may show the last answer
    given before beside it."""

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]
        self.last_answers = {}

    def show_last_answers(self, last_answers):
        """Show ``{field: (value, date)}`` beside the questions asked."""
        self.last_answers = {
            name: answer for name, answer in last_answers.items() if name in self.fields
        }
        for name in self.last_answers:
            # Screen readers read the last answer with the question.
            self.fields[name].widget.attrs["aria-describedby"] = self.last_answer_id(name)

    def last_answer_id(self, name):
        return f"{self.add_prefix(name)}-last"

    def last_answer_text(self, name):
        """The last answer and its date ("Last answer, 4 March: Cannot"), or "" when none was
        given lately."""
        if name not in self.last_answers:
            return ""
        value, date = self.last_answers[name]
        if isinstance(value, bool):
            words = "Yes" if value else "No"
        else:
            words = dict(self.fields[name].choices).get(value, value)
        return f"Last answer, {date:%-d %B}: {words}"


GRADE_CHOICES = [*BLANK, *v.MOVEMENT_GRADES.items()]


class SideFunctionForm(AskedQuestionsMixin, forms.Form):
    """Movement and strength answers for one side (stage 3). Fields not asked are left out.

    Every question may be left "Not answered": it is then stored as left out, never as "no" or
    "easy", so the engine carries the last answer given (spec/triage.md 10.5).
    """

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
    shrug_weaker = YesNoField(label=v.SIDE_SIGNS["shrug_weaker"])
    shoulder_lower = YesNoField(label=v.SIDE_SIGNS["shoulder_lower"])
    blade_sticks_out = YesNoField(label=v.SIDE_SIGNS["blade_sticks_out"])
    blade_visible_when = forms.ChoiceField(
        label="When does it stick out most?",
        choices=[*BLANK, *v.BLADE_VISIBLE_WHEN.items()],
        required=False,
        widget=SELECT,
    )
    neck_shoulder_line_flatter = YesNoField(label=v.SIDE_SIGNS["neck_shoulder_line_flatter"])
    grip_weak = YesNoField(label=v.SIDE_SIGNS["grip_weak"])
    whole_limb_weak = YesNoField(label=v.SIDE_SIGNS["whole_limb_weak"])
    limb_swollen = YesNoField(label=v.SIDE_SIGNS["limb_swollen"])
    limb_swollen_with = forms.MultipleChoiceField(
        label="Is the swollen part also…",
        choices=list(v.LIMB_SWOLLEN_WITH.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # A follow-up question and the question it follows: it applies only when that one is "Yes".
    FOLLOW_UPS = {"blade_visible_when": "blade_sticks_out", "limb_swollen_with": "limb_swollen"}
    FOLLOW_UP_ERRORS = {
        "blade_sticks_out": "You said when the shoulder blade sticks out: answer “Yes” here, "
        "or set the “when” to “Not answered”.",
        "limb_swollen": "You described the swelling: answer “Yes” here, or untick what it is like.",
    }

    def clean(self):
        data = super().clean()
        for follow_up, question in self.FOLLOW_UPS.items():
            if not data.get(follow_up) or question not in data:
                continue
            if data[question] is False:
                # "No" leaves nothing to describe: the follow-up was filled in before "No"
                # was chosen (or from the last answers), and is not an answer.
                data[follow_up] = self.fields[follow_up].to_python(None)
            elif data[question] is None:
                self.add_error(question, self.FOLLOW_UP_ERRORS[question])
        return data

    def answers(self):
        """The answers given, as the draft stores them: "no" (False) is kept, a question left
        "Not answered" (None, "", nothing ticked) is left out."""
        return {
            name: value for name, value in self.cleaned_data.items() if value not in ("", None, [])
        }


class SharedFunctionForm(AskedQuestionsMixin, forms.Form):
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
    seen_doctor = forms.BooleanField(
        label="I saw a doctor, or emergency care, about this", required=False
    )
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
