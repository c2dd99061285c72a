"""Saved web pages (.html/.htm): the article body of a government page as text.

lxml parses the page (it is fast, tolerant of the broken markup of old CMS pages,
and already installed with python-docx). Choosing the article is a small
readability-style heuristic: every block of running text votes for its container
(fully) and the container's parent (half), link text does not vote, and the
container with the most votes is the article. Navigation, scripts, styles and
forms are dropped before voting. The page title and the publish metadata
(发布时间, 来源, 索引号 …), which pages show outside the article, become the first
lines of the text, where the structure parser finds the front matter.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from . import damaged

# Elements that never hold the article's text.
_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "nav",
    "aside",
    "footer",
    "form",
    "select",
    "button",
    "input",
    "textarea",
    "map",
    "head",
)
# Inline elements: their text belongs to the block around them.
_INLINE = frozenset(
    "a span font strong b i em u s strike sub sup small big label abbr code mark q cite ins del img".split()
)
_BLOCK = frozenset(
    "p div td th tr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 section article main header center "
    "blockquote pre table tbody thead tfoot caption figure figcaption address hr body".split()
)
# Blocks that are a paragraph of a text, never the container of the whole article.
_PARAGRAPHS = frozenset("p li dt dd h1 h2 h3 h4 h5 h6 blockquote pre caption figcaption address".split())
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
# GB2312 pages routinely hold GBK/GB18030-only characters (and browsers read them so).
_GB_ALIASES = frozenset(
    {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "euc-cn", "gb18030", "hz-gb-2312"}
)
_PUBLISH_LINE = re.compile(
    r"(发布|成文|印发|公布|更新|公开|生效)(时间|日期)|来源\s*[:：]|发文(机关|字号|单位)|文\s*号\s*[:：]|索引号|发布机构|主题分类"
)
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-—–－]+\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_EDGE_SPACE = " \t\u3000\xa0\u200b\ufeff"
_SIBLING_SHARE = 0.3  # a sibling block with this share of the best score is part of the article too


def extract_html(data: bytes, name: str) -> tuple[str, str]:
    """The text of a saved web page and the encoding it was decoded with.

    Raises:
        DecodeError: the bytes are not text in a known encoding, or the markup
            cannot be parsed at all.
    """
    try:
        data = _unpack_web_archive(data)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - see formats.damaged
        raise damaged(name, "web archive", exc) from None
    page, encoding = decode_page(data, name)
    try:
        lines = _page_lines(page)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - see formats.damaged
        raise damaged(name, "web page", exc) from None
    return ("\n".join(lines) + "\n" if lines else ""), encoding


def _unpack_web_archive(data: bytes) -> bytes:
    """The HTML of a saved .mht page (a MIME multipart message), else `data` itself.

    The page's charset, given by the MIME part, is put in front as a <meta> so
    `decode_page` reads it like any page's declaration.
    """
    from . import is_web_archive

    if not is_web_archive(data):
        return data
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                meta = f'<meta charset="{charset}">'.encode("ascii") if charset and charset.isascii() else b""
                return meta + payload
    return data


def decode_page(data: bytes, name: str) -> tuple[str, str]:
    """Decode a page by its byte-order mark, its <meta charset> / http-equiv
    declaration, or else `ingest.decode`'s detection (UTF-8, GB18030, mixed)."""
    from ..errors import DecodeError
    from ..ingest import decode

    declared = _declared_charset(data)
    codec = None
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = "gb18030" if declared in _GB_ALIASES else _known_codec(declared)
        if codec and codec.startswith(("utf-16", "utf-32")):
            codec = "utf-8"  # a declaration readable as ASCII is not UTF-16 (HTML5 reads it as UTF-8)
    if codec:
        try:
            return data.decode(codec), codec if codec == declared else f"{codec} (declared {declared})"
        except UnicodeDecodeError:
            pass  # the declaration lies (a page re-saved in another encoding): detect instead
    try:
        return decode(data, name=name)
    except DecodeError:
        if codec is None:
            raise
    # A damaged download: read it as a browser would, marking bad bytes with U+FFFD.
    text = data.decode(codec, errors="replace")
    return text, f"{codec} (declared {declared}; {text.count(chr(0xFFFD))} bad bytes replaced)"


