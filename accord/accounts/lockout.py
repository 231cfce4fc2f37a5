"""What a locked-out login answers (django-axes calls ``lockout_response``).

The pages get the explanatory page; the API gets the JSON body its schema declares
(``{"detail": ...}``) with 429, whatever the client sends as headers.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

STATUS = 429


def lockout_message() -> str:
    return _("Too many failed attempts. Try again in 15 minutes, or reset your password.")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=STATUS)
        response["Retry-After"] = "900"
        return response
    return render(request, "accounts/locked_out.html", status=STATUS)
