"""The page engine: characters and ruling lines of pages, from whatever source, made into paragraphs and table
grids (``blocks_of``). It serves PDFs with a text layer, scans and pictures alike."""

from .blocks import blocks_of
from .content import Char, PageContent, Rule
from .geometry import Box

__all__ = ["Box", "Char", "PageContent", "Rule", "blocks_of"]
