"""The attribution algorithm: quotes, indirect speech, speakers and reporting verbs.

Plain functions over a parsed spaCy ``Doc`` (no component machinery), so they can be
unit-tested on their own. :func:`extract_attributions` is the entry point; it returns
:class:`Attribution` records with character offsets into ``doc.text``.

Method, in order:

1. Quotation regions come from :func:`framing.quotes.find_quotes` (curly/straight marks,
   multi-paragraph quotes, unbalanced marks).
2. Each region is typed: *direct* when it opens its sentence, follows a colon or comma, or is a
   capitalised clause; else *partial* (embedded in the writer's sentence).
3. The cue of a direct quote is the reporting verb in the text around it (``"...," he said``,
   ``He said, "..."``, ``"..." Rubio posted to X``, ``"...", he said, "..."``); the cue of a
   partial quote is the nearest reporting verb above it in the parse (``calling him "..."``,
   ``emphasized that ... at a "fair price"``).
4. The speaker is the verb's subject, found by climbing ``advcl``/``xcomp``/``conj``/``pcomp``
   links (``..., saying "..."``), or the object of ``according to``. It is resolved to a
   canonical person: a surname to the longest name with that surname (``Rubio`` -> ``Marco
   Rubio``), ``he``/``she`` to the most recent person subject before it (a running salience
   state over the article, quotes excluded), and ``the judge``/``the Salvadoran president`` to
   the person introduced with that title (matching modifiers first, then recency).
5. A quote with no cue continues the quote block before it (same or previous paragraph) and
   takes its speaker; a short partial quote with no speaker at all is a scare quote.
6. Indirect speech: a reporting verb outside quotes with a clausal complement (``X said that
   ...``, ``..., officials said``), an infinitive for promise-type verbs (``X vowed to ...``),
   and ``according to X, ...``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from framing.analyzers.doc_table import DocTable, doc_table
from framing.quotes import QuoteRegion, find_quotes

PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "ccomp", "parataxis", "dep"}
INFINITIVE_CUES = {
    "promise",
    "pledge",
    "vow",
    "urge",
    "ask",
    "threaten",
    "call",
    "warn",
    "order",
    "want",
    "hope",
    "plan",
    "intend",
    "seek",
    "decide",
    "refuse",
    "decline",
    "expect",
    "offer",
    "propose",
    "wish",
}
NOT_BROAD = {
    "say",
    "tell",
    "ask",
    "inform",
    "add",
    "write",
    "post",
    "continue",
    "respond",
    "reply",
    "answer",
    "hear",
    "see",
    "know",
    "learn",
    "find",
    "show",
    "share",
    "order",
    "thank",
    "tweet",
    "note",
    "state",
    "report",
    "maintain",
    "push",
}
TOPIC_PREPS = {"about", "of", "for", "on", "against", "over", "to"}
EXTEND_TO_SENT_END = True
#: nouns that report speech or belief, with the verb whose class they take
NOUN_CUES = {
    "claim": "claim",
    "statement": "state",
    "assertion": "assert",
    "argument": "argue",
    "suggestion": "suggest",
    "allegation": "allege",
    "accusation": "accuse",
    "warning": "warn",
    "promise": "promise",
    "pledge": "pledge",
    "belief": "believe",
    "view": "think",
    "announcement": "announce",
    "remark": "say",
    "comment": "comment",
    "insistence": "insist",
    "charge": "charge",
    "report": "report",
    "assessment": "say",
    "prediction": "predict",
    "assurance": "assure",
    "admission": "admit",
    "denial": "deny",
    "boast": "boast",
    "notion": "think",
    "contention": "contend",
    "testimony": "testify",
    "complaint": "complain",
    "concern": "fear",
    "hope": "hope",
    "fear": "fear",
    "message": "say",
    "tweet": "tweet",
    "post": "post",
    "letter": "write",
    "memo": "write",
}
VP_RIGHTS = {"prep", "oprd", "advcl", "xcomp", "ccomp", "dative", "acomp"}
DROP_UNKNOWN_TOPIC = False
IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think"}
NAME_STRIP = re.compile(r"^(the\s+)|(['’]s)$|['’]$", re.IGNORECASE)
SENT_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?…][\"”’')]*\s+(?=[A-Z“\"'(])")


@dataclass
class Lexicon:
    """Word lists the extractor uses (see ``framing/data/attribution``)."""

    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> class
    kinds: dict[str, str] = field(default_factory=dict)  # lemma -> speech|thought|evidence
    source_nouns: dict[str, str] = field(default_factory=dict)  # lemma -> anonymous|vague
    titles: set[str] = field(default_factory=set)

    def verb_class(self, lemma: str | None) -> str | None:
        if not lemma:
            return None
        if lemma == "according to":
            return "neutral"
        return self.verbs.get(lemma)


@dataclass
class Speaker:
    """A resolved speaker mention."""

    name: str | None = None  # canonical name (person or organisation)
    type: str = "unknown"  # named | anonymous | vague | unknown
    start: int | None = None
    end: int | None = None
    text: str | None = None
    resolved_by: str | None = None  # name | pronoun | title | context | None


@dataclass
class Attribution:
    """One attributed content span (a quote or indirect speech)."""

    start: int
    end: int
    type: str  # direct | partial | indirect
    kind: str = "quote"  # quote | scare_quote
    speaker: Speaker = field(default_factory=Speaker)
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    verb_class: str | None = None
    cue_kind: str | None = None
    region: int | None = None  # index of the quote region (direct/partial)
    inherited: bool = False  # speaker taken from the surrounding quote block
    clause: tuple[int, int] | None = None  # partial quote: the attributed clause containing it


# --------------------------------------------------------------------------------------
# People: canonical names, titles, salience
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def clean_name(text: str) -> str:
    """``"Rubio's"`` -> ``"Rubio"``; ``"the Washington Post"`` -> ``"Washington Post"`` (memoised:
    the same names come back many times in an article)."""
    text = text.strip().strip(",.;:\"“”'‘’()")
    for _ in range(2):
        text = NAME_STRIP.sub("", text).strip()
    return text


class EntityRow(NamedTuple):
    """An entity of the Doc with what the extractor asks of it, read once (``Span.root`` and
    ``Span.text`` are not free)."""

    label: str
    start: int
    end: int
    root: int  # token index of ``ent.root``
    start_char: int
    end_char: int
    text: str


def span_root(table: DocTable, start: int, end: int) -> int | None:
    """The index of ``doc[start:end].root`` by spaCy's rule (a sentence root inside the span,
    else the token whose head lies outside it) when one token qualifies; None when only
    spaCy's own tie-break can tell."""
    outside = []
    for i in range(start, end):
        head = table.head[i]
        if head == i:
            return i
        if not start <= head < end:
            outside.append(i)
    return outside[0] if len(outside) == 1 else None


