"""Text normalisation and segmentation, with offsets back into the original text.

One normaliser serves article text *and* lexicon entries, so that a lexicon form
and the same word in an article compare equal. The folding follows the scorer
(``../shared/eval/score.py``) so that what we match is what gold names match:

* NFKC per character (folds Arabic presentation forms, full-width Latin);
* harakat, superscript alef, Quranic marks and tatweel are removed;
* alef forms أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ → و; ئ → ي (decision: one folding
  for ى/ي and ة/ه, because news spells both ways: علي/على, سورية/سوريا);
* Arabic-Indic and Eastern Arabic-Indic digits → ASCII digits;
* zero-width and bidi control characters are removed;
* Arabic comma, semicolon and question mark are kept (they mark clauses).

Case is *not* folded here (English proper names need it); matchers that want
case-insensitivity fold themselves.

Examples
--------
>>> normalize_text("أَكَّدَ بوتين").text
'اكد بوتين'
>>> normalize_text("٢٠٢٥").text
'2025'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

__all__ = ["NormText", "Sentence", "detect_language", "normalize", "normalize_text", "split_sentences"]

_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u00ad"]
)
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ـ": "",
    # typographic quotes and dashes to ASCII, so patterns need one form
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
for _d in range(10):
    _FOLD[chr(0x0660 + _d)] = str(_d)
    _FOLD[chr(0x06F0 + _d)] = str(_d)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    nf = unicodedata.normalize("NFKC", ch)
    out = []
    for c in nf:
        if c in _DROP:
            continue
        out.append(_FOLD.get(c, c))
    return "".join(out)


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, for each normalised character, its offset in the original."""

    text: str
    original: str
    offsets: tuple[int, ...]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) back to the original text."""
        if not self.offsets:
            return (0, 0)
        start = min(max(start, 0), len(self.offsets) - 1)
        o_start = self.offsets[start]
        if end <= 0:
            return (o_start, o_start)
        last = self.offsets[min(end, len(self.offsets)) - 1]
        # extend over dropped characters (harakat) that follow the last kept one
        o_end = last + 1
        nxt = self.offsets[end] if end < len(self.offsets) else len(self.original)
        while o_end < nxt and _fold_char(self.original[o_end]) == "":
            o_end += 1
        return (o_start, o_end)

    def orig_text(self, start: int, end: int) -> str:
        """The original text under a normalised span."""
        a, b = self.orig_span(start, end)
        return self.original[a:b]


_TABLE = {ord(c): None for c in _DROP} | {ord(k): (v or None) for k, v in _FOLD.items()}
_REMOVED = frozenset(c for c in _DROP) | frozenset(k for k, v in _FOLD.items() if not v)
_REMOVED_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_REMOVED)) + "]")
_REPLACEMENT = {chr(k): v or "" for k, v in _TABLE.items()}
_CHANGED_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_REPLACEMENT)) + "]")


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, done as one ``str.replace`` per distinct character to change.

    Much faster on Arabic text, where ``str.translate`` looks every character up
    in the table. No replacement is itself replaced, so the order does not matter.
    """
    for ch in set(_CHANGED_RE.findall(text)):
        text = text.replace(ch, _REPLACEMENT[ch])
    return text


def normalize_text(text: str) -> NormText:
    """Normalise ``text`` for matching, keeping a map back to original offsets."""
    if unicodedata.is_normalized("NFKC", text):
        # fast path (nearly all news text): every character maps to 0 or 1 characters, so the
        # offsets are the runs of kept characters between the removed ones
        runs, kept_from = [], 0
        for m in _REMOVED_RE.finditer(text):
            runs.append(range(kept_from, m.start()))
            kept_from = m.end()
        runs.append(range(kept_from, len(text)))
        return NormText(_translate(text), text, tuple(chain.from_iterable(runs)))
    return _fold_each(text)


def _fold_each(text: str) -> NormText:
    """Fold each character by :func:`_fold_char`, visiting only the characters it changes.

    (Presentation forms and ligatures may give two or more characters: their
    offsets repeat the original one.)
    """
    changed = {ch: f for ch in set(text) if (f := _fold_char(ch)) != ch}
    positions = sorted(i for ch in changed for i in _positions(text, ch))
    pieces: list[str] = []
    runs: list[Iterable[int]] = []
    kept_from = 0
    for i in positions:
        f = changed[text[i]]
        pieces += (text[kept_from:i], f)
        runs += (range(kept_from, i), (i,) * len(f))
        kept_from = i + 1
    pieces.append(text[kept_from:])
    runs.append(range(kept_from, len(text)))
    return NormText("".join(pieces), text, tuple(chain.from_iterable(runs)))


