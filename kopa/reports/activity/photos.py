"""What a photo of an event becomes before it is stored: a JPEG no larger than `MAX_SIDE` pixels on
its longer side, turned the way it was taken, with no metadata at all (EXIF, GPS, XMP, comments)."""

from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
MAX_PIXELS = 60_000_000  # a larger image is refused before it is decoded


class NotAnImage(ValueError):
    pass


def clean_photo(data: bytes) -> tuple[bytes, int, int]:
    """The photo re-encoded without metadata, resized; its width and height. Raises NotAnImage."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise NotAnImage("too large")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc)) from exc
    upright = upright.convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # A fresh image holds the pixels only: nothing of the original's info travels with it.
    bare = Image.new("RGB", upright.size)
    bare.paste(upright)
    out = BytesIO()
    bare.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), bare.width, bare.height