def entity_root(table: DocTable, ent) -> int:
    """The index of ``ent.root`` (any Span), read from the table when it can be."""
    root = span_root(table, ent.start, ent.end)
    return ent.root.i if root is None else root


def entity_rows(doc, table: DocTable) -> list[EntityRow]:
    """An :class:`EntityRow` for each entity of ``doc.ents``, in order, read from the table
    (no Span objects): as spaCy builds ``doc.ents``, a ``B`` token with an entity type starts
    an entity and the ``I`` tokens after it continue it."""
    iob, label, text = table.ent_iob, table.ent_type, table.doc_text
    rows = []
    for start in [i for i, tag in enumerate(iob) if tag == "B" and label[i]]:
        end = start + 1
        while end < table.n and iob[end] == "I":
            end += 1
        root = span_root(table, start, end)
        if root is None:
            root = doc[start:end].root.i
        start_char, end_char = table.idx[start], table.end[end - 1]
        rows.append(EntityRow(label[start], start, end, root, start_char, end_char, text[start_char:end_char]))
    return rows


class People:
    """The people named in one article: canonical names, mentions and titles."""

    def __init__(self, doc, lex: Lexicon, entities: Sequence[EntityRow]):
        """``entities``: the Doc's entities (:func:`entity_rows`)."""
        self.doc = doc
        self.lex = lex
        self.canonical_by_last: dict[str, str] = {}
        self.titles: list[tuple[str, str, set[str], int]] = []  # (title, canonical, context words, offset)
        self.mentions: dict[str, list[int]] = {}
        names: list[tuple[str, int]] = []
        if not doc.has_annotation("ENT_IOB"):
            entities = []
        persons = [row for row in entities if row.label == "PERSON"]
        for row in persons:
            name = clean_name(row.text)
            words = name.split()
            if not words or not any(ch.isupper() for ch in name):
                continue
            # a leading title inside the entity ("President Trump")
            while len(words) > 1 and words[0].lower() in lex.titles:
                words = words[1:]
            names.append((" ".join(words), row.start_char))
        # names the NER missed, introduced by a title: "the president of Mexico, Ana Ruiz"
        self.title_appos: list[tuple[int, str]] = []  # (token index, name)
        table = doc_table(doc)
        if doc.has_annotation("DEP"):
            appositions = [i for i, dep in enumerate(table.dep) if dep == "appos"]
            for i in appositions:
                if table.pos[i] == "PROPN" and table.lemma_lower[table.head[i]] in lex.titles:
                    if any(row.start <= i < row.end for row in entities):
                        continue
                    parts = [
                        c for c in table.children[i] if c < i and table.dep[c] == "compound" and table.pos[c] == "PROPN"
                    ]
                    if parts and parts[0] == i - len(parts):
                        name = table.doc_text[table.idx[parts[0]] : table.end[i]]
                        names.append((name, table.idx[parts[0]]))
                        self.title_appos.append((i, name))
        # a surname stands for the most frequent full name with it (then the longest, then the first):
        # "Rubio" -> "Marco Rubio"; a nickname inside one quote ("Crooked Hillary Clinton") loses
        counts: dict[str, int] = {}
        for name, _ in names:
            counts[name] = counts.get(name, 0) + 1
        self.full_names: dict[str, str] = {}
        ranked = sorted(names, key=lambda item: (-(len(item[0].split()) > 1), -counts[item[0]], -len(item[0]), item[1]))
        for name, _ in ranked:
            last = name.split()[-1].lower()
            self.canonical_by_last.setdefault(last, name)
            if len(name.split()) > 1:
                self.full_names.setdefault(name.lower(), name)
        for row in persons:
            canonical = self.canonical(clean_name(row.text))
            if canonical:
                self.mentions.setdefault(canonical, []).append(row.start_char)
                self._record_titles(row, canonical)
        for i, name in self.title_appos:
            canonical = self.canonical(name) or name
            self.mentions.setdefault(canonical, []).append(table.idx[i])
            title = table.head[i]
            context = {
                table.text[t].lower()
                for t in table.subtree(title)
                if t != title and table.pos[t] in {"PROPN", "ADJ", "NOUN"}
            }
            self.titles.append((table.lemma_lower[title], canonical, context, table.idx[i]))

    def canonical(self, name: str) -> str | None:
        words = clean_name(name).split()
        if not words:
            return None
        while len(words) > 2 and words[0].lower() in self.lex.titles:
            words = words[1:]
        full = " ".join(words).lower()
        canonical = self.canonical_by_last.get(words[-1].lower())
        # "Bill Clinton" stays Bill when "Clinton" alone means Hillary Clinton; but a longer
        # form of the canonical name ("Crooked Hillary Clinton") maps to it
        distinct = (
            len(words) > 1
            and full in self.full_names
            and canonical
            and canonical.split()[0] != words[0]
            and not canonical.lower().endswith(full)
            and not full.endswith(canonical.lower())
        )
        return self.full_names[full] if distinct else canonical

    def _record_titles(self, ent: EntityRow, canonical: str) -> None:
        table = doc_table(self.doc)
        known = self.lex.titles
        root, start, end = ent.root, ent.start, ent.end
        context: set[str] = set()
        titles: list[str] = []
        # titles inside the entity's noun phrase: "U.S. District Judge James Boasberg"
        for i in table.subtree(root):
            if i >= start:
                continue
            if start <= table.head[i] < end or table.dep[i] == "compound":
                word = table.text[i].lower()
                if table.lemma_lower[i] in known or word in known:
                    titles.append(word)
                else:
                    context.add(word)
        # "The president of El Salvador, Nayib Bukele" / "Nayib Bukele, the president of ..."
        candidates = [table.head[root]] if table.dep[root] == "appos" else []
        candidates += [child for child in table.children[root] if table.dep[child] == "appos"]
        for noun in candidates:
            if table.lemma_lower[noun] in known:
                titles.append(table.lemma_lower[noun])
                context.update(
                    table.text[i].lower() for i in table.subtree(noun) if i != noun and not (start <= i < end)
                )
        for title in titles:
            self.titles.append((title, canonical, context, ent.start_char))

    def by_title(self, title: str, modifiers: set[str], offset: int) -> str | None:
        """The person a definite title refers to (modifier overlap first, then recency)."""
        best: tuple[int, int, int] | None = None
        answer = None
        for known, canonical, context, _ in self.titles:
            if known != title:
                continue
            overlap = sum(1 for m in modifiers if any(_stem_match(m, c) for c in context))
            mentions = self.mentions.get(canonical, [])
            before = [m for m in mentions if m < offset]
            recency = max(before) if before else -(min(mentions) if mentions else 0) - 10**9
            score = (overlap, 1 if before else 0, recency)
            if best is None or score > best:
                best, answer = score, canonical
        return answer


