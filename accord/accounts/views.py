import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accord.accounts import two_factor
from accord.accounts.forms import (
    AccountForm,
    ApiTokenForm,
    AppCodeForm,
    CodeForm,
    LanguagePasswordResetForm,
    LoginForm,
    SignupForm,
)
from accord.accounts.models import ApiToken, User
from accord.accounts.services import api_token_create, api_token_revoke, user_signup
from accord.accounts.verification import confirm_email, invitation_for_path, read_token, send_verification
from accord.core.errors import RateLimited
from accord.core.forms import form_status
from accord.core.scoping import public_view, user_view


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@public_view
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    # Arriving from an invitation, the new user may join an existing organization instead.
    invitation = invitation_for_path(next_url)
    form = SignupForm(request.POST or None, require_organization=invitation is None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Following an invitation sent to this very address proves the address.
        verified = invitation is not None and invitation.email.lower() == email
        user, organization = user_signup(
            email=email,
            password=form.cleaned_data["password"],
            full_name=form.cleaned_data["full_name"],
            organization_name=form.cleaned_data["organization_name"] or None,
            verified=verified,
            time_zone=form.cleaned_data["time_zone"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if not verified:
            send_verification(user, base_url=_base_url(request), force=True)
            if next_url:
                request.session["after_verification"] = next_url
            return redirect("accounts:verify_pending")
        if next_url:
            return redirect(next_url)
        messages.success(request, _("Welcome to Accord. Start with your organization's profile."))
        return redirect("organizations:profile_edit", organization.slug)
    return render(
        request, "accounts/signup.html", {"form": form, "next": next_url or ""}, status=form_status(form)
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


@public_view
def verify_pending(request: HttpRequest) -> HttpResponse:
    """The "check your inbox" page an account sees until it confirms its address, with a
    (rate-limited) button to send the link again."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.email_verified:
        return redirect("home")
    status = 200
    if request.method == "POST":
        try:
            send_verification(request.user, base_url=_base_url(request))
        except RateLimited as error:
            messages.error(request, error.message)
            status = 429
        else:
            messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
            return redirect("accounts:verify_pending")
    return render(request, "accounts/verify_pending.html", status=status)


@public_view
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail (works logged out too)."""
    user = read_token(token)
    if user is None:
        return render(request, "accounts/verify_invalid.html", status=404)
    organization = confirm_email(user)
    messages.success(
        request, _("Thank you: your e-mail address %(email)s is confirmed.") % {"email": user.email}
    )
    if not request.user.is_authenticated or request.user.pk != user.pk:
        return redirect("accounts:login")
    next_url = request.session.pop("after_verification", None)
    if next_url:
        return redirect(next_url)
    if organization is not None:
        return redirect("organizations:profile_edit", organization.slug)
    return redirect("home")


PENDING_LOGIN = "two_factor_pending_login"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        """With two-factor sign-in set up, the password only opens the code step."""
        user = form.get_user()
        if not two_factor.has_two_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_LOGIN] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
            "attempts": 0,
        }
        return redirect("accounts:login_code")

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = form_status(form)
        return response


@public_view
def login_code(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the app, or a recovery code (works once)."""
    pending = request.session.get(PENDING_LOGIN)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_LOGIN, None)
        if request.method == "POST":
            messages.error(request, _("That took too long. Log in again."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        device = two_factor.verify_code(user, form.cleaned_data["code"]) if user else None
        if device is not None:
            del request.session[PENDING_LOGIN]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(n)s is left. Make new ones on your account page.",
                        "You used a recovery code; %(n)s are left. Make new ones on your account page.",
                        left,
                    )
                    % {"n": left},
                )
            return redirect(pending["next"] or "home")
        pending["attempts"] += 1
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            del request.session[PENDING_LOGIN]
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("accounts:login")
        request.session[PENDING_LOGIN] = pending
        form.add_error("code", _("This code is not right (or was used already). Try the current one."))
    return render(request, "accounts/login_code.html", {"form": form}, status=form_status(form))


login_view = public_view(LoginView.as_view())
logout_view = public_view(auth_views.LogoutView.as_view())
password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=LanguagePasswordResetForm,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        """The reset link reached the address: that confirms it. An organization named at a
        sign-up that was never confirmed is not created (whoever signed up may not have
        been the address's owner)."""
        response = super().form_valid(form)
        user = form.user
        if not user.email_verified:
            user.signup_organization_name = ""
            user.save(update_fields=["signup_organization_name"])
            confirm_email(user)
        return response


password_reset_confirm = public_view(PasswordResetConfirmView.as_view())
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@public_view
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher (every page's footer, logged in or not): Django's view sets the
    cookie; a logged-in person's choice is also kept on the account, so it wins over the
    browser everywhere and is the language of the e-mails this person receives."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and language != request.user.language
    ):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@user_view
def account_settings(request: HttpRequest) -> HttpResponse:
    account_form = AccountForm(instance=request.user)
    token_form = ApiTokenForm()
    # Shown once: the raw token waits in the session for the page after the redirect.
    new_token = request.session.pop("new_api_token", None)
    if request.method == "POST":
        if "create_token" in request.POST:
            token_form = ApiTokenForm(request.POST)
            if token_form.is_valid():
                _token, raw = api_token_create(user=request.user, name=token_form.cleaned_data["name"])
                request.session["new_api_token"] = raw
                messages.success(request, _("Token created. Copy it now: it will not be shown again."))
                return redirect("accounts:settings")
        else:
            account_form = AccountForm(request.POST, instance=request.user)
            if account_form.is_valid():
                user = account_form.save()
                translation.activate(user.language or translation.get_language_from_request(request))
                messages.success(request, _("Your details were saved."))
                response = redirect("accounts:settings")
                if user.language:  # the switcher's cookie follows the account's choice
                    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
                else:
                    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
                return response
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/settings.html",
        {
            "account_form": account_form,
            "token_form": token_form,
            "tokens": tokens,
            "new_token": new_token,
            "two_factor_enabled": two_factor.has_two_factor(request.user),
        },
        status=form_status(account_form, token_form),
    )


@user_view
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:settings")


SETUP_DEVICE = "two_factor_setup_device"
NEW_RECOVERY_CODES = "two_factor_new_codes"


@user_view
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in: set up (scan or type the secret, confirm with a code), see the
    recovery codes once, enter a code for this session, or turn it off with a code."""
    user = request.user
    next_url = _safe_next(request) or ""
    required_by = request.session.get("two_factor_required_by")
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    enabled = two_factor.has_two_factor(user)
    context: dict = {"next": next_url, "required_by": required_by, "codes": codes, "enabled": enabled}
    if codes:  # just set up: the codes, once, then on to where the person was going
        return render(request, "accounts/two_factor.html", context)
    action = request.POST.get("action") if request.method == "POST" else None
    if enabled:
        form = CodeForm(request.POST if action in {"verify", "disable", "new_codes"} else None)
        if action and form.is_valid():
            device = two_factor.verify_code(user, form.cleaned_data["code"])
            if device is None:
                form.add_error("code", _("This code is not right (or was used already)."))
            elif action == "verify":
                otp_login(request, device)
                request.session.pop("two_factor_required_by", None)
                return redirect(next_url or "home")
            elif action == "disable":
                two_factor.disable(user)
                messages.success(request, _("Two-factor sign-in is off. You log in with your password only."))
                return redirect("accounts:settings")
            else:
                request.session[NEW_RECOVERY_CODES] = two_factor.new_recovery_codes(user)
                return redirect(request.get_full_path())
        context.update(
            form=form,
            session_verified=user.is_verified(),
            recovery_left=two_factor.remaining_recovery_codes(user),
        )
        return render(request, "accounts/two_factor.html", context, status=form_status(form))
    device = two_factor.pending_device(user, request.session.get(SETUP_DEVICE))
    if device is None:
        device = two_factor.setup_start(user)
        request.session[SETUP_DEVICE] = device.pk
    form = AppCodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        codes = two_factor.setup_confirm(user, device, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("This code is not right. Check the app shows Accord, then type the current code.")
            )
        else:
            request.session.pop(SETUP_DEVICE, None)
            request.session.pop("two_factor_required_by", None)
            otp_login(request, device)
            request.session[NEW_RECOVERY_CODES] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(request.get_full_path())
    context.update(form=form, qr=mark_safe(two_factor.qr_svg(device)), secret=two_factor.secret_text(device))
    return render(request, "accounts/two_factor.html", context, status=form_status(form))