def _declared_charset(data: bytes) -> str | None:
    # HTML5 looks in the first 1024 bytes; saved pages often put the meta later.
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def _known_codec(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# --- the page's lines ----------------------------------------------------------------


def _page_lines(page: str) -> list[str]:
    root = _parse(page)
    if root is None:
        return []
    title = _page_title(root)
    _drop_chrome(root)
    body = root.find("body")
    body = body if body is not None else root
    article = _article_blocks(body)
    article_lines = [line for block in article for line in _block_lines(block)]
    outside = set(article)
    publish = [line for line in _block_lines(body, skip=outside) if len(line) <= 150 and _PUBLISH_LINE.search(line)]
    publish = list(dict.fromkeys(publish))  # in page order, each once
    # The front matter reads: title, publish metadata, then the article. When the
    # article opens with the title itself, the metadata goes right after it.
    at = next((i for i, line in enumerate(article_lines[:5]) if title and title in line), None)
    if at is None:
        return ([title] if title else []) + publish + article_lines
    return article_lines[: at + 1] + publish + article_lines[at + 1 :]


def _parse(page: str) -> Any:
    import lxml.html  # type: ignore[import-untyped]
    from lxml import etree

    if not page.strip():
        return None
    # Control characters are no text, and lxml refuses to move them when it drops
    # an element (drop_tree re-attaches the element's tail to its neighbour).
    page = _CONTROL.sub("", page)
    # huge_tree: libxml2 otherwise stops at a 10 MB text node (a long one-line page)
    # and silently returns a truncated tree.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(page.encode("utf-8", errors="surrogatepass"), parser=parser)
    except etree.ParserError:  # "Document is empty": markup with no elements
        return None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # Nesting past libxml2's hard limit (2048 levels) truncates the tree: say so
        # rather than compare a part of the page.
        raise ValueError("elements nested too deeply to parse")
    return root


def _page_title(root: Any) -> str:
    """The <title>, without the site name pages append (…的通知_某某市人民政府):
    the longest part between separators is the document's own title."""
    title = ""
    for element in (root.find(".//title"), root.find(".//h1")):
        title = _collapse(element.text_content()) if element is not None else ""
        if title:
            break
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part]
    return max(parts, key=len) if parts else ""


def _drop_chrome(root: Any) -> None:
    for element in list(root.iter(*_DROP)):
        if element is not root:
            element.drop_tree()
    for element in list(root.xpath("//*[@hidden] | //*[contains(translate(@style, ' ', ''), 'display:none')]")):
        element.drop_tree()


# --- choosing the article -------------------------------------------------------------


def _article_blocks(body: Any) -> list[Any]:
    """The element holding the article, with any sibling that holds a good share
    of the text too (an appendix in its own <div>), in page order."""
    scores = _scores(body)
    if not scores:
        return [body]
    top = max(scores.values())
    # Of equal scores (a <div> and its only child) the deeper element is the article.
    best = max((el for el, score in scores.items() if score == top), key=_depth)
    parent = best.getparent()
    if parent is None:
        return [best]
    floor = scores[best] * _SIBLING_SHARE
    return [el for el in parent if el is best or scores.get(el, 0) >= floor and el.tag in _BLOCK]