def _stem_match(a: str, b: str) -> bool:
    a, b = a.lower().strip(".,"), b.lower().strip(".,")
    if len(a) < 3 or len(b) < 3:
        return a == b
    n = min(len(a), len(b), 5)
    return a == b or (n >= 4 and a[:n] == b[:n])


class Salience:
    """Running "who is the topic" state: person subjects in text order (quotes excluded)."""

    def __init__(self):
        self.events: list[tuple[int, str]] = []

    def add(self, offset: int, canonical: str) -> None:
        self.events.append((offset, canonical))
        self.events.sort()

    def before(self, offset: int) -> str | None:
        k = bisect.bisect_left(self.events, (offset, "")) - 1
        return self.events[k][1] if k >= 0 else None


# --------------------------------------------------------------------------------------
# Speaker resolution
# --------------------------------------------------------------------------------------


#: dependencies that leave a noun phrase's core (clauses, PPs, coordination)
NP_SKIP = frozenset({"prep", "relcl", "acl", "advcl", "punct", "cc", "conj"})


class Resolver:
    """Turns a subject token (by index) into a :class:`Speaker`."""

    def __init__(
        self,
        doc,
        lex: Lexicon,
        people: People,
        salience: Salience,
        entities: Sequence[EntityRow],
        paragraph_bounds: Callable[[int], tuple[int, int]],
    ):
        """``entities``: the Doc's entities (:func:`entity_rows`); ``paragraph_bounds``: the
        ``(start, end)`` characters of the paragraph holding a character offset."""
        self.table = doc_table(doc)
        self.text = self.table.doc_text
        self.lex = lex
        self.people = people
        self.salience = salience
        self.paragraph_bounds = paragraph_bounds
        # the PERSON entity covering each token (None outside one); the other named groups by root
        self.person_at: list[EntityRow | None] = [None] * self.table.n
        self.group_by_root: dict[int, EntityRow] = {}
        for row in entities:
            if row.label == "PERSON":
                self.person_at[row.start : row.end] = [row] * (row.end - row.start)
            elif row.label in {"ORG", "NORP", "GPE", "FAC"}:
                self.group_by_root[row.root] = row
        self._resolved: dict[int, Speaker] = {}

    def np_indices(self, head: int) -> list[int]:
        """The core of the noun phrase of token ``head``: the head with its modifiers, minus
        clauses and PPs, kept within the head's paragraph; token indices in order."""
        table = self.table
        children, dep = table.children, table.dep
        keep = [head]
        # the head's own "of" phrase stays ("the president of Mexico"); deeper PPs do not
        todo = [c for c in children[head] if dep[c] not in NP_SKIP or (dep[c] == "prep" and table.lower[c] == "of")]
        while todo:
            i = todo.pop()
            keep.append(i)
            todo.extend(c for c in children[i] if dep[c] not in NP_SKIP)
        p_start, p_end = self.paragraph_bounds(table.idx[head])
        idx = table.idx
        return [i for i in sorted(keep) if p_start <= idx[i] < p_end]

    def _is_person(self, i: int) -> bool:
        """Token ``i`` is a proper noun that names a person of the article (``Rubio``)."""
        table = self.table
        return table.pos[i] == "PROPN" and clean_name(table.text[i]).lower() in self.people.canonical_by_last

    def resolve(self, head: int | None) -> Speaker:
        """The speaker a subject (or holder) token, by index, stands for.

        Remembered per token: the salience pass and the cues ask for the same subjects, and
        the answer cannot change (the salience state only grows after the token). Callers
        share the returned :class:`Speaker` and must not modify it.
        """
        if head is None:
            return Speaker()
        speaker = self._resolved.get(head)
        if speaker is None:
            speaker = self._resolved[head] = self._resolve(head)
        return speaker

    def _resolve(self, h: int) -> Speaker:
        table = self.table
        lower, pos, word = table.lower[h], table.pos[h], table.text[h]
        if pos == "PRON" or lower in PERSON_PRONOUNS:
            if lower in RELATIVE_PRONOUNS and table.dep[table.head[h]] == "relcl":
                return self.resolve(table.head[table.head[h]])
            if lower in PERSON_PRONOUNS or lower in {"he", "she"}:
                name = self.salience.before(table.idx[h])
                return Speaker(name, "named" if name else "unknown", table.idx[h], table.end[h], word, "pronoun")
            return Speaker(None, "unknown", table.idx[h], table.end[h], word, None)
        tokens = self.np_indices(h)
        start, end = table.idx[tokens[0]], table.end[tokens[-1]]
        text = self.text
        span_text = text[start:end]
        lemma = table.lemma_lower[h]
        titles = self.lex.titles
        # a person named in the phrase: the entity containing the head, else (entities do not
        # overlap) the first one in the phrase that a title heads or that is the head's apposition
        person = self.person_at[h]
        if person is None:
            is_title = lemma in titles
            for i in tokens:
                row = self.person_at[i]
                if row is not None and (is_title or (table.dep[row.root] == "appos" and table.head[row.root] == h)):
                    person = row
                    break
        if person is not None:
            name = self.people.canonical(person.text) or clean_name(person.text)
            return Speaker(name, "named", person.start_char, person.end_char, person.text, "name")
        if self._is_person(h):
            name = self.people.canonical(word)
            return Speaker(name, "named", table.idx[h], table.end[h], word, "name")
        for i in tokens:
            if (table.dep[i] == "appos" or lemma in titles) and self._is_person(i):
                name = self.people.canonical(table.text[i])
                return Speaker(name, "named", table.idx[i], table.end[i], table.text[i], "name")
        if lemma in titles and h + 1 < table.n and self._is_person(h + 1):
            # "judge Boasberg" parsed as two subjects
            return Speaker(
                self.people.canonical(table.text[h + 1]),
                "named",
                table.idx[h],
                table.end[h + 1],
                text[table.idx[h] : table.end[h + 1]],
                "name",
            )
        # a definite title: "the judge", "the Salvadoran president", "the president of El Salvador"
        determiners = {table.lower[c] for c in table.children[h] if table.dep[c] in {"det", "poss"}}
        if lemma in titles and (determiners & {"the", "this", "that"} or not determiners):
            modifiers = {
                table.text[i].lower() for i in table.subtree(h) if i != h and table.pos[i] in {"ADJ", "PROPN", "NOUN"}
            }
            name = self.people.by_title(lemma, modifiers, table.idx[h])
            if name:
                return Speaker(name, "named", start, end, span_text, "title")
        # a named organisation or group: the first whose root is in the phrase
        org = next((self.group_by_root[i] for i in tokens if i in self.group_by_root), None)
        if org is not None and (pos == "PROPN" or org.root == h):
            return Speaker(clean_name(org.text), "named", org.start_char, org.end_char, org.text, "name")
        if pos == "PROPN" and word[:1].isupper():
            name = clean_name(text[start:end])
            return Speaker(name, "named", start, end, span_text, "name")
        source_type = self.lex.source_nouns.get(lemma) or self.lex.source_nouns.get(lower)
        if source_type:
            return Speaker(None, source_type, start, end, span_text, None)
        if lemma in titles:
            return Speaker(None, "anonymous", start, end, span_text, None)
        if pos in {"NOUN", "PROPN", "PRON"}:
            return Speaker(None, "unknown", start, end, span_text, None)
        return Speaker()


