"""QR codes as inline SVG: no image library, no files, sharp at any size."""

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(text: str) -> str:
    """An SVG document (one path) whose QR code encodes `text`."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")
