"""Reading a folder of articles (a built-in plugin: ``framing_register_loaders``).

Formats:

- ``.txt``: the whole file is the text; a short first line followed by a blank line is the title.
- ``.md``: optional front matter between ``---`` lines (``title``, ``source``/``outlet``,
  ``date``, ``url``, ``story``); the front matter is masked from analysis, offsets still index
  the whole file.
- ``.html``/``.htm``: main text extracted with trafilatura (boilerplate dropped), metadata
  from the page. Offsets index the extracted text.
- ``.json``: one record or a list of records; ``.jsonl``: one record per line. A record has
  ``text`` (or ``body``/``content``) and optional ``id``, ``title``, ``outlet``/``source``,
  ``date``, ``url``, ``story``. Offsets index the record's text.

An optional ``metadata.csv`` or ``metadata.json`` at the top of the folder maps article ids
(column ``id``, or ``file``/``path``) to ``title``, ``outlet``/``source``, ``date``, ``url``,
``story``. Sub-folders, or a ``story`` field, group articles about the same event.

Text is decoded from UTF-8, UTF-16/32 with a BOM, or cp1252/Latin-1. Trailing page furniture
(related-story link lists, comment-section notices) is excluded from analysis by setting
:attr:`Article.analysis_end`; offsets keep referring to the original text.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from framing.errors import ArticleError
from framing.hookspecs import hookimpl
from framing.models import Article, ErrorRecord
from framing.registry import LoaderSpec, Registry

METADATA_FILES = ("metadata.csv", "metadata.json")
META_FIELDS = ("title", "outlet", "date", "url", "story")
MAX_BYTES = 50_000_000

# ----------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: C0 controls except the whitespace ones (tab, newline, vertical tab, form feed, return), DEL, C1.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_bytes(data: bytes) -> str:
    """Decode article bytes, or raise :class:`ArticleError` for empty or binary content.

    Tries a BOM, then strict UTF-8, then cp1252, then Latin-1 (which always succeeds), and
    rejects results that are mostly control characters (binary files).
    """
    if not data.strip():
        raise ArticleError("empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"not valid {encoding} despite its byte-order mark ({exc.reason})") from exc
            break
    if text is None:
        if b"\x00" in data:
            raise ArticleError("binary file (contains NUL bytes), not text")
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    assert text is not None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = len(_CONTROL_CHARACTERS.findall(text))
    if controls > max(2, 0.02 * len(text)):
        raise ArticleError("binary file (mostly control characters), not text")
    if not any(ch.isalpha() for ch in text):
        raise ArticleError("no text (no letters in the file)")
    return text


# ----------------------------------------------------------------------------- page furniture

_FURNITURE_LINE = re.compile(
    r"""^(
        [-–—•*·|]+                                   # bullet or rule alone on a line
      | comments?                                    # a comments heading
      | .*\bcomments?\b.*\b(moderated|policy|faq|guidelines|closed|below|section)\b.*
      | .*\b(moderated|faq)\b.*\bcomments?\b.*
      | (related|recommended|more|trending|popular|latest)(\s+(stories|articles|news|reads|from\s.+))?:?
      | (read|see)\s+(more|also)\b.*
      | share\s+(this|on)\b.*
      | (advertisement|sponsored(\s+content)?)
      | .*\b\d+\s+(seconds?|minutes?|hours?|days?|weeks?|months?)\s+ago
      | (copyright|©).*
      | sign\s+up\b.*newsletter.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_short_line(line: str) -> bool:
    words = line.split()
    return len(words) <= 20


def furniture_start(text: str) -> int | None:
    """Offset where trailing page furniture begins, or ``None`` if there is none.

    Furniture is a trailing block that starts with a furniture marker line (a lone bullet
    or dash, "COMMENTS", a comment-moderation notice, "Related stories", "3 days ago"...)
    and in which every line is either a marker or a short headline-like line. The block
    must be in the last half of the text and hold at least two lines.
    """
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    start_idx: int | None = None
    for idx in range(len(lines) - 1, -1, -1):
        stripped = lines[idx].strip()
        if not stripped:
            continue
        if _FURNITURE_LINE.match(stripped):
            start_idx = idx
            continue
        if _is_short_line(stripped) and start_idx is not None:
            continue  # a headline inside a link list; keep scanning upwards
        if start_idx is None and _is_short_line(stripped):
            continue  # short trailing lines before any marker: may still be furniture
        break
    if start_idx is None:
        return None
    # The block must begin at a marker line: move forward to the first marker line.
    while start_idx < len(lines) and not _FURNITURE_LINE.match(lines[start_idx].strip()):
        start_idx += 1
    block = [line for line in lines[start_idx:] if line.strip()]
    cut = offsets[start_idx] if start_idx < len(lines) else len(text)
    if len(block) < 2 or cut < len(text) * 0.5:
        return None
    return cut


def analysis_end_for(text: str) -> int | None:
    """Where analysis stops: before trailing furniture, with trailing whitespace dropped."""
    cut = furniture_start(text)
    if cut is None:
        return None
    while cut > 0 and text[cut - 1].isspace():
        cut -= 1
    return cut


# ----------------------------------------------------------------------------- titles


def guess_title(text: str) -> str | None:
    """A short first line followed by a blank line (after an optional one-word section label)."""
    lines = text.lstrip("\n").split("\n")
    for first in range(min(2, len(lines))):
        line = lines[first].strip()
        if first == 1 and len(lines[0].split()) > 2:
            break
        if (
            line
            and first + 1 < len(lines)
            and not lines[first + 1].strip()
            and len(line.split()) <= 25
            and line[-1] not in '.!?:"”'
        ):
            return line
    return None


# ----------------------------------------------------------------------------- loaders


def load_txt(path: Path, data: bytes, text: str | None) -> Sequence[Article]:
    assert text is not None
    return [Article(id="", text=text, title=guess_title(text), analysis_end=analysis_end_for(text))]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.DOTALL)