def subject_of(table: DocTable, verb: int) -> int | None:
    """The subject of token ``verb`` (an index), climbing to governing verbs for participles
    and infinitives."""
    children, dep = table.children, table.dep
    i = verb
    for _ in range(5):
        for child in children[i]:
            if dep[child] == "agent":
                for grandchild in children[child]:
                    if dep[grandchild] == "pobj":
                        return grandchild
        passive = any(dep[child] in {"auxpass", "nsubjpass"} for child in children[i])
        for child in children[i]:
            if dep[child] in SUBJECT_DEPS and not (passive and dep[child] == "nsubjpass"):
                return child
        if passive:
            return None  # "X has been criticized": the patient is not the speaker
        if dep[i] in {"acl", "amod", "ROOT", "relcl"} or table.head[i] == i:
            return None
        if dep[i] not in CLIMB_DEPS and dep[i] != "pobj":
            return None
        i = table.head[i]
    return None


def possible_cues(ctx: _Context) -> list[int]:
    """The tokens that may introduce indirect speech (:func:`could_be_cue`), in order; a first
    pass keeps the words whose lemma is a cue, ``according`` and the verbs with a particle."""
    table = ctx.table
    cue_lemmas = ctx.lex.verbs.keys() | NOUN_CUES.keys()
    first = {i for i, lemma in enumerate(table.lemma_lower) if lemma in cue_lemmas}
    first.update(i for i, word in enumerate(table.lower) if word == "according")
    first.update(table.head[i] for i, dep in enumerate(table.dep) if dep == "prt")
    return [i for i in sorted(first) if could_be_cue(ctx, i)]


def could_be_cue(ctx: _Context, i: int) -> bool:
    """Token ``i`` may introduce indirect speech: ``according``, a cue noun (``claim``), or a verb
    whose lemma is a reporting verb or that has a particle (``point out``). A quick test on the
    token table before the real rules."""
    table = ctx.table
    if table.lower[i] == "according":
        return True
    pos, lemma = table.pos[i], table.lemma_lower[i]
    if pos == "NOUN" and lemma in NOUN_CUES:
        return True
    if pos not in {"VERB", "AUX"} and not table.tag[i].startswith("VB"):
        return False
    return lemma in ctx.lex.verbs or any(table.dep[child] == "prt" for child in table.children[i])


def cue_lemma(table: DocTable, i: int, lex: Lexicon) -> str | None:
    """The lexicon entry token ``i`` is a cue for (``point out`` before ``point``), or None."""
    if table.pos[i] not in {"VERB", "AUX"} and not (table.tag[i].startswith("VB")):
        return None
    if table.dep[i] == "amod" or (i > 1 and table.text[i - 1] == "-" and table.lower[i - 2] == "so"):
        return None  # "so-called", "the claimed victory"
    lemma = table.lemma_lower[i]
    for child in table.children[i]:
        if table.dep[child] == "prt":
            phrase = f"{lemma} {table.lower[child]}"
            if phrase in lex.verbs:
                return phrase
    if lemma in lex.verbs:
        return lemma
    return None


# --------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for line in text.splitlines(keepends=True):
        bounds.append((start, start + len(line)))
        start += len(line)
    return bounds or [(0, 0)]


