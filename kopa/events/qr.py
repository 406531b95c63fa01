"""QR codes as inline SVG: no image library, no files, sharp at any size."""

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(text: str) -> str:
    """An SVG document (one path) whose QR code encodes `text`."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def qr_png(text: str) -> bytes:
    """The same QR code as a PNG image, for e-mail clients that do not show SVG."""
    from io import BytesIO

    buffer = BytesIO()
    qrcode.make(text, box_size=8, border=2).save(buffer, format="PNG")
    return buffer.getvalue()
