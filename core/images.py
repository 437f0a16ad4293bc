"""Uploaded images are decoded and re-encoded, never stored as sent: whatever else a file carries
(an HTML or script payload appended to a valid PNG, EXIF with GPS positions) is dropped."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


def reencode_image(upload, *, max_side: int = 800) -> ContentFile:
    """Return the upload as a fresh PNG (with transparency) or JPEG no larger than max_side pixels a
    side. Raises ValidationError with a message for the user when the file is not a usable image."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB, please."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG", "WEBP", "GIF"}:
                raise ValidationError(_("Please upload a PNG, JPEG, WebP or GIF image."), code="type")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_large")
            image.load()
            image.thumbnail((max_side, max_side))
            has_alpha = image.mode in {"RGBA", "LA", "P"} and (
                image.mode != "P" or "transparency" in image.info
            )
            output = BytesIO()
            if has_alpha:
                image.convert("RGBA").save(output, "PNG", optimize=True)
                name = "image.png"
            else:
                image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
                name = "image.jpg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from None
    return ContentFile(output.getvalue(), name=name)
