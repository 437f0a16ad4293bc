"""Checks for uploaded documents: the type comes from the content, never from the name."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.images import reencode_image

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class CheckedFile(ContentFile):
    """File content that passed the checks, with the extension its real type calls for."""

    extension: str


def checked_certificate(upload) -> CheckedFile:
    """A registration certificate: a PDF, or a photo or scan (re-encoded). Raises ValidationError
    with a message for the user otherwise."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB, please."), code="too_large")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        content = upload.read()
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(_("This PDF file is incomplete or damaged."), code="invalid")
        checked = CheckedFile(content)
        checked.extension = ".pdf"
        return checked
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        image = reencode_image(upload, max_side=2400)
        checked = CheckedFile(image.read())
        checked.extension = "." + image.name.rsplit(".", 1)[1]
        return checked
    raise ValidationError(
        _("Please upload the certificate as a PDF file or as a JPEG or PNG photo."), code="type"
    )
