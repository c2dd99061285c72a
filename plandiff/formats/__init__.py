"""Readers for the formats plans arrive in besides plain text: .docx, .html and .pdf.

`sniff` decides the format from the bytes themselves (a ``.txt`` that is really a
Word file is read as one; a ``.docx`` name on a PNG is still refused), and `extract`
turns the bytes into the text plandiff compares. That text is what every position in
the output refers to, and what ``plandiff extract FILE`` prints.

This module imports no format library: each reader imports its own (python-docx,
lxml, pdfminer.six) only when a file of that format is read, so plain-text runs and
``plandiff --help`` stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..errors import DecodeError

Format = Literal["text", "docx", "html", "pdf"]

# The extensions that let a page without a <!DOCTYPE>/<html> start still count as HTML.
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".asp", ".aspx", ".jsp", ".php")
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(rb"<(?:p|div|br|body|html|table|span)\b[^>]*>", re.I)
_PDF_HEADER_WINDOW = 1024  # readers accept junk before %PDF- within the first KB


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text a reader took out of a file, and how."""

    text: str
    """The extracted text: one paragraph (or table row) per line."""
    source_format: Format
    encoding: str
    """The character encoding the text was decoded from (HTML), or the container's."""


def sniff(data: bytes, name: str = "") -> Format:
    """The format of `data`, judged by its content (the name only breaks ties).

    Args:
        data: the file's bytes.
        name: what the user called the file; an ``.html`` suffix lets a fragment
            without a ``<html>`` tag count as a page, a ``.docx`` one lets a damaged
            archive be reported as a damaged Word file.

    Returns:
        ``docx``, ``html``, ``pdf``, or ``text`` for everything else (which the
        plain-text reader decodes or refuses).
    """
    lower = name.lower()
    if _is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data, lower) else "text"
    if _is_html(data, lower):
        return "html"
    return "text"


def extract(data: bytes, name: str = "<bytes>", source_format: Format | None = None) -> Extracted:
    """Extract the text of a .docx, .html or .pdf file (or decode a text file).

    Args:
        data: the file's bytes.
        name: the name used in error messages.
        source_format: the format, when `sniff` already decided it.

    Raises:
        DecodeError: a damaged or truncated file, a PDF without a text layer.
    """
    source_format = source_format or sniff(data, name)
    if source_format == "text":
        from ..ingest import decode

        text, encoding = decode(data, name=name)
        return Extracted(text, "text", encoding)
    extracted = _extract(data, name, source_format)
    if not extracted.text.strip():
        raise DecodeError(f"{name}: the {_FORMAT_NAMES[source_format]} holds no text")
    return extracted


_FORMAT_NAMES = {"docx": "Word file", "html": "web page", "pdf": "PDF"}


def _extract(data: bytes, name: str, source_format: Format) -> Extracted:
    if source_format == "docx":
        from .docx import extract_docx

        return Extracted(extract_docx(data, name), "docx", "utf-8")
    if source_format == "html":
        from .html import extract_html

        text, encoding = extract_html(data, name)
        return Extracted(text, "html", encoding)
    from .pdf import extract_pdf

    return Extracted(extract_pdf(data, name), "pdf", "pdf")


def damaged(name: str, what: str, exc: BaseException) -> DecodeError:
    """The one-line error for a file its library could not read.

    Format libraries raise anything on a damaged file (zip, XML and PDF syntax
    errors, KeyError for a missing part, struct errors); the user needs to know
    which file and that it is damaged, not the library's traceback.
    """
    reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return DecodeError(f"{name}: is a damaged or truncated {what} ({reason})")


def _is_pdf(data: bytes) -> bool:
    at = data.find(b"%PDF-", 0, _PDF_HEADER_WINDOW)
    # Junk before the header is accepted only when the file also ends like a PDF,
    # so a text file that mentions "%PDF-" in its first lines stays text.
    return at == 0 or (at > 0 and b"%%EOF" in data[-4096:])


def _is_docx(data: bytes, lower_name: str) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - zipfile raises BadZipFile, NotImplementedError, struct.error ...
        # A truncated archive has no central directory; its first entry still shows
        # what it was ([Content_Types].xml leads every Office file Word writes).
        first = _first_zip_entry(data)
        return lower_name.endswith((".docx", ".docm")) or first.startswith((b"[Content_Types].xml", b"word/"))


def _first_zip_entry(data: bytes) -> bytes:
    if len(data) < 30:
        return b""
    length = int.from_bytes(data[26:28], "little")
    return data[30 : 30 + length]


def _is_html(data: bytes, lower_name: str) -> bool:
    head = _ascii_head(data)
    if _HTML_START.match(head) or is_web_archive(head):
        return True
    return lower_name.endswith(_HTML_SUFFIXES) and _HTML_TAG.search(head) is not None


def is_web_archive(head: bytes) -> bool:
    """True for a saved .mht/.mhtml page (a MIME message; government sites often
    serve one as a “.doc”)."""
    lower = head[:4096].lstrip().lower()
    return lower.startswith(_MIME_HEADERS) and b"multipart/related" in lower


_MIME_HEADERS = (b"mime-version:", b"from:", b"subject:", b"date:", b"content-type:")


def _ascii_head(data: bytes) -> bytes:
    """The first 4 KB with a BOM removed; UTF-16 is re-encoded so tags can be matched."""
    head = data[:4096]
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom) and not head.startswith(b"\xff\xfe\x00\x00"):
            return head[2:].decode(encoding, errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")
