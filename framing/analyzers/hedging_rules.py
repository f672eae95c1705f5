"""The hedging algorithm: lexicon matches filtered by context rules over the dependency parse.

Pure functions over a parsed spaCy ``Doc`` (no component state), so they can be unit-tested
and reused by the benchmark. :func:`find_cues` returns :class:`Cue` records (token offsets);
the component in :mod:`framing.analyzers.hedging` turns them into findings.

Rules, by cue type (see docs/hedging.md for the rationale and examples):

- ``modal``: ``may``/``might`` are epistemic; ``could`` is epistemic unless negated ("could
  not afford" is ability; "could not have known" stays epistemic); ``would`` is epistemic
  (hypothetical/conditional) unless it is the future-in-the-past of reported speech ("said he
  would sign"); optative "May God bless" is skipped; ``can``/``should``/``must``/``shall``/
  ``ought`` are root (ability/obligation) modals, typed ``root_modal`` and off by default.
- ``epistemic_verb``: needs a clausal complement ("suggesting that", "seems to"), a passive
  with a complement ("is believed to be"), or a parenthetical use ("I think"); "appeared in
  court", "think about", "believe me" are not hedges.
- ``approximator``: only directly before a quantity ("about 200", "up to 40,000", "some 20
  people"), never "about the court" or "some detainees".
- ``distancing_adjective``: attributive ("alleged criminals") or a participle with a complement
  ("immigrants alleged to be members", "suspected of").
- ``conditional``: ``if``/``unless``/``whether`` introducing a clause.
- ``attribution_distancing``: "according to"; distancing reporting verbs (``claim``, ``allege``,
  ``insist``...) with a clausal complement ("claimed that"), not "claimed responsibility".
- ``evidential_doubt``: "no evidence", "without proof", "unverified"; a bare "evidence" only
  when negated ("no specific evidence", "has not provided evidence").
- boosters: adverbs and phrases anywhere; adjectives only predicatively ("it is clear that",
  not "clear skies", not "make sure"); verbs (``prove``, ``show``, ``know``) only with a
  that-clause.

Negation: a negated hedge stays a hedge with ``negated=True`` ("not likely", "may not",
"I don't think"), except negated doubt ("no doubt", "I don't doubt"), a booster. A negated
booster ("not clear", "not proven", "we don't know whether") becomes a hedge of type
``negated_booster``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framing.analyzers.doc_table import DocTable, doc_table
from framing.analyzers.hedging_lexicon import Entry, Lexicon, normalize

#: Cue types that are off unless named in ``extra_cue_types`` (speculation-annotation schemes
#: such as the SFU Review corpus count them; news framing analysis usually should not).
OPTIONAL_CUE_TYPES = ("root_modal", "disjunction")

HEDGE_TYPES = (
    "modal",
    "epistemic_verb",
    "adverb",
    "epistemic_adjective",
    "epistemic_noun",
    "distancing_adjective",
    "approximator",
    "conditional",
    "attribution_distancing",
    "evidential_doubt",
    "negated_booster",
)
BOOSTER_TYPES = ("booster_adverb", "booster_adjective", "booster_phrase", "booster_verb", "negated_hedge")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REPORTING_VERBS = _words(
    """
    say tell state announce add write report claim insist promise warn predict explain note
    confirm declare vow pledge threaten indicate suggest argue assert maintain reply respond
    testify tweet post agree decide ask estimate expect believe think hope acknowledge admit
    """
)
NEGATORS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor", "hardly", "barely", "scarcely"})
PEOPLE_HEDGE_VERBS = _words(
    """
    allege suspect accuse believe say think report presume purport rumor rumour claim reput
    """
)
QUANTITY_WORDS = _words(
    """
    dozen dozens hundred hundreds thousand thousands million millions billion billions half
    third quarter percent score
    """
)
UNIT_AFTER_ARTICLE = _words(
    """
    dozen hundred thousand million billion half third quarter week month year decade day hour
    minute mile kilometer kilometre
    """
)
CLAUSAL = frozenset({"ccomp", "xcomp", "csubj"})
FIRST_PERSON = frozenset({"i", "we"})


@dataclass
class Cue:
    """One detected cue (token offsets, end exclusive)."""

    kind: str  # "hedge" | "booster"
    start: int
    end: int
    cue_type: str
    term: str
    negated: bool = False
    reading: str = ""  # modals: "epistemic", "ability", "obligation", "reported_future", ...
    scope: tuple[int, int] | None = None  # token offsets of the clause/phrase it scopes over


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def _norm(tok: Token) -> str:
    return normalize(tok.text)


def _lemma(tok: Token) -> str:
    return normalize(tok.lemma_) if tok.lemma_ else _norm(tok)


def _deps(tok: Token) -> set[str]:
    return {c.dep_ for c in tok.children}


def _is_neg(tok: Token) -> bool:
    return tok.dep_ == "neg" or _norm(tok) in NEGATORS


def _neg_child(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (_norm(c) in NEGATORS and c.dep_ in ("det", "advmod")) for c in tok.children)


def _prev_neg(doc: Doc, i: int, window: int = 2) -> bool:
    """A negator right before token i (skipping adverbs like "very", "entirely")."""
    j = i - 1
    while j >= 0 and i - j <= window:
        tok = doc[j]
        if _norm(tok) in NEGATORS:
            return True
        if tok.pos_ not in ("ADV", "PART", "AUX") or tok.is_punct:
            return False
        j -= 1
    return False


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _passive(tok: Token) -> bool:
    return bool(_deps(tok) & {"auxpass", "nsubjpass"})


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _phrase(tok: Token) -> tuple[int, int]:
    """The phrase a word heads, without coordinated phrases ("alleged X and violent Y" -> "alleged X")."""
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("conj", "cc", "appos", "punct", "relcl"):
            break
        right = child.right_edge.i
    left = tok.i
    for child in reversed(list(tok.lefts)):
        left = child.left_edge.i
    return left, right + 1


def _clip(doc: Doc, i: int, span: tuple[int, int]) -> tuple[int, int]:
    """Keep a scope inside the cue's sentence, without leading/trailing whitespace tokens."""
    table = doc_table(doc)
    sent_start, sent_end = table.sents[table.sent_of[i]] if table.sents else (0, table.n)
    start, end = max(span[0], sent_start), min(span[1], sent_end)
    while start < end and table.is_space[start]:
        start += 1
    while end > start and table.is_space[end - 1]:
        end -= 1
    return (start, end) if end > start else (i, i + 1)


