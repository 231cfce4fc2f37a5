"""An account that has not confirmed its e-mail address cannot act through the API either.

Pages check it in ``user_view`` (accord.core.scoping); personal tokens of such an account
never authenticate (``api_token_authenticate``); this covers the API called with the
browser session. The token exchange stays open: it answers such an account itself.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext

from accord.core.reversing import API_PATH

# The token exchange answers such an account itself; the documentation stays readable.
OPEN_PATHS = tuple(f"/{API_PATH}{tail}" for tail in ("auth/token", "docs", "openapi.json"))


class EmailVerifiedApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and request.path not in OPEN_PATHS
            and request.user.is_authenticated
            and not request.user.email_verified
        ):
            return JsonResponse(
                {"detail": gettext("Confirm your e-mail address first: open the link we e-mailed you.")},
                status=403,
            )
        return self.get_response(request)


class UserLanguageMiddleware:
    """A person's chosen language (``User.language``) wins over the browser's.

    Runs after ``LocaleMiddleware`` (which read the cookie and Accept-Language) and after
    authentication; a person who left the choice empty keeps what LocaleMiddleware chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES) and language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
