"""Documents people download (the competence report, the service confirmation): a small
content-neutral model in :mod:`lis1.documents.model` and its tagged-PDF renderer in
:mod:`lis1.documents.pdf`, which imports fpdf2 only when a PDF is made."""

import logging

# fpdf2 warns about a glyph the font lacks by quoting the characters: parts of a name or an
# activity's text would reach the logs. Only its errors are logged.
logging.getLogger("fpdf").setLevel(logging.ERROR)