class _Context:
    """What every step of the extractor reads about one Doc: token table, text, quotation
    regions, paragraphs, entities, people, salience and the speaker resolver. Tokens are
    passed around by index (``doc[i]`` makes a new Token object on each access)."""

    def __init__(self, doc, lex: Lexicon):
        self.doc = doc
        self.table = doc_table(doc)
        self.text = self.table.doc_text
        self.lex = lex
        self.regions: list[QuoteRegion] = find_quotes(self.text)
        self.region_starts = [r.start for r in self.regions]
        self.paragraphs = _paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.has_parse = doc.has_annotation("DEP")
        # read once (Doc.ents builds new Spans on each access; Span.root and Span.text are not free)
        self.entities = entity_rows(doc, self.table)
        self.people = People(doc, lex, self.entities)
        self.salience = Salience()
        self.resolver = Resolver(doc, lex, self.people, self.salience, self.entities, self.paragraph_bounds)

    def in_quote(self, offset: int) -> int | None:
        k = bisect.bisect_right(self.region_starts, offset) - 1
        if k >= 0 and self.regions[k].start <= offset < self.regions[k].end:
            return k
        return None

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the paragraph holding character ``offset``."""
        return self.paragraphs[self.paragraph_of(offset)]

    def indices_between(self, start: int, end: int) -> list[int]:
        """The tokens inside ``[start, end)`` and outside quotes, as indices."""
        if start >= end:
            return []
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return []
        idx = self.table.idx
        return [i for i in range(span.start, span.end) if self.in_quote(idx[i]) is None]


def build_salience(ctx: _Context) -> None:
    """Record person subjects outside quotes, in order (pronouns resolved on the way)."""
    if not ctx.has_parse:
        for ent in ctx.entities:
            name = ctx.people.canonical(ent.text) if ent.label == "PERSON" else None
            if name and ctx.in_quote(ent.start_char) is None:
                ctx.salience.add(ent.start_char, name)
        return
    table = ctx.table
    subjects = [i for i, dep in enumerate(table.dep) if dep in SUBJECT_DEPS]
    for i in subjects:
        if ctx.in_quote(table.idx[i]) is not None:
            continue
        if table.pos[i] == "PRON" and table.lower[i] not in {"he", "she"}:
            continue
        speaker = ctx.resolver.resolve(i)
        if speaker.name and speaker.type == "named" and speaker.resolved_by in {"name", "pronoun", "title"}:
            if speaker.resolved_by == "name" and not ctx.people.canonical(speaker.name):
                continue  # organisations do not become "he"
            ctx.salience.add(table.idx[i], speaker.name)


def _frame_before(ctx: _Context, k: int) -> tuple[int, int]:
    region = ctx.regions[k]
    p_start = ctx.paragraphs[ctx.paragraph_of(region.start)][0]
    start = p_start
    if k > 0 and ctx.regions[k - 1].end > start:
        start = ctx.regions[k - 1].end
    chunk = ctx.text[start : region.start]
    ends = [m.end() for m in SENT_END.finditer(chunk)]
    if ends:
        start += ends[-1]
    return start, region.start


def _frame_after(ctx: _Context, k: int) -> tuple[int, int]:
    region = ctx.regions[k]
    p_end = ctx.paragraphs[ctx.paragraph_of(max(region.end - 1, region.start))][1]
    end = p_end
    if k + 1 < len(ctx.regions) and ctx.regions[k + 1].start < end:
        end = ctx.regions[k + 1].start
    chunk = ctx.text[region.end : end]
    match = SENT_END.search(chunk)
    if match:
        end = region.end + match.start() + 1
    return region.end, end


def quote_type(ctx: _Context, k: int) -> str:
    region = ctx.regions[k]
    content = region.content(ctx.text).strip()
    b_start, b_end = _frame_before(ctx, k)
    before = ctx.text[b_start:b_end].rstrip()
    if not before or before.endswith((":", ",", "—", "–")):
        if not before or before.endswith(":") or content[:1].isupper() or len(content.split()) > 6:
            return "direct"
        if ctx.has_parse and _verb_candidates(ctx, b_start, b_end):
            return "direct"  # "...," he said, "and ..."
    words = content.split()
    if content[:1].isupper() and len(words) >= 5 and content.rstrip("”\"’' ").endswith((".", "!", "?", ",")):
        return "direct"
    if not before and len(words) >= 3:
        return "direct"
    return "partial"


def _verb_candidates(ctx: _Context, start: int, end: int) -> list[int]:
    """The cue verbs inside ``[start, end)`` and outside quotes, as indices."""
    return [i for i in ctx.indices_between(start, end) if cue_lemma(ctx.table, i, ctx.lex)]


def find_direct_cue(ctx: _Context, k: int) -> int | None:
    """The reporting verb (token index) introducing direct quote ``k``, or None."""
    region = ctx.regions[k]
    table = ctx.table
    content = region.content(ctx.text).rstrip()
    a_start, a_end = _frame_after(ctx, k)
    b_start, b_end = _frame_before(ctx, k)
    after = _verb_candidates(ctx, a_start, a_end)
    before = _verb_candidates(ctx, b_start, b_end)
    after_text = ctx.text[a_start:a_end].strip()
    before_text = ctx.text[b_start:b_end].rstrip()
    after_first = content.endswith((",", "?", "!", "—", "–")) or after_text.startswith((",", "—", "–"))
    ordered: list[int] = []
    if after_first or not before_text:
        ordered = after[:1] + before[::-1]
    elif before_text.endswith((":", ",")):
        ordered = before[::-1] + after[:1]
    else:
        # nearest verb on either side
        scored = [(table.idx[t] - region.end, t) for t in after] + [(region.start - table.idx[t], t) for t in before]
        ordered = [t for _, t in sorted(scored, key=lambda item: item[0])]
    # prefer a verb that has a subject (or climbs to one)
    for tok in ordered:
        if subject_of(table, tok) is not None:
            return tok
    return ordered[0] if ordered else None


def find_partial_cue(ctx: _Context, k: int) -> int | None:
    """The reporting verb (token index) governing partial quote ``k``, or None.

    Preference: a reporting verb above the quote in the parse that precedes it in the same
    paragraph (``calling him "..."``), then the nearest reporting verb before the quote in its
    sentence, then one above it that follows it (``"...", critics argue``).
    """
    region = ctx.regions[k]
    span = ctx.doc.char_span(region.content_start, region.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    table = ctx.table
    head, dep, idx = table.head, table.dep, table.idx
    para = ctx.paragraph_of(region.start)
    inside = range(span.start, span.end)
    chain: list[int] = []
    for top in [i for i in inside if head[i] not in inside or head[i] == i]:
        came_by, tok = dep[top], head[top]
        for _ in range(12):
            if tok in inside:
                break
            lemma = cue_lemma(table, tok, ctx.lex) if ctx.in_quote(idx[tok]) is None else None
            if lemma and not (came_by == "xcomp" and lemma not in INFINITIVE_CUES) and tok not in chain:
                chain.append(tok)
            if head[tok] == tok:  # the root
                break
            came_by, tok = dep[tok], head[tok]
    same_para = [t for t in chain if ctx.paragraph_of(idx[t]) == para]
    before = [t for t in same_para if idx[t] < region.start]
    if before:
        return before[0]
    b_start, b_end = _frame_before(ctx, k)
    nearby = _verb_candidates(ctx, b_start, b_end)
    if nearby:
        return nearby[-1]
    return same_para[0] if same_para else None


def speaker_for_cue(ctx: _Context, cue: int) -> Speaker:
    """The speaker of cue verb ``cue`` (an index): its subject, kept within the cue's paragraph."""
    idx = ctx.table.idx
    subj = subject_of(ctx.table, cue)
    if subj is not None and ctx.paragraph_of(idx[subj]) != ctx.paragraph_of(idx[cue]):
        subj = _local_subject(ctx, cue)
    return ctx.resolver.resolve(subj)


def _local_subject(ctx: _Context, cue: int) -> int | None:
    """When the parse runs across a headline: the first person (or noun) of the cue's paragraph."""
    cue_at = ctx.table.idx[cue]
    p_start = ctx.paragraph_bounds(cue_at)[0]
    for ent in ctx.entities:
        if ent.label == "PERSON" and p_start <= ent.start_char < cue_at and ctx.in_quote(ent.start_char) is None:
            return ent.root
    nouns = [i for i in ctx.indices_between(p_start, cue_at) if ctx.table.pos[i] in {"NOUN", "PROPN", "PRON"}]
    return nouns[0] if nouns else None


