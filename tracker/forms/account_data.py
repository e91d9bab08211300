"""The password that confirms deleting an account."""

from django import forms
from django.contrib.auth import authenticate

WRONG_PASSWORD = "This is not your password. Type it again."


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To be sure it is you, type the password you log in with.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        """Checked through authenticate(), not check_password(), so that django-axes counts
        wrong passwords here as at log-in: five in a row lock the account for a while, and a
        stolen open session cannot guess the password without limit."""
        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.get_username(), password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password
