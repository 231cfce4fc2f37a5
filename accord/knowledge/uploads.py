"""Upload rules for documents: a size limit (``ACCORD_UPLOAD_MAX_BYTES``), an allow-list of
types checked by the file name's extension AND by the first bytes, never an executable.

``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) enforces the size while the
body streams in: a declared ``Content-Length`` over the limit skips the file before any of
it is read into a file (API requests are not read at all), and a file that grows over the
limit while streaming is dropped. The view then tells the person why (``refusal``).
"""

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 250 * 1024 * 1024
# Room for the form's other fields and the multipart boundaries around the file.
ENVELOPE_BYTES = 64 * 1024

PDF = (b"%PDF-",)
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
TEXT = None  # checked as text: UTF-8, no NUL

# extension -> (content type served, signatures the first bytes must start with)
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", PDF),
    "txt": ("text/plain; charset=utf-8", TEXT),
    "md": ("text/markdown; charset=utf-8", TEXT),
    "csv": ("text/csv; charset=utf-8", TEXT),
    "rtf": ("application/rtf", (b"{\\rtf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "doc": ("application/msword", OLE),
    "xls": ("application/vnd.ms-excel", OLE),
    "ppt": ("application/vnd.ms-powerpoint", OLE),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
}
# Programs, whatever their name says: Windows (MZ), Linux (ELF), macOS (Mach-O), scripts.
EXECUTABLE = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
SNIFF_BYTES = 8192


def max_bytes() -> int:
    return int(getattr(settings, "ACCORD_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_extensions() -> list[str]:
    configured = getattr(settings, "ACCORD_UPLOAD_TYPES", None)
    return [e for e in (configured or TYPES) if e in TYPES]


def too_large_message() -> str:
    return _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(max_bytes())}


def safe_filename(name: str) -> str:
    """The name a download is offered under: the last path part, printable characters only,
    at most 120 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = re.sub(r"[\x00-\x1f\x7f\"<>:/\\|?*;]", "", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[: 120 - len(ext) - 1] or "document"
    return f"{stem}.{ext}" if ext else stem


@dataclass(frozen=True)
class Checked:
    filename: str
    extension: str
    content_type: str


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_upload(uploaded: Any) -> Checked:
    """The file's name, extension and the type it is served as; ``UploadRefused`` with the
    reason if it is empty, too large, of a type not allowed or not what its name says."""
    filename = safe_filename(getattr(uploaded, "name", "") or "")
    size = getattr(uploaded, "size", None) or 0
    if size > max_bytes():
        raise UploadRefused(too_large_message())
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    allowed = allowed_extensions()
    if extension not in allowed:
        raise UploadRefused(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.") % {"types": ", ".join(allowed)}
        )
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if head.startswith(EXECUTABLE):
        raise UploadRefused(_("Programs and scripts cannot be uploaded."))
    content_type, signatures = TYPES[extension]
    if signatures is None:
        if b"\x00" in head or not _is_utf8(head):
            raise UploadRefused(
                _("The file is not plain text, as a .%(ext)s file should be.") % {"ext": extension}
            )
    elif not head.startswith(signatures) or (extension == "webp" and head[8:12] != b"WEBP"):
        raise UploadRefused(_("The file's content is not a .%(ext)s file.") % {"ext": extension})
    return Checked(filename=filename, extension=extension, content_type=content_type)


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is fine.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def refusal(request: Any) -> str | None:
    """Why the upload handler dropped this request's file, if it did."""
    return getattr(request, "accord_upload_refused", None)


class LimitedUploadHandler(FileUploadHandler):
    """Refuses files over ``ACCORD_UPLOAD_MAX_BYTES`` while they stream in (first in
    ``FILE_UPLOAD_HANDLERS``; the next handlers write what passes to a temporary file)."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> Any:
        self.received = 0
        self.oversized = content_length > max_bytes() + ENVELOPE_BYTES
        if self.oversized:
            self.request.accord_upload_refused = too_large_message()
            if self.request.path.startswith("/api/"):
                # The API needs nothing else from the body: nothing of it is read.
                return QueryDict(mutable=True), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if getattr(self, "oversized", False):
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.request.accord_upload_refused = too_large_message()
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
