"""Read a document of any supported kind into a `Layout` of paragraphs and table grids."""

from .layout import Block, Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions
from .registry import Reader, choose, read, readers, register
from ..errors import ReadError

__all__ = ["read", "choose", "readers", "register", "Reader", "ReadOptions", "ReadError",
           "Layout", "Block", "Paragraph", "TableGrid", "Cell", "SourceRef"]
