"""Tables laid out for people (titles, merged headings, figures beside labels) read as observations.

``find_tables`` finds the blocks on a sheet, ``headers`` says what each label names, ``layouts``
reads a block whichever way round it is, ``mapping`` keeps the officer's answers for unknown labels.
"""

from cpdesk.read.tables.detect import TableBlock, find_tables
from cpdesk.read.tables.mapping import MappingProfile, workbook_signature
from cpdesk.read.tables.reader import read_tables

__all__ = ["MappingProfile", "TableBlock", "find_tables", "read_tables", "workbook_signature"]