def _clausal_child(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in CLAUSAL:
            return child
    return None


def _is_quantity(doc: Doc, j: int) -> bool:
    """Does a quantity start at token j ("200", "$6 million", "a dozen", "hundreds")?"""
    if j >= len(doc):
        return False
    tok = doc[j]
    if tok.like_num or tok.tag_ == "CD":
        return True
    if tok.tag_ == "$" or tok.text in "$€£":
        return j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].tag_ == "CD")
    if _norm(tok) in ("a", "an", "one") and j + 1 < len(doc):
        return _norm(doc[j + 1]) in UNIT_AFTER_ARTICLE
    return _norm(tok) in QUANTITY_WORDS


# ---------------------------------------------------------------------------------------
# Rules per cue type: return a Cue or None (not a hedge/booster in this context)
# ---------------------------------------------------------------------------------------


def _rule_modal(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and tok.tag_ != "MD":
        return None  # "May" the month, "can" the noun, "must" the noun
    word = {"'d": "would", "ca": "can", "sha": "shall"}.get(_norm(tok), _lemma(tok))
    if _norm(tok) == "'d":
        j = i + 1
        while j < len(doc) and doc[j].pos_ in ("ADV", "PART"):
            j += 1
        if j < len(doc) and doc[j].tag_ == "VBN":
            return None  # "'d" = had ("we'd never been told")
    head = tok.head if tok.head.i != tok.i else tok
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    negated = _neg_child(head) or (nxt is not None and _is_neg(nxt))
    scope = _subtree(head) if head is not tok else (i, end)

    def cue(cue_type: str, reading: str) -> Cue:
        return Cue("hedge", i, end, cue_type, entry.term, negated, reading, scope)

    if word in ("may", "might"):
        if word == "may" and any(c.dep_ == "nsubj" and c.i > tok.i for c in head.children):
            return None  # optative or question: "May God bless ...", "may I ask"
        return cue("modal", "epistemic")
    if word == "could":
        if negated:
            after = [t for t in doc[i + 1 : min(len(doc), i + 4)] if not _is_neg(t)]
            if not (after and _lemma(after[0]) == "have"):
                return cue("root_modal", "ability")  # "could not afford"
        return cue("modal", "epistemic")
    if word == "would":
        if head.dep_ == "ccomp" and _lemma(head.head) in REPORTING_VERBS and head.head.tag_ in ("VBD", "VBN", "VBG"):
            return cue("root_modal", "reported_future")  # "said he would sign"
        return cue("modal", "hypothetical")
    if word in ("can", "should", "must", "shall", "ought"):
        reading = {"can": "ability", "must": "obligation", "should": "obligation"}.get(word, "root")
        return cue("root_modal", reading)
    return cue("modal", "epistemic")


def _rule_epistemic_verb(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and not _is_verb(tok):
        return None
    lemma = _lemma(tok)
    deps = _deps(tok)
    clause = _clausal_child(tok)
    parenthetical = tok.dep_ == "parataxis" or "parataxis" in deps
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    first_person = any(_norm(s) in FIRST_PERSON for s in subj)
    expletive_it = any(_norm(s) == "it" for s in subj)
    ok = False
    if not has_parse or lemma == "seem":
        ok = True
    elif lemma == "appear":
        ok = bool(clause) or bool(deps & {"acomp", "attr", "oprd"}) or expletive_it
    elif lemma == "think":
        about = any(c.dep_ == "prep" and _norm(c) in ("about", "of", "through", "over") for c in tok.children)
        ok = not about and (bool(clause) or parenthetical or (first_person and "dobj" not in deps))
    elif lemma == "believe":
        can_not = any(_lemma(c) == "can" for c in tok.children) and _neg_child(tok)
        ok = not can_not and (bool(clause) or parenthetical)
    elif lemma == "expect":
        ok = ("ccomp" in deps) or (_passive(tok) and bool(clause or deps & {"oprd", "attr"}))
    elif lemma == "consider":
        # "is considered (to be) a threat", "I consider it likely"; not "considering the price"
        ok = (_passive(tok) and bool(clause or deps & {"oprd", "attr"})) or (first_person and bool(clause))
    elif lemma in ("suggest", "indicate", "imply"):
        ok = bool(clause) or "dobj" in deps or parenthetical
    elif lemma == "tend":
        ok = "xcomp" in deps
    elif lemma == "estimate":
        ok = bool(clause) or _passive(tok) or parenthetical
    else:
        ok = bool(clause) or parenthetical or (_passive(tok) and "prep" in deps)
    if not ok:
        return None
    negated = _neg_child(tok)
    if lemma == "doubt" and negated:
        return Cue("booster", i, end, "negated_hedge", entry.term, True, "", _scope_of_clause(tok))
    return Cue("hedge", i, end, "epistemic_verb", entry.term, negated, "", _scope_of_clause(tok))


def _scope_of_clause(tok: Token) -> tuple[int, int]:
    child = _clausal_child(tok)
    return _subtree(child) if child is not None else _subtree(tok)


def _rule_adverb(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    head = tok.head if tok.head.i != tok.i else tok
    negated = _prev_neg(doc, i) or entry.words[0] == "not"
    return Cue("hedge", i, end, "adverb", entry.term, negated, "", _subtree(head))


def _rule_epistemic_adjective(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and tok.pos_ not in ("ADJ", "NOUN") and not tok.tag_.startswith("JJ"):
        return None
    if _lemma(tok) == "possible" and has_parse:
        # epistemic only as "it is possible that ..." or before a noun ("a possible link");
        # "made possible", "the best way possible", "it is possible to overclock" are not
        that_clause = any(
            c.dep_ == "ccomp" and any(_norm(m) in ("that", "whether") for m in c.children) for c in tok.children
        )
        prenominal = tok.dep_ == "amod" and tok.head.i > tok.i
        superlative = i > 0 and (
            doc[i - 1].tag_ in ("JJS", "RBS") or _norm(doc[i - 1]) in ("as", "if", "best", "only", "all")
        )
        if not (that_clause or (prenominal and not superlative)):
            return None
    head = tok.head if tok.head.i != tok.i else tok
    negated = _neg_child(tok) or (head.lemma_ == "be" and _neg_child(head)) or _prev_neg(doc, i)
    scope = _subtree(_clausal_child(tok) or (head if tok.dep_ == "acomp" else tok))
    return Cue("hedge", i, end, "epistemic_adjective", entry.term, negated, "", scope)


def _rule_epistemic_noun(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    return Cue("hedge", i, end, "epistemic_noun", entry.term, _neg_child(tok) or _prev_neg(doc, i), "", _subtree(tok))


def _rule_distancing_adjective(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    last = doc[end - 1]
    head = last.head if last.head.i != last.i else last
    if not has_parse or end - i > 1 or entry.term in ("purported", "putative"):
        scope = _phrase(head) if last.dep_ == "amod" else (i, end)
        return Cue("hedge", i, end, "distancing_adjective", entry.term, False, "", scope)
    tok = doc[i]
    word = _norm(tok)
    if tok.dep_ in ("amod", "compound") or (tok.dep_ == "nmod" and head.pos_ in ("NOUN", "PROPN")):
        return Cue("hedge", i, end, "distancing_adjective", entry.term, False, "attributive", _phrase(head))
    if word in ("potential", "apparent"):
        return None
    deps = _deps(tok)
    # "immigrants alleged to be members", "men suspected of", "X is alleged to have ..."
    complement = "xcomp" in deps or any(c.dep_ == "prep" and _norm(c) == "of" for c in tok.children)
    if tok.tag_ == "VBN" and (tok.dep_ == "acl" or _passive(tok)) and complement:
        scope = _phrase(head) if tok.dep_ == "acl" else _subtree(tok)
        return Cue("hedge", i, end, "distancing_adjective", entry.term, _neg_child(tok), "participle", scope)
    return None


def _rule_approximator(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    if entry.term == "or so":
        if i == 0 or not (doc[i - 1].like_num or doc[i - 1].pos_ == "NOUN"):
            return None
        return Cue("hedge", i, end, "approximator", entry.term, False, "", (max(0, i - 2), end))
    if not _is_quantity(doc, end):
        return None
    j = end
    while j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].tag_ == "CD" or _norm(doc[j + 1]) in QUANTITY_WORDS):
        j += 1
    num = doc[j]
    stop = j + 1
    if num.head.i > j and num.dep_ in ("nummod", "quantmod", "compound") and num.head.i - j <= 4:
        stop = num.head.i + 1
    return Cue("hedge", i, end, "approximator", entry.term, False, "", (i, stop))


def _rule_conditional(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and entry.term == "if" and tok.tag_ not in ("IN",) and tok.dep_ != "mark":
        return None
    head = tok.head if tok.head.i != tok.i else tok
    if head.dep_ == "advcl" and head.head.i != head.i:
        scope = _subtree(head.head)
    else:
        scope = _subtree(head)
    return Cue("hedge", i, end, "conditional", entry.term, False, "", scope)


DISTANCING_VERBS = frozenset({"claim", "allege", "purport", "contend", "insist"})


def _rule_attribution_distancing(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if entry.term == "according to":
        head = tok.head if tok.head.i != tok.i else tok
        return Cue("hedge", i, end, "attribution_distancing", entry.term, False, "according_to", _subtree(head))
    if not has_parse:
        return Cue("hedge", i, end, "attribution_distancing", entry.term, False, "verb", (i, end))
    deps = _deps(tok)
    if _is_verb(tok):
        clause = _clausal_child(tok)
        parenthetical = tok.dep_ == "parataxis" or "parataxis" in deps
        if clause is None and not parenthetical:
            return None
        scope = _subtree(clause) if clause is not None else _subtree(tok.head)
        return Cue("hedge", i, end, "attribution_distancing", entry.term, _neg_child(tok), "verb", scope)
    if tok.pos_ == "NOUN" and (deps & {"acl", "ccomp"}) and any(_norm(t) == "that" for t in doc[i + 1 : i + 3]):
        return Cue("hedge", i, end, "attribution_distancing", entry.term, False, "noun", _subtree(tok))
    return None


def _rule_evidential_doubt(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[end - 1]
    if entry.term not in ("evidence", "proof"):
        return Cue("hedge", i, end, "evidential_doubt", entry.term, entry.words[0] in NEGATORS, "", _subtree(tok))
    if has_parse and tok.pos_ != "NOUN":
        return None
    # bare "evidence": only when negated ("no specific evidence", "has not provided evidence")
    start = i
    for child in tok.children:
        if child.dep_ == "det" and _norm(child) == "no":
            start = min(start, child.i)
            break
    else:
        head = tok.head
        if _lemma(head) in ("without", "lack", "absence") or (head.dep_ == "prep" and _lemma(head.head) in ("lack",)):
            pass
        elif not (_is_verb(head) and _neg_child(head) and tok.dep_ in ("dobj", "nsubjpass", "nsubj")):
            return None
    return Cue("hedge", start, end, "evidential_doubt", entry.term, True, "", _subtree(tok))


def _rule_booster(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    cue_type = entry.cue_type
    head = tok.head if tok.head.i != tok.i else tok
    if cue_type in ("booster_adverb", "booster_phrase"):
        negated = _prev_neg(doc, i) if entry.words[0] not in NEGATORS else False
        scope = _subtree(head)
    elif cue_type == "booster_adjective":
        if has_parse:
            if tok.pos_ not in ("ADJ", "VERB") and not tok.tag_.startswith(("JJ", "VBN")):
                return None
            if _lemma(head) in ("make", "feel") and entry.term == "sure":
                return None
            predicative = tok.dep_ in ("acomp", "attr", "oprd", "ROOT", "ccomp", "conj") or bool(_clausal_child(tok))
            if entry.term == "proven":
                predicative = predicative or tok.dep_ == "amod"
            if not predicative:
                return None
        negated = _neg_child(tok) or (_lemma(head) == "be" and _neg_child(head)) or _prev_neg(doc, i)
        scope = _subtree(_clausal_child(tok) or head)
    elif cue_type == "booster_verb":
        if has_parse:
            if not _is_verb(tok):
                return None
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            lemma = _lemma(tok)
            if lemma == "prove" and tok.tag_ == "VBN" and (_passive(tok) or tok.dep_ in ("amod", "acomp")):
                clause = clause or tok
            if clause is None:
                return None
            if lemma in ("show", "demonstrate", "establish") and not any(
                c.dep_ == "mark" and _norm(c) in ("that", "whether") for c in clause.children
            ):
                return None
            scope = _subtree(clause)
        else:
            scope = (i, end)
        negated = _neg_child(tok)
    else:  # a user-defined booster type: mark wherever it occurs
        negated = _prev_neg(doc, i)
        scope = _subtree(head)
    if negated:
        return Cue("hedge", i, end, "negated_booster", entry.term, True, "", scope)
    return Cue("booster", i, end, cue_type, entry.term, False, "", scope)


def _rule_disjunction(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    tok = doc[i]
    if has_parse and tok.pos_ not in ("CCONJ", "CONJ", "DET", "ADV", "PRON") and tok.dep_ not in ("cc", "preconj"):
        return None
    return Cue("hedge", i, end, "disjunction", entry.term, False, "", _subtree(tok.head))


def _rule_custom(doc: Doc, i: int, end: int, entry: Entry, has_parse: bool) -> Cue | None:
    negated = _prev_neg(doc, i) or _neg_child(doc[i])
    head = doc[i].head
    return Cue(entry.kind, i, end, entry.cue_type, entry.term, negated, "", _subtree(head))


RULES = {
    "modal": _rule_modal,
    "epistemic_verb": _rule_epistemic_verb,
    "adverb": _rule_adverb,
    "epistemic_adjective": _rule_epistemic_adjective,
    "epistemic_noun": _rule_epistemic_noun,
    "distancing_adjective": _rule_distancing_adjective,
    "approximator": _rule_approximator,
    "conditional": _rule_conditional,
    "attribution_distancing": _rule_attribution_distancing,
    "evidential_doubt": _rule_evidential_doubt,
    "disjunction": _rule_disjunction,
}


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def find_cues(
    doc: Doc,
    lexicon: Lexicon,
    extra_cue_types: Iterable[str] = (),
    index: dict[str, list[Entry]] | None = None,
) -> list[Cue]:
    """All hedge and booster cues in ``doc``, in text order, non-overlapping.

    Args:
        doc: a Doc, ideally parsed (tags, lemmas, dependencies). Without a parse every
            lexicon match counts (no context rules), which over-reports.
        lexicon: the word lists.
        extra_cue_types: optional cue types to keep (see :data:`OPTIONAL_CUE_TYPES`).
        index: ``lexicon.index()``, precomputed (optional).
    """
    has_parse = doc.has_annotation("DEP") and doc.has_annotation("TAG")
    extra = set(extra_cue_types)
    idx = index if index is not None else lexicon.index()
    norms, lemmas = token_forms(doc)
    cues: list[Cue] = []
    n = len(doc)
    # only the tokens some entry starts with can start a cue
    starts = [i for i, (norm, lemma) in enumerate(zip(norms, lemmas, strict=True)) if norm in idx or lemma in idx]
    free = 0  # the first token not inside a cue already found
    by_forms: dict[tuple[str, str], list[Entry]] = {}  # the candidates of each (form, lemma), once per Doc
    for i in starts:
        if i < free:
            continue
        forms = (norms[i], lemmas[i])
        candidates = by_forms.get(forms)
        if candidates is None:
            candidates = by_forms[forms] = _candidates(idx, *forms)
        found: Cue | None = None
        for entry in candidates:
            size = len(entry.words)
            if i + size > n or not all(w in (norms[i + k], lemmas[i + k]) for k, w in enumerate(entry.words)):
                continue
            rule = RULES.get(entry.cue_type)
            if entry.kind == "booster":
                rule = _rule_booster
            elif rule is None:
                rule = _rule_custom
            cue = rule(doc, i, i + size, entry, has_parse)
            if cue is None:
                continue
            if cue.cue_type in OPTIONAL_CUE_TYPES and cue.cue_type not in extra:
                found = None
                break  # recognised but not wanted (e.g. ability "could not")
            found = cue
            break
        if found is not None:
            found.scope = _clip(doc, found.start, found.scope) if found.scope else None
            cues.append(found)
            free = max(found.end, i + 1)
    return cues


def token_forms(doc: Doc) -> tuple[list[str], list[str]]:
    """Every token's normalised text and lemma (what :func:`_norm` and :func:`_lemma` give),
    from the shared token table; computed once per Doc (each distinct word once)."""
    global _last_forms
    table = doc_table(doc)
    if _last_forms is not None and _last_forms[0] is table:
        return _last_forms[1], _last_forms[2]
    normal = {word: normalize(word) for word in {*table.text, *table.lemma}}
    norms = [normal[text] for text in table.text]
    lemmas = [normal[lemma] if lemma else norm for lemma, norm in zip(table.lemma, norms, strict=True)]
    _last_forms = (table, norms, lemmas)
    return norms, lemmas


_last_forms: tuple[DocTable, list[str], list[str]] | None = None


def _candidates(idx: dict[str, list[Entry]], norm: str, lemma: str) -> list[Entry]:
    by_norm = idx.get(norm, ())
    by_lemma = idx.get(lemma, ()) if lemma != norm else ()
    if not by_norm and not by_lemma:
        return []  # most tokens: no lexicon entry starts with them
    entries = list(by_norm)
    entries.extend(e for e in by_lemma if e not in entries)
    entries.sort(key=lambda e: -len(e.words))
    return entries


# ---------------------------------------------------------------------------------------
# Described-as view: how are people and groups described, hedged or asserted?
# ---------------------------------------------------------------------------------------


def _predicate_hedge(tok: Token, predicate_cues: dict[int, Cue]) -> Cue | None:
    """A hedge on the predicate a noun is part of: "the men appear to be gang members",
    "they are believed to be members", "they are allegedly members"."""
    verb = tok.head
    for _ in range(4):
        for child in verb.children:
            if child.i in predicate_cues and child.dep_ in ("advmod", "aux"):
                return predicate_cues[child.i]
        if verb.i in predicate_cues:
            return predicate_cues[verb.i]
        if verb.dep_ not in ("xcomp", "ccomp") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


NP_LEFT_DEPS = frozenset(
    {"amod", "compound", "nummod", "quantmod", "poss", "nmod", "advmod", "npadvmod", "punct", "case"}
)


def _np_left(doc: Doc, i: int) -> int:
    """Start of the noun phrase headed by token ``i``: the head's contiguous left modifiers (no
    determiners)."""
    table = doc_table(doc)
    left = i
    for child in reversed([c for c in table.children[i] if c < i]):
        if table.dep[child] not in NP_LEFT_DEPS or table.tag[child] in ("VB", "VBP", "VBZ", "VBD"):
            break
        modifier = doc[child]
        if modifier.right_edge.i != left - 1:
            break
        left = modifier.left_edge.i
    while left < i and (table.is_punct[left] or table.is_space[left] or table.dep[left] in ("det", "predet", "case")):
        left += 1
    return left


def describe_people(doc: Doc, lexicon: Lexicon, cues: Sequence[Cue]) -> list[dict]:
    """Noun phrases describing people/groups and whether the description is hedged.

    A description is hedged when a distancing cue modifies it ("alleged criminals",
    "so-called gang members"), when a hedging participle follows it ("immigrants alleged to be
    members", "men suspected of"), when a hedge adverb sits in its relative clause ("who
    allegedly ..."), or when the noun is the predicate of a hedged copula ("the men appear to
    be gang members", "are believed to be members", "may be members"). Only direct
    modification counts: in "the alleged mistreatment of detainees" the mistreatment is hedged,
    the detainees are not.

    Returns records ``{np, head, hedged, cue, start, end}`` (character offsets) plus
    ``cue_start``/``cue_end`` when hedged.
    """
    if not doc.has_annotation("DEP"):
        return []
    table = doc_table(doc)
    text = table.doc_text
    norms, lemmas = token_forms(doc)
    distancing = [c for c in cues if c.kind == "hedge" and c.cue_type == "distancing_adjective"]
    adverbs = [c for c in cues if c.kind == "hedge" and c.cue_type in ("adverb", "attribution_distancing")]
    predicate_cues = {
        c.start: c
        for c in cues
        if c.kind == "hedge" and c.cue_type in ("epistemic_verb", "distancing_adjective", "adverb", "modal")
    }
    records = []
    people, ent_type = lexicon.people, table.ent_type
    # a first pass keeps the words the tests below can accept: people nouns and NORP entities
    candidates = [
        i
        for i, (norm, lemma) in enumerate(zip(norms, lemmas, strict=True))
        if lemma in people or norm in people or ent_type[i] == "NORP"
    ]
    for i in candidates:
        pos = table.pos[i]
        if pos not in ("NOUN", "PROPN") or table.dep[i] == "compound":
            continue
        group_entity = table.ent_type[i] == "NORP" and table.tag[i] in ("NNS", "NNPS")
        if pos == "PROPN" and not group_entity:
            continue
        lemma = lemmas[i]
        if lemma not in lexicon.people and norms[i] not in lexicon.people and not group_entity:
            continue
        left = _np_left(doc, i)
        right = i + 1
        # swallow the head's compound/flat right-hand pieces ("gang members" is headed by members)
        hedge: Cue | None = None
        for cue in distancing:
            if left <= cue.start and cue.end <= i:
                hedge = cue
                break
            if cue.reading == "participle" and (table.head[cue.start] == i or cue.start == i + 1):
                hedge = cue
                right = doc[cue.start].right_edge.i + 1
                break
        if hedge is None:
            for child in table.children[i]:
                if table.dep[child] == "relcl":
                    for cue in adverbs:
                        if table.head[cue.start] == child:
                            hedge = cue
                            right = doc[child].right_edge.i + 1
                            break
                if table.dep[child] == "acl" and table.tag[child] == "VBN" and lemmas[child] in PEOPLE_HEDGE_VERBS:
                    hedge = Cue("hedge", child, child + 1, "distancing_adjective", lemmas[child])
                    right = doc[child].right_edge.i + 1
                if hedge is not None:
                    break
        if hedge is None and table.dep[i] in ("attr", "oprd"):
            hedge = _predicate_hedge(doc[i], predicate_cues)
        start_char, end_char = table.idx[left], table.end[right - 1]
        record = {
            "np": text[start_char:end_char],
            "head": table.text[i],
            "hedged": hedge is not None,
            "cue": None if hedge is None else text[table.idx[hedge.start] : table.end[hedge.end - 1]],
            "start": start_char,
            "end": end_char,
        }
        if hedge is not None:
            record["cue_start"] = table.idx[hedge.start]
            record["cue_end"] = table.end[hedge.end - 1]
        records.append(record)
    # a noun inside a hedged description ("members" in "immigrants alleged to be members of
    # the gang") is part of that description, not a description of its own
    hedged_spans = [(r["start"], r["end"]) for r in records if r["hedged"]]
    return [
        r
        for r in records
        if not any(s <= r["start"] and r["end"] <= e and (s, e) != (r["start"], r["end"]) for s, e in hedged_spans)
    ]
