"""The forms around an assessment: "this doesn't fit me" on a pattern, and the report's options."""

from django import forms


class PatternFeedbackForm(forms.Form):
    """A person's "this doesn't fit me" on one pattern (it never changes the advice)."""

    rule_id = forms.CharField(max_length=24)
    side = forms.CharField(max_length=8, required=False)
    note = forms.CharField(
        label="What doesn't fit? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])


class ReportNameForm(forms.Form):
    """The report's options, chosen by the person for this report and never stored: the name
    to print, and whether to print their own notes."""

    name = forms.CharField(
        label="Name to print on the report (optional)",
        max_length=100,
        required=False,
        help_text="Leave it empty and the report carries no name. We do not keep it.",
    )
    # Off by default: the notes are the person's own words, perhaps not meant for a doctor.
    notes = forms.BooleanField(
        label="Include my notes",
        required=False,
        help_text="What you wrote about the massage and at your latest check-ins, in your words.",
    )