def according_to(ctx: _Context, i: int) -> int | None:
    """``according to X``: the index of ``X`` when token ``i`` is ``according``, else None."""
    table = ctx.table
    if table.lower[i] != "according":
        return None
    for child in table.children[i]:
        if table.lower[child] == "to":
            for grandchild in table.children[child]:
                if table.dep[grandchild] == "pobj":
                    return grandchild
    if i + 1 < table.n and table.lower[i + 1] == "to":
        for grandchild in table.children[i + 1]:
            if table.dep[grandchild] == "pobj":
                return grandchild
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _with_cue(att: Attribution, ctx: _Context, i: int, lemma: str | None = None) -> None:
    """Set the cue of ``att``: token ``i``, its lexicon entry (or ``lemma``), class and kind."""
    att.cue = lemma or cue_lemma(ctx.table, i, ctx.lex)
    att.cue_start, att.cue_end = ctx.table.idx[i], ctx.table.end[i]
    att.verb_class = ctx.lex.verb_class(att.cue)
    att.cue_kind = ctx.lex.kinds.get(att.cue or "", "speech" if att.cue == "according to" else None)


def extract_attributions(
    doc,
    lex: Lexicon,
    include_indirect: bool = True,
    include_thought: bool = True,
    scare_quote_max_words: int = 4,
    broad: bool = False,
) -> list[Attribution]:
    """All attributions in ``doc`` (quotes first by position, then indirect speech)."""
    text = doc_table(doc).doc_text
    if not text.strip():
        return []
    ctx = _Context(doc, lex)
    if ctx.has_parse:
        build_salience(ctx)
    found: list[Attribution] = []
    used_cues: set[int] = set()
    for k, region in enumerate(ctx.regions):
        start, end = region.content_start, region.content_end
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        qtype = quote_type(ctx, k)
        att = Attribution(start, end, qtype, region=k)
        if ctx.has_parse:
            cue = find_direct_cue(ctx, k) if qtype == "direct" else find_partial_cue(ctx, k)
            if cue is None and qtype == "partial":
                cue = find_direct_cue(ctx, k) if _adjacent_cue(ctx, k) else None
            if cue is not None:
                _with_cue(att, ctx, cue)
                used_cues.add(cue)
                att.speaker = speaker_for_cue(ctx, cue)
                if qtype == "partial":
                    att.clause = _clause_of(ctx, cue, region)
        else:
            cue_tok = _cue_without_parse(ctx, k)
            if cue_tok is not None:
                att.cue, att.cue_start, att.cue_end = cue_tok
                att.verb_class = lex.verb_class(att.cue)
                att.cue_kind = lex.kinds.get(att.cue)
        found.append(att)
    _inherit_from_block(ctx, found)
    for att in found:
        short = len(text[att.start : att.end].split()) <= scare_quote_max_words
        if att.type == "partial" and att.cue is None and att.speaker.name is None and short:
            att.kind = "scare_quote"
    if include_indirect and ctx.has_parse:
        found.extend(_indirect(ctx, used_cues, include_thought, broad))
        found.extend(_colon_lines(ctx, found))
    found.sort(key=lambda a: (a.start, a.end))
    return found


COLON_LINE = re.compile(r"[ \t]*([A-Z][^:\n]{1,40}?):[ \t]+(\S[^\n]*)")


def _colon_lines(ctx: _Context, found: list[Attribution]) -> list[Attribution]:
    """``Trump: Clinton 'not fit to serve'`` (headlines) and ``PENCE: Well, ...`` (transcripts)."""
    out = []
    for p_start, p_end in ctx.paragraphs:
        match = COLON_LINE.match(ctx.text, p_start, p_end)
        if match is None:
            continue
        prefix = match.group(1).strip()
        s_start = match.start(1)
        s_end = s_start + len(prefix)
        speaker = None
        if prefix.isupper() and len(prefix.split()) <= 3 and prefix.replace(" ", "").replace(".", "").isalpha():
            name = ctx.people.canonical(prefix.title()) or prefix.title()
            speaker = Speaker(name, "named", s_start, s_end, prefix, "name")
        else:
            ent = next((e for e in ctx.entities if e.start_char == s_start and e.end_char in (s_end, s_end - 2)), None)
            if ent is not None and ent.label in {"PERSON", "ORG", "NORP", "GPE"}:
                name = ctx.people.canonical(ent.text) if ent.label == "PERSON" else clean_name(ent.text)
                speaker = Speaker(name or clean_name(ent.text), "named", ent.start_char, ent.end_char, ent.text, "name")
        if speaker is None:
            continue
        start, end = _trim(ctx.text, match.start(2), p_end)
        if end - start < 3:
            continue
        if _mostly_quoted(ctx, start, end):
            for att in found:
                if start <= att.start < end and att.speaker.name is None and att.type == "direct":
                    att.speaker = speaker
                    att.cue, att.cue_start, att.cue_end = ":", match.end(1), match.end(1) + 1
                    att.verb_class, att.cue_kind = "neutral", "speech"
            continue
        att = Attribution(start, end, "indirect", speaker=speaker)
        colon = match.end(1)
        att.cue, att.cue_start, att.cue_end = ":", colon, colon + 1
        att.verb_class, att.cue_kind = "neutral", "speech"
        out.append(att)
    return out


