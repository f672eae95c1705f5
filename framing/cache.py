"""A cache of parsed Docs, so re-running with a new lexicon or plugin re-runs only the analyzers.

The expensive part of a run is the base model (tagger, parser, NER). Its output depends only
on the article text and the model, so it is cached on disk as one small :class:`~spacy.tokens.DocBin`
file per article::

    CACHE_DIR/docs-v1/<pipeline key>/<first 2 hex chars>/<text hash>.spacy

- ``text hash``: SHA-256 of the analysed text (UTF-8).
- ``pipeline key``: SHA-256 of the spaCy version, the model's ``lang``/``name``/``version``, the
  names of the base pipes and the config of each base pipe. A different model, model version,
  spaCy version or base pipeline gets a different folder; analyzers (framing components) are
  not part of the key, so changing a lexicon, an analyzer setting or a plugin reuses the parse.

Where the cache lives is the caller's choice (``framing analyze`` defaults to ``OUT/.cache``, see
``docs/scale.md``). Writes are atomic (a temporary file in the same folder, then ``os.replace``),
so concurrent runs (several ``--jobs`` workers, several ``framing analyze`` commands, Dask workers
on a shared file system) never see a half-written file: the worst case is that two processes parse
the same text and one replacement wins. A file that cannot be read (truncated by a crash, another
spaCy version) is treated as a miss and overwritten. Every cache error is a miss, never a failure.

The DocBin keeps the token attributes, sentence boundaries, entities and spans the base model
sets; it does not keep ``doc.tensor`` (framing's analyzers do not read it). A model retrained in
place without changing its ``version`` would reuse stale parses: use ``--no-cache`` or another
cache folder then.

Results are cached too (:class:`ResultCache`), so a re-run with nothing changed does not run the
analyzers either, and a re-run with a new lexicon runs only the analyzers it touches::

    CACHE_DIR/results-v1/<pipeline key>/<2 hex>/<article key>.pickle        analyzers, summaries
    CACHE_DIR/results-v1/<pipeline key>/stories/<2 hex>/<story key>.pickle  comparisons
    CACHE_DIR/charts-v1/<2 hex>/<chart key>.<svg|png>                        rendered charts

Each article file maps a step (``analyzer:hedging``, ``summary:omission``) to the fingerprint
it was computed under (:mod:`framing.fingerprint`) and its output; a step whose fingerprint
changed is recomputed and the file rewritten. Story files do the same for comparisons.
Result files are zlib-compressed pickles: keep the cache folder as private as the code you run
(the default, ``OUT/.cache``, is).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

CACHE_FORMAT = "docs-v1"
RESULTS_FORMAT = "results-v1"
CHARTS_FORMAT = "charts-v1"
SUFFIX = ".spacy"
#: Written into a cache folder that framing creates, so that git ignores it (``make report`` writes
#: ``reports/seeds/.cache``) and backup tools skip it (https://bford.info/cachedir/).
MARKERS = {
    ".gitignore": "# Created by framing: a cache of parsed articles, safe to delete.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by framing (parsed-article cache).\n",
}


def text_hash(text: str) -> str:
    """SHA-256 of ``text`` (UTF-8; lone surrogates are kept, not rejected)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def pipeline_key(nlp: Language, base_pipes: Sequence[str]) -> str:
    """A short key for everything that determines the base parse (see the module docstring)."""
    import spacy

    meta = nlp.meta
    payload = {
        "spacy": spacy.__version__,
        "model": [meta.get("lang"), meta.get("name"), meta.get("version")],
        "pipes": list(base_pipes),
        "config": {name: nlp.get_pipe_config(name) for name in base_pipes},
    }
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:20]


