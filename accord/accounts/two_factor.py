"""Two-factor sign-in with an authenticator app (TOTP) and single-use recovery codes.

Built on django-otp: one ``TOTPDevice`` (the app) and one ``StaticDevice`` (ten recovery
codes, each working once) per person. A device is "confirmed" once the person typed a code
from it; only confirmed devices count. The QR code is drawn by segno as inline SVG (no
external image, nothing leaves the server).
"""

from base64 import b32encode
from typing import Any

import segno
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_two_factor(user: Any) -> bool:
    """Whether the person set up two-factor sign-in (one query)."""
    return user_has_device(user, confirmed=True)


def setup_start(user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator device (replacing any earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_device(user: Any, device_id: Any) -> TOTPDevice | None:
    if not device_id:
        return None
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@transaction.atomic
def setup_confirm(user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it. Returns the new recovery codes (shown once), or
    None when the code is wrong. Any earlier app and codes are replaced."""
    if not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


def new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def verify_code(user: Any, code: str) -> Any | None:
    """The device that accepts ``code`` (six digits: the app; otherwise a recovery code,
    which is then used up), or None. Each device throttles repeated wrong codes."""
    code = (code or "").strip().replace(" ", "").replace("-", "").lower()
    if not code or len(code) > 16:
        return None
    model = TOTPDevice if code.isdigit() and len(code) <= 8 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def disable(user: Any) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())[:8]
