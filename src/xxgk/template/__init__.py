"""The national formats of the annual report as data: rows, columns, labels and their variants, relations."""

from .labels import core, normalize, numbering, similarity
from .schema import NAMES, ColumnSpec, Relation, RowSpec, TableSpec, Template, for_year, load

__all__ = ["load", "for_year", "NAMES", "Template", "TableSpec", "RowSpec", "ColumnSpec", "Relation",
           "normalize", "core", "numbering", "similarity"]
