from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.accounts.forms import AccountForm, ApiTokenForm, LoginForm, SignupForm
from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_create, api_token_revoke, user_signup
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
    invited = bool(next_url and "/invitations/" in next_url)
    form = SignupForm(request.POST or None, require_organization=not invited)
    if request.method == "POST" and form.is_valid():
        user, organization = user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            full_name=form.cleaned_data["full_name"],
            organization_name=form.cleaned_data["organization_name"] or None,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if next_url:
            return redirect(next_url)
        messages.success(request, _("Welcome to Accord. Start with your organization's profile."))
        return redirect("organizations:profile_edit", organization.slug)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url or ""})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login_view = public_view(LoginView.as_view())
logout_view = public_view(auth_views.LogoutView.as_view())
password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


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
                account_form.save()
                messages.success(request, _("Your details were saved."))
                return redirect("accounts:settings")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/settings.html",
        {"account_form": account_form, "token_form": token_form, "tokens": tokens, "new_token": new_token},
    )


@user_view
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:settings")
