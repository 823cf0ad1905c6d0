"""Images into characters and lines: the OCR engine (``engine``), straightening a page and finding its ruling lines
(``image_grid``), a page image made into the page engine's ``PageContent`` (``page``), and table cells read once
more from their own crops (``refine``). The imaging libraries load only when one of these modules is imported."""
