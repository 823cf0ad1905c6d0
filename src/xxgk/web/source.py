"""The source beside the tables: the published file as it was stored, and a PDF's page drawn as an image with a
box around each place a finding points at (the positions the reader kept)."""

from __future__ import annotations

import io

from ..corpus import store


SCALE = 1.5  # page points → image pixels
BOX = (190, 30, 30)


def original(version) -> bytes:
    """The stored bytes of the file a report version was read from."""
    return store.read(version.source.sha256)


def head(version, size: int = 2048) -> bytes:
    """The first bytes of the stored file: enough to tell its kind."""
    with store.open_original(version.source.sha256) as f:
        return f.read(size)


def kind(data: bytes) -> str:
    """"pdf", "image" (a scan: PNG, JPEG, TIFF), "html" (a web page or text, shown in a sandboxed frame), or
    "file" (Word, Excel: a download)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\x89PNG", b"\xff\xd8", b"II*", b"MM\x00")):
        return "image"
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        return "file"
    return "html"


def boxes_by_page(findings) -> dict[int, list[tuple[int, tuple[float, float, float, float]]]]:
    """page → (finding id, box) for every place the findings point at on a page."""
    pages: dict[int, list] = {}
    for f in findings:
        for where in f.where or []:
            if where.get("page") and where.get("box"):
                pages.setdefault(int(where["page"]), []).append((f.pk, tuple(where["box"])))
    return pages


def page_image(data: bytes, number: int, boxes: list[tuple[float, float, float, float]]) -> bytes | None:
    """Page ``number`` (1-based) of a PDF or of a scan (each frame of an image file a page) as PNG, with a box
    drawn around each of ``boxes`` (points from the top left, as the reader gives them); None when the page does
    not exist."""
    from PIL import ImageDraw

    found = _pdf_page(data, number) if data.startswith(b"%PDF") else _scan_page(data, number)
    if found is None:
        return None
    image, scale = found
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in boxes:
        pad = 3
        draw.rectangle([x0 * scale - pad, top * scale - pad, x1 * scale + pad, bottom * scale + pad],
                       outline=BOX, width=3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf_page(data: bytes, number: int):
    """(the page drawn at SCALE pixels per point, SCALE)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if not 1 <= number <= len(document):
            return None
        return document[number - 1].render(scale=SCALE).to_pil().convert("RGB"), SCALE
    finally:
        document.close()


def _scan_page(data: bytes, number: int):
    """(the frame as it was read, pixels per point by the scale the OCR reader gave it)."""
    from PIL import Image, ImageOps

    from ..read.ocr.page import points_per_pixel

    with Image.open(io.BytesIO(data)) as image:
        if not 1 <= number <= getattr(image, "n_frames", 1):
            return None
        image.seek(number - 1)
        frame = (ImageOps.exif_transpose(image) if number == 1 else image).convert("RGB")
    return frame, 1 / points_per_pixel(*frame.size)
