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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

CACHE_FORMAT = "docs-v1"
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
    """Hits, misses and write failures of one process (summed across workers by the engine)."""

    hits: int = 0
    misses: int = 0
    write_errors: int = 0

    def add(self, other: CacheStats) -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.write_errors += other.write_errors

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "write_errors": self.write_errors}


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
        """Create the cache root; mark it (git-ignored, cache tag) when framing creates it."""
        if self._root_ready:
            return
        created = not self.root.exists()
        self.root.mkdir(parents=True, exist_ok=True)
        if created:
            for name, content in MARKERS.items():
                with contextlib.suppress(OSError):
                    (self.root / name).write_text(content, encoding="utf-8")
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
        from spacy.tokens import DocBin

        if doc.text != text:
            return False
        path = self.path(text)
        tmp_name = None
        try:
            self._prepare_root()
            path.parent.mkdir(parents=True, exist_ok=True)
            data = DocBin(docs=[doc], store_user_data=False).to_bytes()
            fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp_name, path)
            return True
        except Exception:
            self.stats.write_errors += 1
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
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
