"""Checks for governance files (decisions, minutes): the type comes from the content, never the name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.images import reencode_image
from core.uploads import MAX_DOCUMENT_BYTES, CheckedFile

PDF_MAGIC = b"%PDF-"
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def checked_document(upload) -> CheckedFile:
    """A PDF, or a photo or scan of a paper document (re-encoded). Raises ValidationError with a
    message for the user otherwise."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB, please."), code="too_large")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        content = upload.read()
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(_("This PDF file is incomplete or damaged."), code="invalid")
        checked = CheckedFile(content)
        checked.extension = ".pdf"
        return checked
    if head.startswith(IMAGE_MAGICS):
        image = reencode_image(upload, max_side=2400)
        checked = CheckedFile(image.read())
        checked.extension = "." + image.name.rsplit(".", 1)[1]
        return checked
    raise ValidationError(
        _("Please upload a PDF file, or a JPEG or PNG photo of the paper document."), code="type"
    )