def _clause_of(ctx: _Context, cue: int, region: QuoteRegion) -> tuple[int, int] | None:
    """The complement of cue ``cue`` (an index) that contains a partial quote (``described the
    field as "..."``)."""
    span = ctx.doc.char_span(region.content_start, region.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    table = ctx.table
    head, dep = table.head, table.dep
    tok = span.root.i
    for _ in range(20):
        if head[tok] in (tok, cue):
            break
        tok = head[tok]
    if head[tok] != cue or dep[tok] in SUBJECT_DEPS or dep[tok] in {"punct", "aux", "neg"}:
        return None
    tokens = table.subtree(tok)
    if dep[tok] in {"oprd", "prep"} and tok > cue:
        obj = next((c for c in table.children[cue] if dep[c] == "dobj" and c < tok), None)
        if obj is not None:
            tokens = table.subtree(obj) + tokens
    p_start, p_end = ctx.paragraph_bounds(table.idx[cue])
    start = max(min(table.idx[t] for t in tokens), p_start)
    end = min(max(table.end[t] for t in tokens), p_end)
    start, end = _trim(ctx.text, start, end)
    if end <= start or start > region.content_start or end < region.content_end:
        return None
    return start, end


def _adjacent_cue(ctx: _Context, k: int) -> bool:
    a_start, a_end = _frame_after(ctx, k)
    return ctx.text[a_start:a_end].lstrip().startswith(",")


def _cue_without_parse(ctx: _Context, k: int):
    """Without a parser: the first word around the quote whose form looks like a lexicon verb."""
    for start, end in (_frame_after(ctx, k), _frame_before(ctx, k)):
        for match in re.finditer(r"[A-Za-z]+", ctx.text[start:end]):
            word = match.group(0).lower()
            forms = (
                IRREGULAR.get(word, ""),
                word,
                word[:-1],
                word[:-2],
                word[:-3],
                word[:-1] if word.endswith("ed") else "",
            )
            for lemma in forms:
                if lemma and lemma in ctx.lex.verbs and ctx.lex.kinds.get(lemma) == "speech":
                    return lemma, start + match.start(), start + match.end()
    return None


def _inherit_from_block(ctx: _Context, found: list[Attribution]) -> None:
    """A quote without a cue continues the quote block before it and takes its speaker."""
    prev: Attribution | None = None
    for att in found:
        if att.cue is None and att.speaker.name is None and prev is not None and prev.speaker.type != "unknown":
            region = ctx.regions[att.region]  # type: ignore[index]
            prev_region = ctx.regions[prev.region]  # type: ignore[index]
            para, prev_para = ctx.paragraph_of(region.start), ctx.paragraph_of(prev_region.end - 1)
            between = [ctx.paragraphs[p] for p in range(prev_para + 1, para)]
            blank_between = all(not ctx.text[a:b].strip() for a, b in between)
            writer_words = [i for i in ctx.indices_between(prev_region.end, region.start) if ctx.table.is_alpha[i]]
            continuation = prev_region.continues or (blank_between and len(writer_words) <= 12)
            if att.type == "direct" and continuation:
                att.speaker = Speaker(
                    prev.speaker.name,
                    prev.speaker.type,
                    prev.speaker.start,
                    prev.speaker.end,
                    prev.speaker.text,
                    "context",
                )
                att.cue, att.cue_start, att.cue_end = prev.cue, prev.cue_start, prev.cue_end
                att.verb_class, att.cue_kind = prev.verb_class, prev.cue_kind
                att.inherited = True
        if att.type == "direct":
            prev = att


def _indirect(ctx: _Context, used_cues: set[int], include_thought: bool, broad: bool = False) -> list[Attribution]:
    out: list[Attribution] = []
    table, text = ctx.table, ctx.text
    for i in possible_cues(ctx):
        if ctx.in_quote(table.idx[i]) is not None:
            continue
        pobj = according_to(ctx, i)
        if pobj is not None:
            clause = table.head[i]
            while table.dep[clause] in {"prep", "pcomp"} and table.head[clause] != clause:
                clause = table.head[clause]
            if table.lower[table.head[i]] == "to":
                continue
            pp = set(table.subtree(i))
            if table.pos[clause] != "ADP":
                sent_start, sent_end = table.sents[table.sent_of[clause]]
                tokens = [t for t in range(sent_start, sent_end) if t not in pp and not table.is_punct[t]]
            else:
                tokens = []
            if tokens:
                # the contiguous side of the sentence next to the "according to" phrase
                left = [t for t in tokens if t < i]
                right = [t for t in tokens if t > max(pp)]
                side = right if len(right) >= len(left) else left
                if len(side) >= 3:
                    start, end = _trim(text, table.idx[side[0]], table.end[side[-1]])
                    att = Attribution(start, end, "indirect")
                    _with_cue(att, ctx, i, "according to")
                    if i + 1 < table.n:
                        att.cue_end = table.end[i + 1]
                    att.speaker = ctx.resolver.resolve(pobj)
                    out.append(att)
            continue
        lemma = cue_lemma(table, i, ctx.lex)
        if lemma is None:
            if table.pos[i] == "NOUN" and table.lemma_lower[i] in NOUN_CUES:
                att = _noun_cue(ctx, i)
                if att is not None:
                    out.append(att)
            continue
        kind = ctx.lex.kinds.get(lemma)
        if kind == "thought" and not include_thought:
            continue
        if kind == "thought" and not _third_party_subject(ctx, i):
            continue  # the writer's own "I know", "we want"; subjectless "know"
        comps = [c for c in table.children[i] if table.dep[c] == "ccomp"]
        if not comps and lemma in INFINITIVE_CUES:
            comps = [c for c in table.children[i] if table.dep[c] == "xcomp"]
        if not comps:
            if broad:
                att = _broad(ctx, i, lemma)
                if att is not None:
                    out.append(att)
            continue
        comp = comps[0]
        sub = table.subtree(comp)
        if len(sub) < 3:
            continue
        p_start, p_end = ctx.paragraph_bounds(table.idx[i])
        start, end = max(table.idx[sub[0]], p_start), min(table.end[sub[-1]], p_end)
        if comp > i and EXTEND_TO_SENT_END:
            sent_start, sent_end = table.sents[table.sent_of[i]]
            tail = [j for j in range(max(sub[-1] + 1, sent_start), sent_end) if not table.is_punct[j]]
            # the rest of the sentence depends on the verb or on the content: it is content too
            inside = {*tail, *sub, i}
            if tail and all(table.head[j] in inside for j in tail):
                end = min(max(end, table.end[tail[-1]]), p_end)
            else:
                # "threatened to make him testify ..., should he fail to ...": the verb's later modifiers
                for child in table.children[i]:
                    if child > i and child > sub[-1] and table.dep[child] in {"advcl", "prep", "npadvmod"}:
                        end = min(max(end, table.end[max(table.subtree(child))]), p_end)
        if comp < i:
            # "Content, the source added.": the content runs from the sentence start to the
            # comma before the source (the parse often attaches only part of it)
            subj = subject_of(table, i)
            if subj is not None and subj < i:
                stop = min(ctx.doc[subj].left_edge.idx, table.idx[i])
            else:
                stop = table.idx[i]
            sent_start = max(table.idx[table.sents[table.sent_of[i]][0]], p_start)
            prev_quote = max((r.end for r in ctx.regions if sent_start <= r.end <= stop), default=None)
            if prev_quote is None and stop > sent_start:
                start, end = sent_start, stop
        start, end = _trim(text, start, end)
        if len(text[start:end].split()) < 3:
            continue
        while end > start and text[end - 1] in ".":
            end -= 1
        if end <= start:
            continue
        # content that is a direct quote is already covered
        k = ctx.in_quote(start)
        if k is not None and ctx.regions[k].end >= end:
            continue
        if _mostly_quoted(ctx, start, end):
            continue
        att = Attribution(start, end, "indirect")
        _with_cue(att, ctx, i)
        att.speaker = speaker_for_cue(ctx, i)
        out.append(att)
    return out


def _broad(ctx: _Context, verb: int, lemma: str) -> Attribution | None:
    """A stance or topic attribution: ``X cited Y``, ``X backed Y``, ``X complained about Y``."""
    if lemma in NOT_BROAD or ctx.lex.kinds.get(lemma) == "evidence":
        return None
    table = ctx.table
    subj = subject_of(table, verb)
    if subj is None or table.lower[subj] in RELATIVE_PRONOUNS:
        return None
    children, dep = table.children, table.dep
    found = next((c for c in children[verb] if dep[c] in {"dobj", "oprd"}), None)
    if found is None:
        for prep in children[verb]:
            if dep[prep] == "prep" and table.lower[prep] in TOPIC_PREPS:
                found = next((c for c in children[prep] if dep[c] in {"pobj", "pcomp"}), None)
                if found is not None:
                    break
    if found is None or table.pos[found] == "PRON":
        return None
    tokens = table.subtree(found)
    if dep[found] in {"dobj", "oprd"}:
        # the rest of the verb phrase: "accused the GOP of stoking ...", "cited X as a reason to ..."
        obj_para = ctx.paragraph_of(table.idx[found])
        for child in children[verb]:
            if child > found and dep[child] in VP_RIGHTS and ctx.paragraph_of(table.idx[child]) == obj_para:
                tokens += table.subtree(child)  # a right child (after the object, after the verb)
    start = min(table.idx[t] for t in tokens)
    end = max(table.end[t] for t in tokens)
    p_start, p_end = ctx.paragraph_bounds(table.idx[verb])
    start, end = _trim(ctx.text, max(start, p_start), min(end, p_end))
    while end > start and ctx.text[end - 1] in ".":
        end -= 1
    if end <= start or (ctx.in_quote(start) is not None and ctx.in_quote(end - 1) == ctx.in_quote(start)):
        return None
    att = Attribution(start, end, "indirect")
    _with_cue(att, ctx, verb)
    att.cue_kind = "topic"
    att.speaker = speaker_for_cue(ctx, verb)
    if att.speaker.type == "unknown" and DROP_UNKNOWN_TOPIC:
        return None  # "the legal challenges highlight ...": no speaker, no attribution
    return att


def _noun_cue(ctx: _Context, noun: int) -> Attribution | None:
    """``his claim that ...``, ``Trump's insistence that ...``, ``a statement from X that ...``."""
    table = ctx.table
    children, dep = table.children, table.dep
    comp = next((c for c in children[noun] if dep[c] in {"acl", "ccomp", "relcl"} and _has_that(ctx, c)), None)
    if comp is None:
        return None
    sub = table.subtree(comp)
    p_start, p_end = ctx.paragraph_bounds(table.idx[noun])
    start, end = _trim(ctx.text, max(table.idx[sub[0]], p_start), min(table.end[sub[-1]], p_end))
    if len(ctx.text[start:end].split()) < 3 or _mostly_quoted(ctx, start, end):
        return None
    holder = next((c for c in children[noun] if dep[c] == "poss"), None)
    if holder is None:
        for prep in children[noun]:
            if dep[prep] == "prep" and table.lower[prep] in {"by", "from", "of"}:
                holder = next((c for c in children[prep] if dep[c] == "pobj"), None)
                if holder is not None:
                    break
    if holder is None and dep[noun] in {"dobj", "pobj"}:
        verb = table.head[noun] if dep[noun] == "dobj" else table.head[table.head[noun]]
        holder = subject_of(table, verb) if table.pos[verb] in {"VERB", "AUX"} else None
    lemma = table.lemma_lower[noun]
    att = Attribution(start, end, "indirect")
    att.cue, att.cue_start, att.cue_end = lemma, table.idx[noun], table.end[noun]
    att.verb_class = ctx.lex.verb_class(NOUN_CUES[lemma]) or "neutral"
    att.cue_kind = "speech"
    att.speaker = ctx.resolver.resolve(holder)
    return att


def _has_that(ctx: _Context, clause: int) -> bool:
    """Clause ``clause`` is introduced by ``that``."""
    table = ctx.table
    if any(table.dep[c] == "mark" and table.lower[c] == "that" for c in table.children[clause]):
        return True
    return ctx.doc[clause].left_edge.lower_ == "that"


def _third_party_subject(ctx: _Context, verb: int) -> bool:
    """Verb ``verb`` has a subject other than the writer or reader (``I``, ``we``, ``you``)."""
    table = ctx.table
    subj = subject_of(table, verb)
    if subj is None:
        return False
    if table.lower[subj] in {"i", "we", "you", "me", "us"}:
        return False
    comp = next((c for c in table.children[verb] if table.dep[c] in {"ccomp", "xcomp"}), None)
    # not "knew what was up", "see how it goes"
    return not (comp is not None and ctx.doc[comp].left_edge.tag_ in {"WP", "WRB", "WDT"})


def _mostly_quoted(ctx: _Context, start: int, end: int) -> bool:
    quoted = 0
    for region in ctx.regions:
        lo, hi = max(start, region.start), min(end, region.end)
        if hi > lo:
            quoted += hi - lo
    return quoted >= 0.6 * (end - start)


def load_lexicon(verb_lines: Iterable[str], noun_lines: Iterable[str], title_lines: Iterable[str]) -> Lexicon:
    """Build a :class:`Lexicon` from the lines of the three data files."""
    lex = Lexicon()
    add_verb_lines(lex, verb_lines)
    for line in noun_lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        lex.source_nouns[parts[0].strip().lower()] = parts[1].strip() if len(parts) > 1 else "anonymous"
    for line in title_lines:
        line = line.strip()
        if line and not line.startswith("#"):
            lex.titles.add(line.lower())
    return lex


def add_verb_lines(lex: Lexicon, lines: Iterable[str]) -> None:
    """Add ``lemma<TAB>class<TAB>kind`` lines (later entries override earlier ones)."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        lemma = parts[0].lower()
        lex.verbs[lemma] = parts[1] if len(parts) > 1 and parts[1] else "neutral"
        lex.kinds[lemma] = parts[2] if len(parts) > 2 and parts[2] else "speech"


def summarize_counts(items: Mapping[str, int]) -> dict[str, int]:
    return {key: int(value) for key, value in sorted(items.items())}
