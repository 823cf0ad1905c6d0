"""The source beside the tables: the published file as it was stored, and a PDF's page drawn as an image with a
box around each place a finding points at (the positions the reader kept)."""

from __future__ import annotations

import io

from ..corpus import store


SCALE = 1.5  # page points → image pixels
BOX = (190, 30, 30)


def original(version) -> bytes:
    """The stored bytes of the file a report version was read from."""
    return store.stored_path(version.source.sha256).read_bytes()


def head(version, size: int = 2048) -> bytes:
    """The first bytes of the stored file: enough to tell its kind."""
    with open(store.stored_path(version.source.sha256), "rb") as f:
        return f.read(size)


def kind(data: bytes) -> str:
    """"pdf", "html" (a web page or text, shown in a sandboxed frame), or "file" (Word, Excel, images…)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8", b"II*", b"MM\x00")):
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
    """The PDF's page ``number`` (1-based) as PNG with a box drawn around each of ``boxes`` (points from the top
    left); None when the page does not exist."""
    import pypdfium2
    from PIL import ImageDraw

    document = pypdfium2.PdfDocument(data)
    try:
        if not 1 <= number <= len(document):
            return None
        image = document[number - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in boxes:
        pad = 3
        draw.rectangle([x0 * SCALE - pad, top * SCALE - pad, x1 * SCALE + pad, bottom * SCALE + pad],
                       outline=BOX, width=3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