def parse_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple ``key: value`` front matter; returns the fields and where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if ":" in line and not line.lstrip().startswith("#"):
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, match.end()


def load_md(path: Path, data: bytes, text: str | None) -> Sequence[Article]:
    assert text is not None
    fields, body_start = parse_front_matter(text)
    # Mask the front matter: keep offsets into the whole file, analyse only the body.
    body = text[body_start:]
    title = fields.get("title") or _markdown_heading(body) or guess_title(body)
    end = analysis_end_for(text)
    return [
        Article(
            id="",
            text=text,
            title=title,
            outlet=fields.get("outlet") or fields.get("source"),
            date=fields.get("date"),
            url=fields.get("url"),
            story=fields.get("story", ""),
            analysis_end=end,
            masked=((0, body_start),) if body_start else (),
        )
    ]


def _markdown_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.strip():
            return line.lstrip("#").strip() if line.startswith("#") else None
    return None


def load_html(path: Path, data: bytes, text: str | None) -> Sequence[Article]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:
        raise ArticleError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if document is None:
        raise ArticleError("no article text found in the HTML page")
    get = document.get if isinstance(document, dict) else lambda key: getattr(document, key, None)
    body = (get("text") or "").strip()
    if not body or not any(ch.isalpha() for ch in body):
        raise ArticleError("no article text found in the HTML page")
    return [
        Article(
            id="",
            text=body,
            title=get("title"),
            outlet=get("sitename") or get("hostname"),
            date=get("date"),
            url=get("url"),
            analysis_end=analysis_end_for(body),
        )
    ]


_TEXT_FIELDS = ("text", "body", "content")


def _record_article(record: Any, where: str) -> Article:
    if not isinstance(record, Mapping):
        raise ArticleError(f"{where}: expected a JSON object with a 'text' field")
    text = next((record[k] for k in _TEXT_FIELDS if isinstance(record.get(k), str)), None)
    if text is None or not text.strip():
        raise ArticleError(f"{where}: no 'text' field")
    return Article(
        id=str(record["id"]) if record.get("id") not in (None, "") else "",
        text=text,
        title=_str_or_none(record.get("title")),
        outlet=_str_or_none(record.get("outlet") or record.get("source")),
        date=_str_or_none(record.get("date")),
        url=_str_or_none(record.get("url")),
        story=_str_or_none(record.get("story")) or "",
        analysis_end=analysis_end_for(text),
    )


def _str_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def load_json(path: Path, data: bytes, text: str | None) -> Sequence[Article]:
    assert text is not None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"broken JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise ArticleError("JSON holds no records")
    articles = [_record_article(record, f"record {i + 1}") for i, record in enumerate(records)]
    if len(articles) > 1:
        articles = [a if a.id else replace(a, id=f"#{i + 1}") for i, a in enumerate(articles)]
    return articles


def load_jsonl(path: Path, data: bytes, text: str | None) -> Sequence[Article]:
    assert text is not None
    articles = []
    problems = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = _record_article(record, f"line {lineno}")
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: broken JSON ({exc.msg})")
            continue
        except ArticleError as exc:
            problems.append(str(exc))
            continue
        articles.append(article if article.id else replace(article, id=f"#{lineno}"))
    if not articles:
        raise ArticleError("; ".join(problems[:3]) or "no records")
    if problems:
        # Keep the good records; the bad lines are reported through a marker record.
        articles.append(Article(id="", text="", extra={"problems": problems}))
    return articles