def _scores(body: Any) -> dict[Any, float]:
    """Votes of running text for the blocks that contain it."""
    scores: dict[Any, float] = {}
    for block, chars in _own_text(body).items():
        if chars < 4:
            continue  # a label or a menu entry, not running text
        # A paragraph votes for the block around it; a <div> or <td> holding text
        # itself (lines split by <br>) is a candidate and votes for itself.
        voter = block if block.tag not in _PARAGRAPHS else block.getparent()
        for weight in (1.0, 0.5):
            if voter is None:
                break
            scores[voter] = scores.get(voter, 0) + chars * weight
            voter = voter.getparent()
    return scores


def _own_text(body: Any) -> dict[Any, int]:
    """Characters of non-link text each block holds directly (inline children folded in)."""
    owner: dict[Any, Any] = {body: body}
    in_link: dict[Any, bool] = {body: False}
    own: dict[Any, int] = {}
    for element in body.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        owner[element] = owner[parent] if element.tag in _INLINE else element
        in_link[element] = in_link[parent] or element.tag == "a"
        if element.text and not in_link[element]:
            own[owner[element]] = own.get(owner[element], 0) + _chars(element.text)
        if element.tail and not in_link[parent]:
            own[owner[parent]] = own.get(owner[parent], 0) + _chars(element.tail)
    if body.text:
        own[body] = own.get(body, 0) + _chars(body.text)
    return own


def _chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def _depth(element: Any) -> int:
    return sum(1 for _ in element.iterancestors())


# --- rendering blocks as lines ----------------------------------------------------------


def _block_lines(element: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> list[str]:
    """Text lines of `element`: one per paragraph, heading, list item or <br> line;
    data tables as tab-separated rows.

    An explicit stack rather than recursion: pages nest thousands deep.
    """
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = _collapse("".join(buffer))
        if line:
            lines.append(line)
        buffer.clear()

    # (element, None) opens an element; (None, text) adds text; (None, None) ends a line.
    stack: list[tuple[Any, str | None]] = [(element, None)]
    while stack:
        el, text = stack.pop()
        if el is None and text is None:
            flush()
        elif el is None:
            buffer.append(text or "")
        elif el in skip or not isinstance(el.tag, str):
            continue
        elif el.tag in ("br", "pre") or el.tag == "table" and _is_data_table(el):
            flush()
            lines.extend(_whole_block_lines(el))
        else:
            block = el.tag in _BLOCK
            if block:
                flush()
            steps: list[tuple[Any, str | None]] = [(None, el.text or "")]
            for child in el:
                steps += [(child, None), (None, child.tail or "")]
            if block:
                steps.append((None, None))
            stack.extend(reversed(steps))
    flush()
    return lines


def _whole_block_lines(element: Any) -> list[str]:
    """Lines of an element read as a whole: a <pre> (some sites post the plan as
    preformatted text, whose line breaks are the lines) or a data table."""
    if element.tag == "pre":
        return [line for line in map(_collapse, element.text_content().splitlines()) if line]
    if element.tag == "table":
        return list(_table_rows(element))
    return []  # <br>: only ends the line


def _is_data_table(table: Any) -> bool:
    """A table of data (tasks and responsible units), not a page-layout grid: at
    least two rows, a row with two cells, and no table nested inside."""
    rows = _rows(table)
    nested = next(table.iterdescendants("table"), None) is not None
    return len(rows) >= 2 and any(len(_cells(row)) >= 2 for row in rows) and not nested


def _table_rows(table: Any) -> Iterator[str]:
    for row in _rows(table):
        cells = ["\u3000".join(_block_lines(cell)).replace("\t", " ") for cell in _cells(row)]
        if any(cells):
            yield "\t".join(cells)


def _rows(table: Any) -> list[Any]:
    return list(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"))


def _cells(row: Any) -> list[Any]:
    return list(row.xpath("./td | ./th"))


def _collapse(text: str) -> str:
    """Markup whitespace (newlines, runs of spaces, &nbsp;) as one space; no space at
    the line's ends, including the full-width indent (　　) pages open paragraphs with."""
    return _SPACES.sub(" ", text).strip(_EDGE_SPACE)