def _positions(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i != -1:
        yield i
        i = text.find(ch, i + 1)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Normalised form of a lexicon entry or name: folded as for matching, spaces collapsed.

    >>> normalize("  سيرغي   لافروف ")
    'سيرغي لافروف'
    """
    return re.sub(r"\s+", " ", normalize_text(text).text).strip()


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of the normalised article text."""

    index: int
    start: int
    end: int
    text: str


# A sentence ends at . ! ? ؟ followed by space, at a blank line, or at a line
# break that starts an indented paragraph or follows end punctuation; a single
# line break inside running text (wire copy wrapped at 65 columns) is a soft
# wrap. A full stop between digits (3.5) or after a single Latin capital (U.S.,
# J. Smith) does not end a sentence.
_SENT_END = re.compile(
    r"(?<=[.!?؟])(?<![A-Z]\.)(?<!\b[A-Z][a-z]\.)(?!\d)[ \t]*\n\s*"
    r"|(?<=[.!?؟])(?<![A-Z]\.)(?<!\b[A-Z][a-z]\.)(?!\d)[ \t]+"
    r"|[ \t]*\n[ \t]*\n\s*|\n(?=[ \t]+\S)\s*"
)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|St|Jr|Sr|Prof|No|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|U\.N|U\.K|Pres|vs|etc|Inc|Co|Corp|Ltd))\.$"
)


_HEADING_MAX = 45  # a line this short with no end punctuation is a heading, not a wrapped line
# Longer "sentences" (text with no punctuation, a scraped page's run-on line) are cut at a space:
# the events stage pairs every trigger of a sentence with every actor in it, so one sentence of
# 100k characters takes seconds. The longest sentence of the seed and dev articles has 457 characters.
MAX_SENTENCE_CHARS = 2_000
_CLAUSE_END = frozenset(".!?؟,،:")
_LINE_BREAK = re.compile(r"\n\s*")


def split_sentences(text: str) -> list[Sentence]:
    """Split normalised text into sentences (line breaks and end punctuation).

    >>> [s.text for s in split_sentences("قال بوتين. ورد الشرع.\\nSecond line")]
    ['قال بوتين.', 'ورد الشرع.', 'Second line']
    """
    sentences: list[Sentence] = []
    start = 0
    pending_start: int | None = None
    for m in _breaks(text):
        chunk_end = m.start()
        # an abbreviation ends the chunk: search only its last characters (the longest is 5 and a newline)
        if "\n" not in m.group(0) and _ABBREV.search(text, max(start, chunk_end - 8), chunk_end):
            if pending_start is None:
                pending_start = start
            start = m.end()
            continue
        s0 = pending_start if pending_start is not None else start
        pending_start = None
        _add(sentences, text, s0, chunk_end)
        start = m.end()
    s0 = pending_start if pending_start is not None else start
    _add(sentences, text, s0, len(text))
    return sentences


def _breaks(text: str) -> list[re.Match[str]]:
    """Sentence-break matches, plus line breaks after short unpunctuated lines (subheadings)."""
    found = list(_SENT_END.finditer(text))
    taken = {m.start() for m in found}
    pos = text.find("\n")
    while pos != -1:
        line = text[text.rfind("\n", 0, pos) + 1:pos].strip()
        if pos not in taken and 0 < len(line) <= _HEADING_MAX and line[-1] not in _CLAUSE_END \
                and not any(f.start() <= pos < f.end() for f in found):
            found.append(_LINE_BREAK.match(text, pos))  # type: ignore[arg-type]
        pos = text.find("\n", pos + 1)
    return sorted((f for f in found if f is not None), key=lambda f: f.start())


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        sentences.append(Sentence(len(sentences), start, cut, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))


_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """``ar`` when Arabic letters outnumber Latin ones, else ``en``.

    >>> detect_language("قال الرئيس"), detect_language("The president said")
    ('ar', 'en')
    """
    sample = text[:20000]
    return "ar" if len(_ARABIC.findall(sample)) >= len(_LATIN.findall(sample)) and _ARABIC.search(sample) else "en"