@hookimpl
def framing_register_loaders(register) -> None:
    register(LoaderSpec("text", (".txt", ".text"), load_txt))
    register(LoaderSpec("markdown", (".md", ".markdown"), load_md))
    register(LoaderSpec("html", (".html", ".htm"), load_html, binary=True))
    register(LoaderSpec("json", (".json",), load_json))
    register(LoaderSpec("jsonl", (".jsonl", ".ndjson"), load_jsonl))


# ----------------------------------------------------------------------------- folder walking


def read_metadata(directory: Path) -> tuple[dict[str, dict[str, str]], list[ErrorRecord]]:
    """The optional metadata file: ``id -> {field: value}``."""
    for name in METADATA_FILES:
        path = directory / name
        if not path.is_file():
            continue
        try:
            text = decode_bytes(path.read_bytes())
            if name.endswith(".csv"):
                rows = list(csv.DictReader(io.StringIO(text)))
            else:
                payload = json.loads(text)
                rows = (
                    [{"id": key, **value} for key, value in payload.items()]
                    if isinstance(payload, dict)
                    else list(payload)
                )
        except (ArticleError, json.JSONDecodeError, csv.Error, OSError, TypeError) as exc:
            return {}, [ErrorRecord("load", str(path), f"metadata file not read: {exc}")]
        table: dict[str, dict[str, str]] = {}
        for row in rows:
            if not isinstance(row, Mapping):
                continue
            key = row.get("id") or row.get("file") or row.get("path")
            if not key:
                continue
            key = str(Path(str(key)).with_suffix("")) if "." in Path(str(key)).name else str(key)
            table[key] = {k.lower(): str(v) for k, v in row.items() if v not in (None, "")}
        return table, []
    return {}, []


def iter_article_files(directory: Path) -> Iterator[Path]:
    """Every file under ``directory``, sorted, skipping hidden files/folders and metadata files."""
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_dir():
            continue
        if len(rel.parts) == 1 and path.name in METADATA_FILES:
            continue
        yield path


def load_directory(directory: Path, loaders: Registry[LoaderSpec]) -> Iterator[Article | ErrorRecord]:
    """Yield each article in ``directory`` (recursively), or an :class:`ErrorRecord` per bad file.

    Streams: files are read one at a time, so memory does not grow with the folder.
    """
    by_suffix: dict[str, LoaderSpec] = {}
    for spec in loaders:
        for suffix in spec.suffixes:
            by_suffix[suffix.lower()] = spec
    metadata, problems = read_metadata(directory)
    yield from problems
    for path in iter_article_files(directory):
        rel = path.relative_to(directory)
        rel_str = rel.as_posix()
        spec = by_suffix.get(path.suffix.lower())
        if spec is None:
            yield ErrorRecord("load", rel_str, f"unsupported file type {path.suffix or '(no suffix)'!r}")
            continue
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ArticleError(f"file too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
            data = path.read_bytes()
            text = None if spec.binary else decode_bytes(data)
            if spec.binary and not data.strip():
                raise ArticleError("empty file")
            articles = list(spec.load(path, data, text))
        except ArticleError as exc:
            yield ErrorRecord("load", rel_str, str(exc))
            continue
        except OSError as exc:
            yield ErrorRecord("load", rel_str, f"cannot read file: {exc.strerror or exc}")
            continue
        except Exception as exc:  # a loader plugin bug must not stop the run
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())
            yield ErrorRecord("load", rel_str, f"loader {spec.name!r} failed: {reason}")
            continue
        base_id = rel.with_suffix("").as_posix()
        story_default = rel.parent.as_posix() if len(rel.parts) > 1 else ""
        for article in articles:
            problems_in_file = article.extra.get("problems") if not article.text else None
            if problems_in_file:
                for problem in problems_in_file:
                    yield ErrorRecord("load", rel_str, problem)
                continue
            yield _finish_article(article, base_id, rel_str, story_default, metadata)


def _finish_article(
    article: Article, base_id: str, rel_str: str, story_default: str, metadata: Mapping[str, Mapping[str, str]]
) -> Article:
    if not article.id:
        article_id = base_id
    elif article.id.startswith("#"):
        article_id = f"{base_id}{article.id}"
    else:
        article_id = f"{base_id}/{article.id}" if len(base_id) else article.id
    meta = metadata.get(article_id) or metadata.get(base_id) or {}
    return replace(
        article,
        id=article_id,
        path=rel_str,
        title=article.title or meta.get("title"),
        outlet=article.outlet or meta.get("outlet") or meta.get("source"),
        date=article.date or meta.get("date"),
        url=article.url or meta.get("url"),
        story=article.story or meta.get("story") or story_default,
    )
