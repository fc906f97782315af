"""Uploaded photos: only real JPEG and PNG pass, within size and pixel limits; stored copies are 3:4 JPEGs."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ccm_portal.uploads import check_image, normalised_image
from tests.conftest import make_pdf_bytes


def image_bytes(fmt="JPEG", size=(800, 600), color=(200, 30, 30), **save) -> bytes:
    mode = "RGBA" if fmt == "PNG" else "RGB"
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_jpeg_and_png_are_accepted_and_cropped_to_three_by_four(fmt):
    photo = upload(image_bytes(fmt, size=(1000, 500)), name=f"photo.{fmt.lower()}")
    check_image(photo)
    stored = normalised_image(photo)
    with Image.open(io.BytesIO(stored)) as result:
        assert result.format == "JPEG"
        assert result.size == (600, 800)
        assert result.mode == "RGB"


def test_a_tall_photo_is_cropped_top_and_bottom_to_the_ratio():
    photo = upload(image_bytes(size=(300, 1200)))
    stored = normalised_image(photo, ratio=(3, 4), size=(300, 400))
    with Image.open(io.BytesIO(stored)) as result:
        assert result.size == (300, 400)


def test_the_stored_copy_carries_no_exif():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x0112] = 6  # Orientation: rotate 90 degrees
    photo = upload(image_bytes(size=(400, 300), exif=exif.tobytes()))
    check_image(photo)
    stored = normalised_image(photo)
    assert b"secret description" not in stored
    with Image.open(io.BytesIO(stored)) as result:
        assert not result.getexif()


@pytest.mark.parametrize(
    "content",
    [make_pdf_bytes(), b"<html><body>hello</body></html>", image_bytes("GIF")],
    ids=["pdf", "html", "gif"],
)
def test_other_files_renamed_jpg_are_refused_by_content(content):
    with pytest.raises(ValidationError) as caught:
        check_image(upload(content, name="photo.jpg"))
    assert caught.value.code == "not_image"
    assert "JPEG or PNG" in caught.value.messages[0]


def test_a_truncated_jpeg_is_refused_as_damaged():
    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3)).save(buffer, format="JPEG")
    content = buffer.getvalue()
    with pytest.raises(ValidationError) as caught:
        check_image(upload(content[: len(content) // 2]))
    assert caught.value.code == "damaged"


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        check_image(upload(image_bytes(size=(400, 300)) + b"\0" * 2000))
    assert caught.value.code == "too_large"
    assert "1000" in caught.value.messages[0]


def test_the_max_bytes_argument_overrides_the_setting():
    with pytest.raises(ValidationError) as caught:
        check_image(upload(image_bytes(size=(400, 300))), max_bytes=10)
    assert caught.value.code == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_image(upload(b""))
    assert caught.value.code == "empty"


def test_an_image_declaring_too_many_pixels_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 100_000
    # A small PNG of one colour compresses to a few hundred bytes for a million pixels.
    content = image_bytes("PNG", size=(1000, 1000))
    assert len(content) < 50_000
    with pytest.raises(ValidationError) as caught:
        check_image(upload(content, name="bomb.png"))
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("CMYK", "JPEG"), ("L", "JPEG"), ("LA", "PNG"), ("P", "PNG"), ("I;16", "PNG"), ("1", "PNG"), ("RGBA", "PNG")],
)
def test_every_colour_mode_a_camera_or_editor_writes_becomes_an_rgb_jpeg(mode, fmt):
    buffer = io.BytesIO()
    Image.new(mode, (300, 500)).save(buffer, format=fmt)
    photo = upload(buffer.getvalue())
    check_image(photo)
    with Image.open(io.BytesIO(normalised_image(photo))) as result:
        assert (result.format, result.mode, result.size) == ("JPEG", "RGB", (600, 800))
