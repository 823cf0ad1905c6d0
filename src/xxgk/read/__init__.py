"""Read a document of any supported kind into a `Layout` of paragraphs and table grids.

``registry`` is the front door: ``read(path)`` opens the file, checks its size, and hands it to the reader that
scores its first bytes highest (``choose``). ``options`` holds ``ReadOptions``, the limits and settings every reader
is given, with the ``progress`` callback told of long OCR work; ``files`` opens a reader's file. What every reader
hands on is in ``layout``: ``Layout``, ``Paragraph``, ``TableGrid``, ``Cell`` and ``SourceRef``.

The readers, one module each, declare their kind, suffixes, ``sniff`` and ``read``, and never import one another:
``text`` (plain text, tables drawn with characters), ``html`` (web pages), ``docx`` (Word), ``sheet`` (.xlsx),
``legacy`` (.doc, .wps, .xls, .et converted by LibreOffice, then read by the registered reader of the kind they
became), ``pdf`` (PDFs, with ``pdfium`` reading each page's characters and ruling lines out of PDFium) and ``scan``
(page images). Their helpers: ``encoding`` (sniffing and decoding text), ``grid`` (spans of merged cells made into
rectangular grids), ``package`` (checks on zip packages before they are opened) and ``pictures`` (pictures inside a
web page or a Word document read with OCR and put where they stood).

``page`` is the page engine: characters and ruling lines of pages, in points, made into paragraphs and table grids
(``page.blocks_of``) — ruled tables, tables without rulings, tables over page breaks. It serves PDFs with a text
layer, scanned pages and pictures alike, and knows nothing of where the characters came from.

``ocr`` turns images into what the page engine reads: the OCR engine (``ocr.engine``), pages straightened and their
ruling lines found (``ocr.image_grid``), a page image made into characters and rulings (``ocr.page``), and the
value cells of the grids read once more from their own crops (``ocr.refine``). Its libraries load only when a scan
or a picture is read.
"""

from .layout import Block, Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions
from .registry import Reader, choose, read, readers, register
from ..errors import ReadError

__all__ = ["read", "choose", "readers", "register", "Reader", "ReadOptions", "ReadError",
           "Layout", "Block", "Paragraph", "TableGrid", "Cell", "SourceRef"]
