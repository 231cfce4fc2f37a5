from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import User
from accord.core.zones import browser_zone_field, clean_browser_zone


class SignupForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    organization_name = forms.CharField(
        label=_("Your organization"),
        max_length=200,
        help_text=_("The firm you work for. You become its owner and can invite colleagues."),
    )
    # Filled by accord.js from the browser: the organization's time zone to start with.
    time_zone = browser_zone_field()

    def __init__(self, *args, require_organization: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not require_organization:
            self.fields["organization_name"].required = False
            self.fields["organization_name"].help_text = _(
                "Optional: you are joining through an invitation and can create one later."
            )

    def clean_time_zone(self) -> str:
        return clean_browser_zone(self.cleaned_data.get("time_zone"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail exists already: log in instead."))
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True}))

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What it is for, e.g. 'spreadsheet sync'.")
    )


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The browser's language")),
            *(
                (code, translation.get_language_info(code)["name_local"])
                for code, _name in settings.LANGUAGES
            ),
        ]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The six digits the app shows for Accord."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TwoFactorPolicyForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Members must use two-factor sign-in"),
        required=False,
        help_text=_(
            "Members without an authenticator app are asked to set one up before they open "
            "this organization's pages or its joint spaces. API tokens keep working."
        ),
    )


class LanguagePasswordResetForm(PasswordResetForm):
    """The reset link is written in the account's language (its choice, else the page's)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from accord.core.i18n import in_language_of

        with in_language_of(context.get("user")):
            super().send_mail(
                subject_template_name, email_template_name, context, from_email, to_email, **kwargs
            )
