"""Community forms: a story, a reply, and a reader's report.

Text is plain text: it is stored as typed and always shown escaped. The author, the status and
the item a reply or report is about are set by the view, never taken from the form.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms

from tracker.triage import vocabulary as v

from .models import ContentReport, Reply, Story

PRIVACY_REMINDER = (
    '<p class="form-text privacy-reminder">Please leave out names, phone numbers, addresses '
    "and the names of clinics or therapists, yours and anyone else's. A moderator removes "
    "them if they slip in.</p>"
)
CONSENT_REQUIRED = (
    "Tick this box to share your story. We only publish it anonymously, and only with your "
    "agreement."
)


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> has the token
    if layout:
        helper.layout = Layout(*layout)
    return helper


def pattern_choices(own=()):
    """Every pattern in plain words, the person's own matched ones first and marked so."""
    own = [code for code in v.PATTERN_IDS if code in set(own)]
    mine = [(code, f"{v.RULE_TITLES[code]} (matched in your check-ins)") for code in own]
    others = [(code, v.RULE_TITLES[code]) for code in v.PATTERN_IDS if code not in own]
    return mine + others


class StoryForm(forms.ModelForm):
    title = forms.CharField(
        label="Title",
        max_length=120,
        error_messages={"required": "Give your story a title."},
        help_text="A few words, for example “Weak shoulder after a deep tissue massage”.",
    )
    body = forms.CharField(
        label="Your story",
        max_length=10000,
        error_messages={"required": "Write your story here."},
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What happened, what helped, what you would tell someone in your place. "
        "Up to 10,000 characters; plain text.",
    )
    massage_type = forms.ChoiceField(
        label="Type of massage (optional)",
        choices=[("", "Rather not say"), *v.MASSAGE_TYPES.items()],
        required=False,
    )
    patterns = forms.MultipleChoiceField(
        label="Patterns your answers matched (optional)",
        choices=pattern_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick only the ones you want readers to see. Nothing is added without you "
        "ticking it.",
    )
    consent_anonymous = forms.BooleanField(
        label="I agree to publish this story anonymously, after a moderator has read it",
        required=True,
        error_messages={"required": CONSENT_REQUIRED},
        help_text="Your email address and name are never shown with it.",
    )

    class Meta:
        model = Story
        fields = ["title", "body", "massage_type", "patterns", "consent_anonymous"]

    def __init__(self, *args, own_patterns=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patterns"].choices = pattern_choices(own_patterns)
        fields = ["title", HTML(PRIVACY_REMINDER), "body", "massage_type", "patterns"]
        if editing:
            # Consent was given when the story was shared; the story keeps it.
            del self.fields["consent_anonymous"]
        else:
            fields.append("consent_anonymous")
        self.helper = _helper(*fields)

    def edited_fields(self):
        """The fields an edit changes, for community.services.author_edit."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "massage_type": data["massage_type"],
            "patterns": data["patterns"],
        }


class ReplyForm(forms.ModelForm):
    body = forms.CharField(
        label="Your reply",
        max_length=4000,
        error_messages={"required": "Write your reply here."},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Be kind, and leave out names, phone numbers and addresses. A moderator reads "
        "every reply before it is shown.",
    )

    class Meta:
        model = Reply
        fields = ["body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReportForm(forms.ModelForm):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=list(ContentReport.REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason that fits best."},
    )
    details = forms.CharField(
        label="Anything a moderator should know? (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = ContentReport
        fields = ["reason", "details"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