@dataclass
class CacheStats:
    """Cache use of one process (summed across workers by the engine).

    ``hits``/``misses`` count parses read from / missing in the Doc cache; ``steps_reused`` and
    ``steps_run`` count analyzer and summary steps taken from / not found in the result cache
    (``articles_reused``: articles none of whose steps ran); ``stories_reused``/``stories_run``
    the same for comparisons, ``charts_reused``/``charts_drawn`` for charts.
    """

    hits: int = 0
    misses: int = 0
    write_errors: int = 0
    steps_reused: int = 0
    steps_run: int = 0
    articles_reused: int = 0
    stories_reused: int = 0
    stories_run: int = 0
    charts_reused: int = 0
    charts_drawn: int = 0

    def add(self, other: CacheStats) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def prepare_root(root: Path) -> None:
    """Create the cache root; mark it (git-ignored, cache tag) when framing creates it."""
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    if created:
        for name, content in MARKERS.items():
            with contextlib.suppress(OSError):
                (root / name).write_text(content, encoding="utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``,
    so a concurrent reader sees the old file or the new one, never half of one. Raises ``OSError``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def doc_bin_bytes(doc: Doc) -> bytes:
    """What ``DocBin(docs=[doc]).to_bytes()`` writes (``DocBin().from_bytes`` reads it), faster.

    ``DocBin.add`` collects the strings a Doc uses token by token, nine look-ups each, and
    compresses at zlib's default level; here the strings come from the unique values of the
    same token columns and the level is 1 (a quarter larger, a third of the time): about half
    the cost per article. Docs with span groups go through ``DocBin`` itself.
    """
    import numpy
    import srsly
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
    from spacy.tokens import DocBin

    empty = DocBin(store_user_data=False)
    if doc.spans:
        empty.add(doc)
        return empty.to_bytes()
    attrs = empty.attrs
    array = doc.to_array(attrs).reshape(len(doc), len(attrs))
    strings = doc.vocab.strings
    columns = [attrs.index(attr) for attr in (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)]
    used = {strings[key] for key in numpy.unique(array[:, columns]).tolist()}
    morphs = {strings[key] for key in numpy.unique(array[:, attrs.index(MORPH)]).tolist()}
    used |= {"" if morph == "_" else morph for morph in morphs}  # str(token.morph), as DocBin.add has it
    message = {
        "version": empty.version,
        "attrs": attrs,
        "tokens": array.tobytes("C"),
        "spaces": doc.to_array(SPACY).reshape(len(doc), 1).astype(bool).tobytes("C"),
        "lengths": numpy.asarray([len(doc)], dtype="int32").tobytes("C"),
        "strings": sorted(used),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return zlib.compress(srsly.msgpack_dumps(message), 1)


class DocCache:
    """Parsed Docs on disk, one DocBin file per text, for one pipeline (see :func:`pipeline_key`)."""

    def __init__(self, root: str | Path, nlp: Language, base_pipes: Sequence[str]):
        self.root = Path(root)
        self.vocab = nlp.vocab
        self.key = pipeline_key(nlp, base_pipes)
        self.directory = self.root / CACHE_FORMAT / self.key
        self.stats = CacheStats()
        self._root_ready = False

    def _prepare_root(self) -> None:
        if not self._root_ready:
            prepare_root(self.root)
            self._root_ready = True

    def path(self, text: str) -> Path:
        digest = text_hash(text)
        return self.directory / digest[:2] / f"{digest}{SUFFIX}"

    # ------------------------------------------------------------------ reading
    def get(self, text: str) -> Doc | None:
        """The cached parse of ``text``, or ``None`` (missing, unreadable or not this text)."""
        from spacy.tokens import DocBin

        try:
            data = self.path(text).read_bytes()
            docs = list(DocBin().from_bytes(data).get_docs(self.vocab))
        except Exception:
            docs = []
        if len(docs) == 1 and docs[0].text == text:
            self.stats.hits += 1
            return docs[0]
        self.stats.misses += 1
        return None

    def get_many(self, texts: Sequence[str]) -> list[Doc | None]:
        return [self.get(text) for text in texts]

    # ------------------------------------------------------------------ writing
    def put(self, text: str, doc: Doc) -> bool:
        """Store the parse of ``text`` atomically; ``False`` (never an exception) on failure."""
        if doc.text != text:
            return False
        try:
            self._prepare_root()
            atomic_write(self.path(text), doc_bin_bytes(doc))
            return True
        except Exception:
            self.stats.write_errors += 1
            return False

    def put_many(self, texts: Sequence[str], docs: Sequence[Doc]) -> None:
        for text, doc in zip(texts, docs, strict=True):
            self.put(text, doc)

    def size(self) -> tuple[int, int]:
        """(files, bytes) in this pipeline's cache folder."""
        files = total = 0
        if self.directory.is_dir():
            for path in self.directory.rglob(f"*{SUFFIX}"):
                files += 1
                with contextlib.suppress(OSError):
                    total += path.stat().st_size
        return files, total


Entries = dict[str, tuple[str, Any]]


class ResultCache:
    """Cached outputs of analyzer, summary and comparison steps, for one pipeline.

    An article's file (:meth:`get_article`/:meth:`put_article`) and a story's file
    (:meth:`get_story`/:meth:`put_story`) each hold ``{step: (fingerprint, output)}``; callers
    keep only the entries whose fingerprint is the current one. Unreadable files are empty
    entries; failed writes are counted in ``stats.write_errors``; nothing here raises.
    """

    def __init__(self, root: str | Path, pipeline: str, stats: CacheStats | None = None):
        self.root = Path(root)
        self.directory = self.root / RESULTS_FORMAT / pipeline
        self.stats = stats if stats is not None else CacheStats()
        self._root_ready = False

    def _path(self, kind: str, key: str) -> Path:
        folder = self.directory if kind == "article" else self.directory / "stories"
        return folder / key[:2] / f"{key}.pickle"

    def _read(self, kind: str, key: str) -> Entries:
        try:
            entries = pickle.loads(zlib.decompress(self._path(kind, key).read_bytes()))
        except Exception:
            return {}
        return entries if isinstance(entries, dict) else {}

    def _write(self, kind: str, key: str, entries: Mapping[str, tuple[str, Any]]) -> None:
        try:
            if not self._root_ready:
                prepare_root(self.root)
                self._root_ready = True
            data = pickle.dumps(dict(entries), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self._path(kind, key), zlib.compress(data, 1))  # a third of the size, < 1 ms
        except Exception:
            self.stats.write_errors += 1

    def get_article(self, key: str) -> Entries:
        return self._read("article", key)

    def put_article(self, key: str, entries: Mapping[str, tuple[str, Any]]) -> None:
        self._write("article", key, entries)

    def get_story(self, key: str) -> Entries:
        return self._read("story", key)

    def put_story(self, key: str, entries: Mapping[str, tuple[str, Any]]) -> None:
        self._write("story", key, entries)


class ChartCache:
    """Rendered charts (SVG text or PNG bytes) by chart key; misses and errors are ``None``."""

    def __init__(self, root: str | Path, stats: CacheStats | None = None):
        self.root = Path(root)
        self.directory = self.root / CHARTS_FORMAT
        self.stats = stats if stats is not None else CacheStats()

    def path(self, key: str, suffix: str) -> Path:
        return self.directory / key[:2] / f"{key}.{suffix}"

    def get(self, key: str, suffix: str) -> bytes | None:
        try:
            return self.path(key, suffix).read_bytes()
        except OSError:
            return None

    def put(self, key: str, suffix: str, data: bytes) -> None:
        try:
            prepare_root(self.root)
            atomic_write(self.path(key, suffix), data)
        except Exception:
            self.stats.write_errors += 1
