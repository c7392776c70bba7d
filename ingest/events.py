"""From triggers, actor mentions and dates to events (the deciding stage).

For each sentence: find the triggers (``ingest.triggers``), drop the ones that
are negated, hypothetical, quoted, generic or that only describe the current
call or meeting, then fill each remaining trigger's frame from the actor
mentions around it:

* the **subject** is looked for after a verb (Arabic is verb–subject–object) or
  before a noun trigger (the subject of its light verb: وجه X دعوه), then on the
  other side, then carried from the discourse (a dropped subject: وأكد …);
* the **other party** is the first actor introduced by one of the frame's
  markers (مع، ب، ل، الي، من …, or a bare object);
* pair words (الطرفان، the two sides) stand for the parties of the current call
  or meeting; actors named after an attribution cue (وفق ما نقلته، according to)
  go to ``reported_by``.

Dates come from the clause, else from the event this one continues (a
statement made during a dated call), else stay null. Event-relative dates
(قبل يوم من تصريحات X) are resolved against the event they name.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

from ingest import lexicon
from ingest.actors import get_actor
from ingest.model import ActorMention, Article, DateMention, Event
from ingest.text import NormText, Sentence, normalize, split_sentences
from ingest.triggers import Cues, Frame, TriggerMatch, cues, find_triggers, trie_regex

__all__ = ["assign_event_id", "extract_events"]

_TOKEN = re.compile(r"\w+")
_QUOTE = re.compile('"')
_CLAUSE_STOP = re.compile(r"[،,.:؛]|\s(?:ان|أن|بان|that)\s")
_IF = re.compile(r"(?:^|\s)(?:اذا|لو)(?:\s|$)")
_DATELINE_DASH = re.compile(r"\s*[,،]?\s*[-–—]")
_END_PUNCT = re.compile(r"[.!?؟\"”]$")
_COMMA_GAP = re.compile(r"\s*(?:،|,)?\s*")
_HIS_VISIT = re.compile(r"(?:ته|تها)$")
_EN_HIS_VISIT = re.compile(r"(?:'s|’s|\bhis|\bher)\b[\w\s-]{0,25}$")
_EN_AND = re.compile(r"(?:^|\s)and\s+(?:will\s+|would\s+|also\s+)?$")
_EN_THEY = re.compile(r"(?:^|\s)they\s+(?:\w+\s+)?$", re.IGNORECASE)
_CLAUSE_PUNCT = re.compile(r"[،,:؛]")
_COMMA = re.compile(r"[،,]")
_EN_CLAUSE_PUNCT = re.compile(r"[,;:\"]")
_AFTER_QUOTE = re.compile(r"[,\"']\s*$")
_EN_AND_OR_COMMA = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+|\s*,\s*")
_EN_AND_GAP = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+")
_EN_CLAUSE_SPLIT = re.compile(r"[,;:]")
_CONJ = re.compile(r"^[وف](?=..)")
_CLAUSE_END = re.compile(r"[،,:؛.]\s*$")
_POSSESSIVE = re.compile(r"(?:ه|ها|هم|هما)$")
_TO_WORD = re.compile(r"(?<!\w)(?:الي|to)\s+(\w+)", re.IGNORECASE)
_EN_PERFECT = re.compile(r"(?:^|\s)(?:have|has)\s+$", re.IGNORECASE)
_PAIRED = ("call", "meet", "agree")
# "told a news conference Thursday": the audience between a speech verb and its date
_AUDIENCE = re.compile(r"(?:to\s+)?(?:a|the)?\s*(?:news|press)\s+conference(?:\s+on)?|(?:to\s+)?reporters(?:\s+on)?|"
                       r"journalists(?:\s+on)?|in\s+a\s+statement(?:\s+on)?|on")
# Words that open the content of what is said: nothing after them is the speaker.
_CONTENT = re.compile(r"(?:^|\s)(?:ان|انه|انها|بان|بانه|that)(?:\s|$)|[:\"]")


@dataclass
class _Arg:
    """An actor mention seen by the frame filler: the mention, its marker, whether it is an attribution."""

    m: ActorMention
    marker: str | None
    in_attribution: bool = False


@dataclass
class _Context:
    """Discourse state carried across sentences of one article."""

    subject: list[str] = field(default_factory=list)
    subject_sentence: int = -10
    last_paired: Event | None = None
    last_meet: Event | None = None
    last_visit: Event | None = None
    last_event: Event | None = None
    attendees: dict[int, set[str]] = field(default_factory=dict)  # id(event) → people who joined it
    speaker: list[str] = field(default_factory=list)
    speaker_sentence: int = -10
    dateline_place: str | None = None
    inherited: dict[int, Event] = field(default_factory=dict)  # id(event) → the event it took its date from
    last_speech: Event | None = None
    events: list[Event] = field(default_factory=list)


def assign_event_id(ev: Event) -> str:
    """Deterministic event id: type, participants (ordered for directed types), date.

    An undated event cannot be identified across articles, so its article id
    is part of its key. Place is left out: reports of one event name it unevenly.
    """
    kinds = lexicon.load("base", "event_types")
    if kinds[ev.type]["participants"] == "unordered":
        parts = "|".join(sorted(set(ev.source) | set(ev.target)))
    else:
        parts = ",".join(sorted(set(ev.source))) + ">" + ",".join(sorted(set(ev.target)))
    key = f"{ev.type}|{parts}|{ev.date or 'undated:' + ev.article}"
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@cache
def _codes() -> dict[str, Any]:
    return lexicon.load("base", "event_types")


@cache
def _word_set(lang: str, key: str) -> tuple[str, ...]:
    c = cues(lang)
    return tuple(sorted((normalize(x) for x in c.extra.get(key, [])), key=len, reverse=True))


@cache
def _cue_re(lang: str, key: str) -> re.Pattern[str]:
    """One compiled whole-word pattern for a cue list (longest form first), built once per process."""
    alt = trie_regex(_word_set(lang, key), space=" ", fold=lang == "en") or r"(?!)"
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE if lang == "en" else 0)


def extract_events(
    doc: NormText,
    article: Article,
    mentions: list[ActorMention],
    dates: list[DateMention],
    resolve_role: Any = None,
    actor_names: Any = None,
) -> list[Event]:
    """Events of one article (one :class:`Event` per mention; the store merges equal ids).

    ``resolve_role(office, org, on)`` resolves descriptions ("the Russian
    president") on the event date; ``actor_names(id)`` gives the normalised
    names of a dictionary actor (to tell a clitic ل/ب from a name's own letter).
    """
    lang = article.language
    text = doc.text
    cue = cues(lang)
    quotes = _quote_spans(text)
    ctx = _Context()
    ctx.dateline_place = _dateline_place(mentions, dates, text)
    events: list[Event] = []
    sentences = split_sentences(text)
    mentions_in, dates_in = _by_sentence(mentions, sentences), _by_sentence(dates, sentences)
    for sent in sentences:
        if _is_headline(text, sent, sentences):
            continue  # a headline repeats the story's main event in telegraphic form
        events.extend(_sentence_events(doc, article, sent, mentions_in[sent.index], dates_in[sent.index], quotes,
                                       cue, ctx, lang, resolve_role, actor_names))
    _resolve_event_relative_dates(events, dates, mentions)
    events = _split_destinations(events)
    events = _split_appointments(events)
    _merge_rementions(events, ctx.attendees)
    _date_before_after(events, lang)
    _adopt_dates(events)
    groups = {m.actor_id: m for m in mentions if m.kind == "group" and m.actor_id and m.members}
    events.extend(_derived_visits(events, groups))
    out = []
    for ev in events:
        if not ev.source and not ev.target:
            continue
        if ev.type == "visit" and _visits_own_country(ev):
            continue  # a leader travelling at home (or a wrong destination) is no diplomatic visit
        _set_codes(ev)
        ev.id = assign_event_id(ev)
        out.append(ev)
    return out


def _by_sentence(items: list[Any], sentences: list[Sentence]) -> list[list[Any]]:
    """Mentions or dates grouped by the sentence they start in (in their order), found by bisection."""
    starts = [s.start for s in sentences]
    out: list[list[Any]] = [[] for _ in sentences]
    for x in items:
        i = bisect_right(starts, x.start) - 1
        if i >= 0 and x.start < sentences[i].end:
            out[i].append(x)
    return out


def _dateline_place(mentions: list[ActorMention], dates: list[DateMention], text: str) -> str | None:
    """The place of the dateline ("WASHINGTON, Oct 19 -", "القاهرة –"): where the story is reported from."""
    for d in dates:
        if "dateline" in d.flags:
            prior = [m for m in mentions if m.end <= d.start and m.kind == "place"]
            if prior and d.start - prior[-1].end <= 3:
                return prior[-1].actor_id
    first = next((m for m in mentions), None)
    if first is not None and first.kind == "place" and _DATELINE_DASH.match(text[first.end:first.end + 4]):
        return first.actor_id
    return None


def _is_headline(text: str, sent: Sentence, sentences: list[Sentence]) -> bool:
    """A line near the top, alone in its paragraph, with no end punctuation, when a body follows."""
    if sent.index > 3 or len(sentences) < 2 or _END_PUNCT.search(sent.text.strip()) or len(sent.text) > 200:
        return False
    before, follows = text[max(0, sent.start - 2):sent.start], text[sent.end:sent.end + 3]
    alone = (sent.start == 0 or "\n" in before) and ("\n" in follows or sent.end >= len(text))
    return alone and (sent.index == 0 or "\n\n" in text[sent.end:sent.end + 4])


# -- spans and markers -----------------------------------------------------

def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans between double quotes (the normaliser maps “ ” « » to ")."""
    spans = []
    pos = [m.start() for m in _QUOTE.finditer(text)]
    for a, b in zip(pos[::2], pos[1::2], strict=False):
        if b - a > 1:
            spans.append((a, b + 1))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _prev_token(text: str, pos: int, floor: int) -> tuple[str, int]:
    """The token ending right before ``pos`` (skipping spaces and light punctuation) and its start."""
    i = pos
    while i > floor and text[i - 1] in " \t،,:-\"'()":
        i -= 1
    j = i
    while j > floor and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return text[j:i], j




def _marker(text: str, m: ActorMention, floor: int, c: Cues, lang: str, names: set[str]) -> str | None:
    """The preposition that governs a mention: a separate word before it, or a clitic on its first token."""
    first = m.text.split()[0] if m.text.split() else ""
    if lang == "ar":
        nfirst = normalize(first)
        for clitic in c.clitic_prepositions:
            if nfirst.startswith(clitic) and len(nfirst) - len(clitic) >= 2:
                rest = nfirst[len(clitic):]
                if clitic in ("لل", "بال"):
                    return clitic[0]
                whole = normalize(m.text)
                stripped = whole[len(clitic):]
                if (rest.startswith("ال") or rest in _word_set("ar", "title_heads") or stripped in names or any(
                        n.startswith(rest) for n in names)) and whole not in names:
                    return clitic
        for conj in ("و", "ف"):
            if nfirst.startswith(conj + "ب") or nfirst.startswith(conj + "ل"):
                rest = nfirst[2:]
                if rest.startswith("ال") or rest in _word_set("ar", "title_heads"):
                    return nfirst[1]
    tok, tstart = _prev_token(text, m.start, floor)
    ntok = normalize(tok) if lang == "ar" else tok.lower()
    if lang == "en" and ntok in ("the", "a", "an"):
        tok, tstart = _prev_token(text, tstart, floor)  # "to the United States"
        ntok = tok.lower()
    if lang == "ar" and ntok == "من" and normalize(_prev_token(text, tstart, floor)[0]) == "كل":
        return None  # "كل من مصر والسودان": both of them, not a preposition
    if ntok in _word_set(lang, "place_nouns"):
        # في العاصمه دمشق / in the capital Riyadh: the preposition before the place noun
        tok, _ = _prev_token(text, tstart, floor)
        ntok = normalize(tok) if lang == "ar" else tok.lower()
    if lang == "ar" and ntok[:1] in ("و", "ف") and ntok[1:] in c.prepositions:
        ntok = ntok[1:]
    if ntok in c.prepositions:
        return ntok
    return None


# -- one sentence --------------------------------------------------------------

def _sentence_events(
    doc: NormText, article: Article, sent: Sentence, mentions: list[ActorMention], dates: list[DateMention],
    quotes: list[tuple[int, int]], c: Cues, ctx: _Context, lang: str, resolve_role: Any, actor_names: Any,
) -> list[Event]:
    """The events of one sentence; ``mentions`` and ``dates`` are those starting in it."""
    text = doc.text
    quotes = [q for q in quotes if q[0] < sent.end and sent.start < q[1]]  # the only ones a position here can be in
    triggers = [t for t in find_triggers(text, lang, sent.start, sent.end)
                if not _inside(t.start, quotes) or (lang == "en" and t.frame.type in ("agree", "invite", "meet", "call"))]
    triggers = _merge_adjacent(triggers, text)
    sent_mentions = [m for m in mentions if lang == "en" or not _inside(m.start, quotes)]
    # a trigger inside a name is part of the name (فيصل is not ف + يصل)
    triggers = [t for t in triggers if not any(m.start <= t.start < m.end or m.start < t.end <= m.end
                                               for m in sent_mentions)]
    if not triggers and not sent_mentions:
        return []  # nothing to fill and no actor to carry over: the sentence changes nothing
    attrib = _attribution_spans(text, sent, c, triggers)
    # a dateline dates the article, not its events (GUIDELINES 4)
    short_quotes = [q for q in quotes if q[1] - q[0] <= 30]  # a quoted phrase, not quoted speech
    sent_dates = [d for d in dates if "dateline" not in d.flags
                  and (not _inside(d.start, quotes) or _inside(d.start, short_quotes))]
    background = bool(c.background.match(text, sent.start))

    on = next((d.value for d in sent_dates if d.value), None) or (
        article.published.isoformat() if article.published else None)
    args: list[_Arg] = []
    for m in sent_mentions:
        if m.actor_id is None and m.role is not None and resolve_role is not None:
            # a description names whoever held the office then (the sentence's date, else publication)
            holder = resolve_role(m.role[0], m.role[1], on)
            if holder is None:
                continue
            m = replace(m, actor_id=holder, via="description")
        names = set(actor_names(m.actor_id)) if (actor_names and m.actor_id) else set()
        args.append(_Arg(m, _marker(text, m, sent.start, c, lang, names), _inside(m.start, attrib)))

    out: list[Event] = []
    reported_by = sorted({a.m.actor_id for a in args if a.in_attribution and a.m.actor_id})
    for i, trig in enumerate(triggers):
        left = triggers[i - 1].end if i else sent.start
        nxt = [t for t in triggers[i + 1:] if not (t.frame.pos == "noun" and t.frame.type == trig.frame.type)]
        right = nxt[0].start if nxt else sent.end
        if trig.frame.pos == "noun" and any(o.type == trig.frame.type for o in out) and trig.frame.type in (
                "call", "meet", "visit"):
            continue  # "… مع X، في لقاء هدفه …": the noun names the event the sentence already has
        antecedent = _antecedent(text, trig, args, lang) if trig.frame.pos == "verb" else None
        if _skip(text, trig, sent, c, lang, triggers[i - 1] if i else None, antecedent is not None):
            continue
        if _inside(trig.start, attrib):
            continue
        frame = trig.frame
        if (c.discussion.fullmatch(_core(trig.text, lang)) and frame.type == "meet"
                and ctx.last_paired is not None and ctx.last_paired.sentence >= sent.index - 1):
            continue  # "بحثا" alone reports the discussion of the current meeting
        if _dates_last_visit(trig, ctx, sent, sent_dates, lang, text, left, right):
            continue
        filled = _fill(doc, article, sent, trig, frame, args, left, right, ctx, c, lang, background, text, sent_dates,
                       antecedent)
        if filled is None:
            continue
        ev, subj_end = filled
        ev.reported_by = reported_by
        _date_event(ev, trig, sent, sent_dates, ctx, background, c, text, left, right, subj_end, article.published,
                    lang)
        if not ev.source and not ev.target:
            continue
        if _duplicate_in_sentence(ev, out):
            continue
        out.append(ev)
        ctx.last_event = ev
        ctx.events.append(ev)
        if ev.type in ("call", "meet", "agree") and ev.target:
            ctx.last_paired = ev
        if ev.type == "visit":
            ctx.last_visit = ev
        if ev.type == "meet":
            ctx.last_meet = ev
        if ev.source:
            ctx.subject = list(ev.source)
            ctx.subject_sentence = sent.index
        if ev.type in ("statement", "appeal", "condemn"):
            ctx.speaker, ctx.speaker_sentence = list(ev.source), sent.index
            ctx.last_speech = ev
    _add_attendees(text, sent, args, ctx, lang, out)
    # a sentence whose subject is an actor and has no event still sets the discourse subject
    if not out:
        bare = [a for a in args if a.marker is None and not a.in_attribution and a.m.actor_id and a.m.kind == "person"]
        if bare:
            ctx.subject = [bare[0].m.actor_id]
            ctx.subject_sentence = sent.index
    return out


def _dates_last_visit(trig: TriggerMatch, ctx: _Context, sent: Sentence, sent_dates: list[DateMention], lang: str,
                      text: str, left: int, right: int) -> bool:
    """"The visit is scheduled for 29 July": a definite visit noun with its own date completes the last visit."""
    visit = ctx.last_visit
    core = _core(trig.text, lang)
    definite = core.lstrip("وف").startswith("ال") if lang == "ar" else text[max(0, trig.start - 4):trig.start].lower() == "the "
    if trig.frame.type != "visit" or trig.frame.pos != "noun" or not definite or visit is None \
            or visit.sentence < sent.index - 2:
        return False
    days = [d for d in sent_dates if left <= d.start < right and d.precision == "day"]
    if not days or (visit.date_precision == "day" and visit.date_kind in ("absolute", "relative_publication")):
        return False
    d = days[0]
    value = d.value_if_planned if visit.modality == "planned" and d.value_if_planned else d.value
    if value:
        for ev in ctx.events:
            if ev.type == visit.type and ev.source == visit.source and ev.target == visit.target and ev.date == visit.date:
                ev.date, ev.date_precision, ev.date_kind, ev.date_text = value, "day", "absolute", d.text
        for ev in ctx.events:  # events that took their date from the visit follow it
            if ctx.inherited.get(id(ev)) is visit:
                ev.date, ev.date_precision = value, "day"
    return True


def _add_attendees(text: str, sent: Sentence, args: list[_Arg], ctx: _Context, lang: str, out: list[Event]) -> None:
    """"وحضره X" / "attended by X": X takes part in the meeting of this sentence, or the last one."""
    ev = next((e for e in reversed(out) if e.type == "meet"), None) or ctx.last_meet
    if ev is None or ev.sentence < sent.index - 1:
        return
    for m in _cue_re(lang, "attendance").finditer(text, sent.start, sent.end):
        nxt = next((a for a in args if a.m.start >= m.end()), None)
        if nxt is not None and nxt.m.actor_id and nxt.m.kind == "person" and _gap_tokens(text, m.end(), nxt.m.start, []) <= 1 \
                and nxt.m.actor_id not in ev.source + ev.target:
            ev.source.append(nxt.m.actor_id)
            ctx.attendees.setdefault(id(ev), set()).add(nxt.m.actor_id)


def _core(t: str, lang: str) -> str:
    return normalize(t) if lang == "ar" else t.lower()


def _merge_adjacent(triggers: list[TriggerMatch], text: str) -> list[TriggerMatch]:
    """Adjacent triggers of one type (اتصال هاتفي تلقاه) are one trigger; the verb's frame wins."""
    out: list[TriggerMatch] = []
    for t in triggers:
        if out and out[-1].frame.type == t.frame.type and t.frame.type in ("call", "meet", "invite", "visit"):
            gap = text[out[-1].end:t.start]
            if not _TOKEN.findall(gap):
                prev = out[-1]
                frame = t.frame if t.frame.pos == "verb" else prev.frame
                out[-1] = TriggerMatch(prev.start, t.end, text[prev.start:t.end], frame,
                                       prev.future_prefix or t.future_prefix)
                continue
        out.append(t)
    return out


def _attribution_spans(text: str, sent: Sentence, c: Cues, triggers: list[TriggerMatch]) -> list[tuple[int, int]]:
    """From each attribution cue to the end of its clause (comma, أن/ان, or the next trigger)."""
    spans = []
    for m in c.attribution.finditer(text, sent.start, sent.end):
        end = sent.end
        s = _CLAUSE_STOP.search(text, m.end(), sent.end)
        if s:
            end = s.start()
        for t in triggers:
            if m.end() < t.start < end and t.start > m.end() + 1 and t.frame.type != "statement":
                end = t.start
                break
        spans.append((m.start(), end))
    return spans


def _skip(text: str, trig: TriggerMatch, sent: Sentence, c: Cues, lang: str, prev: TriggerMatch | None,
          has_antecedent: bool = False) -> bool:
    """Negated, hypothetical, relative-clause, generic, or the complement of an invitation."""
    before = text[sent.start:trig.start]
    toks = _TOKEN.findall(before)
    if lang == "ar":
        last = [normalize(t) for t in toks[-c.negation_window:]] if c.negation_window else []
        if any(c.negation.fullmatch(t) for t in last):
            return True
        near = " ".join(normalize(t) for t in toks[-2:])
        if trig.frame.pos == "verb" and toks and normalize(toks[-1]) in _word_set("ar", "relative") \
                and not has_antecedent:
            return True
        if trig.frame.pos == "noun" and toks and normalize(toks[-1]) in _word_set("ar", "generic_determiners"):
            return True
        if trig.frame.pos == "noun" and _IF.search(near):
            return True
    else:
        window = " ".join(toks[-c.negation_window:]).lower() if c.negation_window else ""
        if c.negation.search(window):
            return True
        if trig.frame.pos == "verb" and toks and toks[-1].lower() in _word_set("en", "relative") and not has_antecedent:
            return True
    # a visit inside an invitation (دعوه ... لزياره روسيا / invited him to visit) is its content
    if trig.frame.type == "visit" and prev is not None and prev.frame.type == "invite":
        gap = _TOKEN.findall(text[prev.end:trig.start])
        if len(gap) <= 8:
            return True
    return False


def _antecedent(text: str, trig: TriggerMatch, args: list[_Arg], lang: str) -> _Arg | None:
    """For a verb right after a relative pronoun: the actor it describes (اسياس افورقي، الذي يقوم بزياره)."""
    head = text[max(0, trig.start - 12):trig.start]
    words = _TOKEN.findall(head)
    if not words or (normalize(words[-1]) if lang == "ar" else words[-1].lower()) not in _word_set(lang, "relative"):
        return None
    pron = head.rfind(words[-1]) + max(0, trig.start - 12)
    for a in reversed(args):
        if a.m.end <= pron:
            gap = text[a.m.end:pron]
            return a if _COMMA_GAP.fullmatch(gap) and a.m.kind in ("person", "country", "group") else None
    return None


def _fill(doc: NormText, article: Article, sent: Sentence, trig: TriggerMatch, frame: Frame, args: list[_Arg],
          left: int, right: int, ctx: _Context, c: Cues, lang: str, background: bool, text: str,
          sent_dates: list[DateMention], antecedent: _Arg | None = None) -> tuple[Event, int | None] | None:
    """Fill a trigger's frame: subject, other party, place; None when it has no usable participant.

    Returns the event and where its subject ends when the subject follows the trigger.
    """
    usable = [a for a in args if not a.in_attribution and (a.m.actor_id or a.m.role or a.m.pair)]
    after = [a for a in usable if trig.end <= a.m.start < right]
    before = [a for a in usable if max(left, sent.start) <= a.m.start < trig.start]
    if lang == "en":
        before = [a for a in usable if sent.start <= a.m.start < trig.start]
    light = _light_verb(text, trig, frame, left, sent, lang)
    receiving = light is not None and light[1]
    recipient: _Arg | None = None
    source_override: list[str] | None = None
    coordinated_with: Event | None = None
    if light is not None and not receiving:
        # the subject follows the light verb; a bare actor between it and the noun is the recipient
        between = [a for a in usable if light[0] <= a.m.start < trig.start]
        subj = between[0] if between and between[0].marker is None and _gap_tokens(
            text, light[0], between[0].m.start, sent_dates) <= 1 else None
        recipient = between[1] if subj is not None and len(between) > 1 and between[1].marker is None else None
    elif antecedent is not None:
        subj = antecedent
    else:
        prior = ctx.last_event if ctx.last_event is not None and ctx.last_event.sentence == sent.index else None
        objects = frozenset(prior.target) if prior is not None else frozenset()
        subj = _pick_subject(trig, frame, after, before, text, sent_dates, lang, objects)
    if receiving:
        # تلقى X اتصالا من Y: the subject of the light verb received it
        between = [a for a in usable if light[0] <= a.m.start < trig.start and a.marker is None]
        subj = between[0] if between else subj
        frame = replace(frame, subject="target", source_marker=_word_set(lang, "from_markers"))
    subjects = _coordinated(subj, usable, text, lang) if subj is not None else []
    groups = {mem: a for a in usable if a.m.kind == "group" and a.m.actor_id for mem in a.m.members}
    if subjects and all(a.m.actor_id in groups for a in subjects):
        # the members named in a delegation's description act as the delegation
        subjects = [groups[subjects[0].m.actor_id]]
        subj = subjects[0]

    others = [a for a in after if a not in subjects] + [a for a in reversed(before) if a not in subjects]
    source_from_marker = next((a for a in others if a.marker in frame.source_marker), None) if frame.source_marker else None
    subject_end = max([trig.end] + [a.m.end for a in subjects if a.m.start > trig.start])
    target = recipient if recipient is not None and frame.target else _pick_target(
        frame, trig, others, source_from_marker, text, lang, subject_end, sent_dates)
    targets = _coordinated(target, usable, text, lang) if target is not None else []

    if not subjects and ctx.subject:
        own = _own_country(text, trig, light[0] if light else None, lang, ctx)
        if own is not None:
            source_override = [own]
    if not subjects and frame.type == "visit" and _HIS_VISIT.search(doc.orig_text(trig.start, trig.end)):
        # "خلال زيارته لفرنسا": his visit; the person the sentence is about
        main = next((a for a in args if a.m.kind == "person" and a.m.actor_id and a.marker is None
                     and a.m.start < trig.start), None)
        if main is not None:
            subjects = [main]
        elif ctx.subject:
            source_override = list(ctx.subject)
    if not subjects and lang == "en" and frame.type == "visit" and _EN_HIS_VISIT.search(
            text[max(sent.start, trig.start - 40):trig.start]):
        if ctx.last_event is not None and ctx.last_event.sentence == sent.index:
            source_override = list(ctx.last_event.source)  # "… met X on the first day of the German leader's visit"
        elif ctx.subject:
            source_override = list(ctx.subject)
    if not subjects and frame.type == "visit" and frame.pos == "noun":
        visitor = next((a for a in after if a.m.kind == "person" and a.marker in (None, "ل")), None)
        if visitor is not None and visitor is not target:
            subjects = [visitor]
    if target is not None and target.marker in ("بين", "between") and len(targets) >= 2 and not subjects:
        subjects, targets = targets[:1], targets[1:]
        subj = subjects[0]
    if not subjects and frame.pos == "noun" and source_override is None:
        # "في مكالمه هاتفيه مع X، ناقش Y": the fronted phrase's subject is the main clause's
        main = _main_clause_subject(text, trig, usable, sent, lang)
        if main is not None:
            subjects, subj = [main], main
    if frame.pos == "noun" and frame.type in ("call", "meet") and not subjects and _after_during(text, trig, sent, lang):
        # "X made the offer to Y during a telephone call": the call is between the main clause's parties
        people = [a for a in usable if a.m.kind == "person" and a.m.start < trig.start and a.m.actor_id]
        if len(people) >= 2:
            subjects, targets, subj, target = people[:1], people[1:2], people[0], people[1]
    if not subjects and lang == "en" and ctx.last_event is not None and ctx.last_event.sentence == sent.index \
            and _EN_AND.search(text[max(sent.start, trig.start - 16):trig.start]):
        source_override = list(ctx.last_event.source)  # "will make a visit … and hold talks": the same subject
        coordinated_with = ctx.last_event
    if not subjects and source_from_marker is not None and frame.subject != "target":
        subjects = [source_from_marker]  # "the invitation by X to Y"
    source_ids = [i for a in subjects for i in _ids(a)]
    if source_override is not None:
        source_ids = source_override
    elif subj is not None and subj.m.pair:
        source_ids = _pair_ids(ctx, subj.m.kind == "country")
    elif not source_ids and _may_drop_subject(doc, trig, frame, sent, lang, usable) and frame.type == "statement" and \
            ctx.speaker and ctx.speaker_sentence >= sent.index - 1 and not background:
        source_ids = list(ctx.speaker)  # "وأوضح ان …": the one who was speaking goes on
    elif not source_ids and _may_drop_subject(doc, trig, frame, sent, lang, usable) and ctx.subject and (
            ctx.subject_sentence >= sent.index - 2 if not background else ctx.subject_sentence == sent.index):
        source_ids = list(ctx.subject)
    target_ids = [i for a in targets for i in _ids(a)]
    if target is not None and target.m.pair:
        target_ids = _pair_ids(ctx, target.m.kind == "country")

    if frame.subject == "target":
        caller = _ids(source_from_marker) if source_from_marker else []
        source_ids, target_ids = caller, source_ids
        if not target_ids and ctx.subject and not background:
            target_ids = list(ctx.subject)
    if lang == "en" and not source_ids and frame.type in _PAIRED and _EN_THEY.search(
            text[max(sent.start, trig.start - 20):trig.start]):
        pair = _pair_ids(ctx)
        source_ids, target_ids = pair[:1], pair[1:]  # "they agreed": the two parties of the current event
    if lang == "ar" and not target_ids and subj is not None and subj.m.start > trig.start and "-" in frame.target \
            and subj.m.kind == "person" and ctx.subject and ctx.subject_sentence >= sent.index - 1 \
            and subj.m.actor_id not in ctx.subject and frame.type in ("meet", "visit", "invite"):
        # "حيث سيلتقي الرئيس الايراني": a dropped subject (he) and the actor after the verb is its object
        source_ids, target_ids = list(ctx.subject), [subj.m.actor_id] if subj.m.actor_id else []
    if frame.needs_target and not target_ids:
        return None  # "وبحث الجانبان ...": what the parties of the current event discussed, not a new event
    if frame.type in _PAIRED and subj is not None and subj.m.pair and not target_ids:
        pair = _pair_ids(ctx, subj.m.kind == "country")
        source_ids, target_ids = pair[:1], pair[1:]
    target_ids = [t for t in _dedupe(target_ids) if t not in source_ids]
    source_ids = _dedupe(source_ids)
    if frame.type in _PAIRED:
        # a city does not phone or meet: "بين انقره وواشنطن" names the governments' quarrel, not the parties
        places = {a.m.actor_id for a in args if a.m.kind == "place"}
        source_ids = [x for x in source_ids if x not in places]
        target_ids = [x for x in target_ids if x not in places]

    if frame.type == "visit" and source_ids and not target_ids and ctx.dateline_place is not None \
            and ctx.dateline_place not in source_ids:
        # "who is here on an official visit", "the German leader's four-day visit" reported from Buenos Aires
        target_ids = [ctx.dateline_place]
        dateline_visit = True
    else:
        dateline_visit = False
    if not _complete(frame, source_ids, target_ids, subjects):
        return None
    etype = frame.type
    if etype == "statement":
        etype = _statement_or_appeal(text, trig, right, lang)
    if etype == "invite" and _call_to_act(text, trig, right, lang, args):
        etype, target_ids = "appeal", []
    if any(a.m.kind == "media" for a in subjects) and etype in ("statement", "appeal", "condemn"):
        return None  # a news outlet "said": attribution, not a statement
    modality = "planned" if _planned(text, trig, sent, c, lang) else "occurred"
    if coordinated_with is not None:
        modality = coordinated_with.modality
    a, b = doc.orig_span(sent.start, sent.end)
    place: list[str] = []
    if frame.destination and target is not None and target.m.kind in ("place", "country"):
        place = list(target_ids)
    elif etype in ("meet", "agree", "call"):
        # "… مع X في العاصمه دمشق": a place right after the participants, not inside the topic (الوضع في القدس)
        last = max([trig.end] + [a.m.end for a in subjects + targets])
        p = next((x for x in after if x.marker in ("في", "in") and x.m.start >= last), None)
        if p is not None and p.m.kind in ("place", "country") and _gap_tokens(text, last, p.m.start, sent_dates) <= 3:
            place = _ids(p)
    if dateline_visit:
        place = list(target_ids)
    ev = Event(
        type=etype, source=source_ids, target=target_ids, date=None, date_precision=None, article=article.id,
        evidence=doc.original[a:b].strip(), sentence=sent.index, start=a, end=b, modality=modality, place=place,
        rule=frame.id + (".dateline" if dateline_visit else ""), trigger=doc.orig_text(trig.start, trig.end),
        confidence=0.8 if subj is not None else 0.6,
    )
    subj_end = subjects[-1].m.end if subjects and subjects[-1].m.start > trig.start else None
    return ev, subj_end


def _after_during(text: str, trig: TriggerMatch, sent: Sentence, lang: str) -> bool:
    words = _TOKEN.findall(text[max(sent.start, trig.start - 15):trig.start])
    last = [w.lower() for w in words[-2:]]
    return bool(set(last) & {"during", "in", "خلال", "وخلال"})


def _main_clause_subject(text: str, trig: TriggerMatch, usable: list[_Arg], sent: Sentence,
                         lang: str) -> _Arg | None:
    """The subject right after the verb that follows a fronted adverbial (في/خلال ... ، VERB SUBJECT)."""
    words = _TOKEN.findall(text[sent.start:trig.start])
    if not words or (normalize(words[-1]).lstrip("و") if lang == "ar" else words[-1].lower()) not in ("في", "خلال", "in", "during"):
        return None
    comma = _COMMA.search(text, trig.end, sent.end)
    if comma is None:
        return None
    after = [a for a in usable if a.m.start > comma.end() and a.marker is None]
    if not after:
        return None
    gap = _TOKEN.findall(text[comma.end():after[0].m.start])
    return after[0] if len(gap) <= 2 else None


def _own_country(text: str, trig: TriggerMatch, light_end: int | None, lang: str, ctx: _Context) -> str | None:
    """"بلاده وجهت دعوه" / "his country invited": the country of the person speaking."""
    window = text[max(0, trig.start - 25):trig.start] if light_end is None else text[max(0, light_end - 40):trig.start]
    if not _cue_re(lang, "own_country").search(window):
        return None
    speaker = get_actor(ctx.subject[0])
    return f"country:{speaker.country}" if speaker is not None and speaker.country else None


def _light_verb(text: str, trig: TriggerMatch, frame: Frame, left: int, sent: Sentence,
                lang: str) -> tuple[int, bool] | None:
    """For a noun trigger: the end of the light verb governing it (وجه، سلم، تلقي …), and whether it receives."""
    if frame.pos != "noun" or lang != "ar":
        return None
    start = max(left, sent.start, trig.start - 120)
    best: tuple[int, bool] | None = None
    for kind, receive in (("light_verbs", False), ("receive_verbs", True)):
        for m in _clitic_verb_re(kind).finditer(text, start, trig.start):
            if best is None or m.end() > best[0]:
                best = (m.end(), receive)
    return best


@cache
def _clitic_verb_re(key: str) -> re.Pattern[str]:
    """An Arabic verb list with a leading و/ف and a trailing object pronoun allowed."""
    alt = trie_regex(_word_set("ar", key), space=" ") or r"(?!)"
    return re.compile(rf"(?<!\w)[وف]?(?:{alt})(?:ه|ها)?(?!\w)")


def _gap_tokens(text: str, a: int, b: int, dates: list[DateMention]) -> int:
    """Word tokens between a and b, not counting those inside date expressions."""
    if b <= a:
        return 0
    n = 0
    transparent = _word_set("ar", "transparent")
    for m in _TOKEN.finditer(text, a, b):
        if any(d.start <= m.start() < d.end for d in dates) or normalize(m.group(0)) in transparent:
            continue
        n += 1
    return n


def _pick_subject(trig: TriggerMatch, frame: Frame, after: list[_Arg], before: list[_Arg], text: str,
                  dates: list[DateMention], lang: str, objects: frozenset[str] = frozenset()) -> _Arg | None:
    """The grammatical subject: an unmarked actor next to the trigger (after a verb in Arabic, before in English)."""
    def near_after(limit: int) -> _Arg | None:
        if not after:
            return None
        a = after[0]
        if a.m.kind == "place" and frame.type in ("visit", "call", "meet", "invite", "message"):
            return None  # a city is where, not who
        gap = text[trig.end:a.m.start]
        if _CONTENT.search(gap if lang == "ar" else gap.lower()):
            return None  # past "ان"/":"/"that": the content of what is said, not its subject
        if a.marker is None and _gap_tokens(text, trig.end, a.m.start, dates) <= limit:
            return a
        return None

    def near_before(limit: int) -> _Arg | None:
        if not before:
            return None
        a = before[-1]
        if a.marker is not None:
            return None
        if a.m.kind == "place" and frame.type in ("visit", "call", "meet", "invite", "message"):
            return None
        gap = text[a.m.end:trig.start]
        n = _gap_tokens(text, a.m.end, trig.start, dates)
        if lang == "en" and n:
            words = [w.lower() for w in _TOKEN.findall(gap)]
            appositive = gap.lstrip().startswith(",") and gap.rstrip().endswith(",")
            if "," in gap and not appositive:
                return None  # "Nakasone, ministry officials said"
            aux = _word_set("en", "subject_gap_words")
            head = next((w for w in words if w not in aux), None)
            light = head in _word_set("en", "light_verbs") if head else False
            if not appositive and not light and head is not None:
                return None  # "UAE official to visit": the actor only modifies the real subject
        if n <= limit:
            return a
        # an appositive between commas: "Peter Stano, the EU spokesman, said"
        if lang == "en" and gap.lstrip().startswith(",") and gap.rstrip().endswith(",") and n <= 8:
            return a
        return None

    if lang == "ar" and frame.pos == "verb":
        prev_word = _TOKEN.findall(text[max(0, trig.start - 20):trig.start])[-1:]
        if prev_word and normalize(prev_word[0]) in _word_set("ar", "pronoun_particles"):
            return near_after(2)  # "لكنه شدد": he, the subject of the clause before
        if before and objects and before[-1].m.actor_id in objects:
            before = []  # "يلتقي الشيخ تميم، ثم يتوجه": Tamim is the object of the verb before
    if lang == "ar":
        if frame.pos == "verb":
            # an actor right before the verb is its subject (الاسد استقبل، وكان اردوغان اتهم)
            adjacent = near_before(0)
            if adjacent is not None and adjacent.m.kind != "place" and not _CLAUSE_PUNCT.search(
                    text[adjacent.m.end:trig.start]):
                return adjacent
            return near_after(2) or near_before(3)
        return near_before(4) or near_after(1)
    subj = near_before(2)
    if subj is None and before and not _EN_CLAUSE_PUNCT.search(text[before[-1].m.end:trig.start]):
        subj = near_before(6)  # "Nakasone will make an official week-long visit"
    if subj is None and frame.type in ("statement", "appeal", "condemn") and _AFTER_QUOTE.search(
            text[max(0, trig.start - 3):trig.start]):
        subj = near_after(0)  # '"…," said Stano'
    return subj


def _coordinated(first: _Arg | None, usable: list[_Arg], text: str, lang: str) -> list[_Arg]:
    """The actor and those coordinated with it (X و Y، X and Y)."""
    if first is None:
        return []
    out = [first]
    ordered = sorted(usable, key=lambda a: a.m.start)
    idx = ordered.index(first)
    for nxt in ordered[idx + 1:]:
        gap = text[out[-1].m.end:nxt.m.start]
        joined = nxt.m.clitic.startswith("و") and lang == "ar" and _COMMA_GAP.fullmatch(gap)
        if lang == "en":
            joined = _EN_AND_OR_COMMA.fullmatch(gap) is not None
        if not joined or nxt.marker not in (None, "و"):
            break
        out.append(nxt)
    # the one before, joined by "and": "Saudi Arabia and Iraq signed"
    for prev in reversed(ordered[:idx]):
        gap = text[prev.m.end:out[0].m.start]
        joined = (lang == "en" and _EN_AND_GAP.fullmatch(gap) is not None) or (
            lang == "ar" and out[0].m.clitic.startswith("و") and _COMMA_GAP.fullmatch(gap) is not None)
        if not joined or prev.marker is not None:
            break
        out.insert(0, prev)
    return out


def _pick_target(frame: Frame, trig: TriggerMatch, others: list[_Arg], source_from_marker: _Arg | None,
                 text: str, lang: str, subject_end: int, dates: list[DateMention]) -> _Arg | None:
    if not frame.target:
        return None
    for a in others:
        if a is source_from_marker:
            continue
        if a.m.start > trig.start:
            gap = _gap_tokens(text, subject_end if a.m.start >= subject_end else trig.end, a.m.start, dates)
            # a bare object that is a person may follow a long title; a bare country far away is a genitive
            limit = 8 if a.marker is not None else (10 if a.m.kind in ("person", "group") else 4)
            if gap > limit:
                continue
        bare_ok = a.marker is None and "-" in frame.target and a.m.start > trig.start
        if a.marker in frame.target or bare_ok:
            if frame.destination and a.m.kind not in ("place", "country"):
                continue
            return a
    return None


def _may_drop_subject(doc: NormText, trig: TriggerMatch, frame: Frame, sent: Sentence, lang: str,
                      usable: list[_Arg] | None = None) -> bool:
    """Arabic verbs carry their subject (وأكد …) when no other noun is their subject; English needs a pronoun."""
    text = doc.text
    if lang != "ar":
        clause = _EN_CLAUSE_SPLIT.split(text[sent.start:trig.start])[-1]
        return any(t.lower() in ("he", "she") for t in _TOKEN.findall(clause)[-6:])
    if frame.pos != "verb":
        # a noun carries no subject of its own unless a light verb governs it (واجري محادثات)
        return _light_verb(text, trig, frame, sent.start, sent, lang) is not None
    head = text[max(sent.start, trig.start - 30):trig.start]
    prev = _TOKEN.findall(head)
    last = _CONJ.sub("", normalize(prev[-1])) if prev else ""
    clause_start = not prev or bool(_CLAUSE_END.search(head)) or last in _word_set("ar", "clause_openers") \
        or normalize(prev[-1]) in _word_set("ar", "pronoun_particles")
    if not clause_start:
        return False  # a noun before the verb is its (unknown) subject: ملف السد يعتبر
    m = _TOKEN.search(text, trig.end, trig.end + 40)
    if m is None:
        return True
    if usable and any(a.m.start == m.start() for a in usable):
        return True  # "حيث سيلتقي الرئيس الايراني": the actor after the verb is its object
    word = normalize(m.group(0))
    if word in _word_set("ar", "function_words") or word.isdigit():
        return True
    # a noun with a possessive pronoun (اعلن استقالته) is an object; ة was folded to ه, so look at the original
    original = doc.orig_text(m.start(), m.end())
    # otherwise an overt subject we do not know (وقالت مجموعه ايني) leaves no subject to carry over
    return bool(_POSSESSIVE.search(original)) and not original.endswith("ة")


def _complete(frame: Frame, source_ids: list[str], target_ids: list[str], subjects: list[_Arg]) -> bool:
    """Whether the participants found make an event of this frame."""
    if frame.needs_target and not target_ids:
        return False
    kind = frame.type
    if kind in _PAIRED:
        return len(set(source_ids) | set(target_ids)) >= 2
    if kind in ("visit", "invite", "message"):
        return bool(source_ids) and bool(target_ids)
    return bool(source_ids)


def _ids(a: _Arg | None) -> list[str]:
    if a is None or a.m.actor_id is None:
        return []
    return [a.m.actor_id]


def _pair_ids(ctx: _Context, countries: bool = False) -> list[str]:
    """The parties of the current call or meeting (their countries for "the two countries")."""
    ev = ctx.last_paired
    if ev is None:
        return []
    ids = _dedupe(list(ev.source) + list(ev.target))
    if countries:
        mapped = []
        for i in ids:
            actor = get_actor(i)
            if i.startswith("country:"):
                mapped.append(i)
            elif actor is not None and actor.country:
                mapped.append(f"country:{actor.country}")
        ids = _dedupe(mapped)
    return ids


def _dedupe(xs: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in xs if not (x in seen or seen.add(x))]


def _call_to_act(text: str, trig: TriggerMatch, right: int, lang: str, args: list[_Arg]) -> bool:
    """"دعا X الي مغادره" / "called on X to leave": a call to act, unless what follows is a visit or a place."""
    window = text[trig.end:min(right, trig.end + 90)]
    m = _TO_WORD.search(window)
    if m is None:
        return False
    at = trig.end + m.start(1)
    if any(a.m.start == at and a.m.kind in ("place", "country") for a in args):
        return False  # invited to Brussels
    if lang == "en" and not m.group(1).islower():
        return False  # "to Iranian Foreign Minister …": the invitee, not an action
    visit_words = _word_set(lang, "visit_words")
    word = normalize(m.group(1)) if lang == "ar" else m.group(1).lower()
    return not any(word.endswith(v) or word == v for v in visit_words) and word not in ("the", "a")


def _statement_or_appeal(text: str, trig: TriggerMatch, right: int, lang: str) -> str:
    window = text[trig.end:min(right, trig.end + 80)]
    return "appeal" if _cue_re(lang, "appeal_content").search(window) else "statement"


def _planned(text: str, trig: TriggerMatch, sent: Sentence, c: Cues, lang: str) -> bool:
    if trig.future_prefix:
        return True
    before = text[max(sent.start, trig.start - 60):trig.start]
    toks = _TOKEN.findall(before)[-c.planned_window:] if c.planned_window else []
    window = " ".join(toks)
    return bool(c.planned.search(window))


def _duplicate_in_sentence(ev: Event, out: list[Event]) -> bool:
    for o in out:
        if o.type == ev.type and set(o.source) | set(o.target) == set(ev.source) | set(ev.target):
            if ev.date and not o.date:
                o.date, o.date_precision, o.date_kind, o.date_text = ev.date, ev.date_precision, ev.date_kind, ev.date_text
            return True
    return False


# -- dates -------------------------------------------------------------------

def _date_event(ev: Event, trig: TriggerMatch, sent: Sentence, sent_dates: list[DateMention], ctx: _Context,
                background: bool, c: Cues, text: str, left: int, right: int, subj_end: int | None,
                published: date | None, lang: str) -> None:
    """The date of an event: a cue in its clause, else the event it continues, else none."""
    clause = [d for d in sent_dates if left <= d.start < right
              and not (d.start < trig.start and _CONTENT.search(text[d.end:trig.start]))
              and not _attributive_date(text, trig, d, lang)
              # "تلقي اتصالا اليوم من X … قبل قيامه بجوله": the date right after a trigger is that trigger's
              and not (d.start < trig.start and left > sent.start and _gap_tokens(text, left, d.start, []) <= 1)]
    if ev.type in ("statement", "appeal", "condemn"):
        # what is said may carry dates of its own: only a date before the verb, or right
        # after it or after its subject (قال X، الثلاثاء، ان … / said on Monday that …), dates the saying
        anchor = max(trig.end, subj_end or 0)
        clause = [d for d in clause if text[:d.start].count('"') % 2 == 0]  # what is quoted is what was said
        if lang == "ar":
            # Arabic puts the date anywhere in the verb phrase; only past "ان"/":"/a quote is it the content's
            clause = [d for d in clause if d.start < trig.start or not _CONTENT.search(text[anchor:d.start])]
        else:
            # "said Sunday", "told a news conference Thursday"; not past "that" or a quote
            clause = [d for d in clause if d.start < trig.start or _gap_tokens(text, anchor, d.start, sent_dates) <= 1
                      or _AUDIENCE.fullmatch(text[anchor:d.start].strip().lower())]
    if not clause and ev.type in ("statement", "appeal") and published is not None:
        # "قال المتحدث … إن الوزير تلقى اتصالا اليوم": what is reported happened today, so was the saying
        today = [d for d in sent_dates if d.start > trig.start and d.value == published.isoformat()
                 and d.kind == "relative_publication"]
        if today:
            clause = today[:1]
    if clause:
        d = min(clause, key=lambda d: abs(d.start - trig.start))
        _apply_date(ev, d)
        if ev.modality == "planned" and ev.date and published is not None and \
                ev.date[:len(published.isoformat()[:len(ev.date)])] < published.isoformat()[:len(ev.date)]:
            ev.date = ev.date_precision = None  # a planned event cannot have happened before the report
            ev.date_kind = None
        return
    if (trig.frame.ongoing or ev.rule.endswith(".dateline")) and published is not None and not clause:
        # a visit under way with no stated start: the month it is reported in (GUIDELINES 4)
        ev.date, ev.date_precision, ev.date_kind = published.strftime("%Y-%m"), "month", "ongoing"
        ev.date_text = trig.text
        return
    visit = ctx.last_visit
    if visit is not None and visit.date and set(ev.source) & set(visit.source) and ev.type != "visit" and _cue_re(lang, "during_visit").search(
            text, sent.start, sent.end):
        ev.date, ev.date_precision, ev.date_kind, ev.date_text = visit.date[:7], "month", "during_visit", visit.date_text
        return  # "during his stay in Washington he was to meet …"
    prev = ctx.last_event
    if prev is None or background:
        return
    if normalize(_core(trig.text, lang)).lstrip("وف") in _word_set(lang, "present_tense"):
        return  # "تطالب مصر …": a standing position, not tied to the story's day
    participants = set(ev.source) | set(ev.target)
    cue = bool(c.continuation.search(text, sent.start, sent.end))
    paired = ctx.last_paired
    if paired is not None and paired.date and participants and participants <= (set(paired.source) | set(paired.target)) \
            and ev.type in ("agree", "statement", "appeal") and len(participants) >= 2:
        ev.date, ev.date_precision, ev.date_kind, ev.date_text = paired.date, paired.date_precision, "inherited", paired.date_text
        return  # "they agreed" / "اتفق الطرفان": the parties of the current call or meeting, on its day
    also = bool(_cue_re(lang, "also").search(text, sent.start, trig.end))
    if ev.type in ("statement", "appeal", "condemn") and also and prev.sentence >= sent.index - 1 and prev.date \
            and prev.type in ("statement", "appeal", "condemn") and set(prev.source) & set(ev.source):
        ev.date, ev.date_precision, ev.date_kind, ev.date_text = prev.date, prev.date_precision, "inherited", prev.date_text
        return  # "The EU also urged …": the same statement goes on
    if lang == "en" and published is not None and _EN_PERFECT.search(text[max(sent.start, trig.start - 8):trig.start]) \
            and ev.type not in ("statement", "appeal", "condemn"):
        ev.date, ev.date_precision, ev.date_kind = published.strftime("%Y-%m"), "month", "recent"
        return  # "have agreed", with no date: recent, the month of the report
    if ev.type in ("statement", "appeal", "condemn"):
        # a statement takes the date of the call, meeting or visit it was made in (GUIDELINES 4)
        for prev in (ctx.last_paired, ctx.last_visit):
            if prev is not None and participants & (set(prev.source) | set(prev.target)) and (
                    cue or prev.sentence >= sent.index - 3) and prev.date and prev.modality == "occurred":
                break
        else:
            said = ctx.last_speech
            if said is None or not said.date or set(said.source) != set(ev.source) or said.sentence < sent.index - 2:
                return
            prev = said  # "وصرح فابيوس … وأوضح فابيوس …": the same remarks go on
        continues = True
    elif ev.modality != prev.modality:
        continues = False  # what is planned does not share a date with what has happened
    elif ev.type == "visit":
        continues = prev.sentence == sent.index and bool(participants & (set(prev.source) | set(prev.target)))
    else:
        continues = bool(participants & (set(prev.source) | set(prev.target))) or cue
    if continues and prev.sentence >= sent.index - 3 and prev.date:
        ev.date, ev.date_precision, ev.date_kind = prev.date, prev.date_precision, "inherited"
        ev.date_text = prev.date_text
        ctx.inherited[id(ev)] = prev


def _attributive_date(text: str, trig: TriggerMatch, d: DateMention, lang: str) -> bool:
    """A date after the trigger inside an attributive participle phrase describes something else.

    "الاتفاقيه ... الموقعه عام 2001", "the deal signed in 2015".
    """
    if d.start < trig.end:
        return False
    between = [normalize(w) if lang == "ar" else w.lower() for w in _TOKEN.findall(text[trig.end:d.start])]
    return any(w in _word_set(lang, "attributive") for w in between)


def _apply_date(ev: Event, d: DateMention) -> None:
    value = d.value
    if ev.modality == "planned" and d.value_if_planned:
        value = d.value_if_planned
    if d.kind == "relative_event":
        ev.date_kind = "relative_event"
        ev.date_text = d.text
        ev.date = None
        ev.quote = None
        ev.__dict__["_anchor"] = d
        return
    ev.date = value
    ev.date_precision = d.precision if value else None
    ev.date_kind = d.kind
    ev.date_text = d.text


def _visits_own_country(ev: Event) -> bool:
    def country(i: str) -> str | None:
        if i.startswith("country:"):
            return i.split(":", 1)[1]
        return getattr(get_actor(i), "country", None)

    dest = {country(t) for t in ev.target} - {None}
    home = {country(s) for s in ev.source} - {None}
    return bool(dest) and dest <= home


def _split_destinations(events: list[Event]) -> list[Event]:
    """A tour of several countries is one visit per destination (GUIDELINES: the target is the destination)."""
    out: list[Event] = []
    for ev in events:
        if ev.type == "visit" and len(ev.target) > 1:
            out.extend(replace(ev, target=[t], place=[t]) for t in ev.target)
        else:
            out.append(ev)
    return out


def _split_appointments(events: list[Event]) -> list[Event]:
    """"Scheduled to meet A, B and C": one planned meeting with each."""
    out: list[Event] = []
    for ev in events:
        if ev.type == "meet" and ev.modality == "planned" and len(ev.source) == 1 and len(ev.target) > 1:
            out.extend(replace(ev, target=[t]) for t in ev.target)
        else:
            out.append(ev)
    return out


def _merge_rementions(events: list[Event], attendees: dict[int, set[str]]) -> None:
    """A later call or meeting sharing two parties with an earlier, directly dated one is that event again.

    ("اللقاء الذي دام ثلاث ساعات بينه وبين اردوغان وحضره تشاوش اوغلو" after the report of the talks):
    the parties are united and the later mention takes the earlier one's date, so both get one id.
    """
    for i, later in enumerate(events):
        if later.type not in ("call", "meet") or later.date_kind in ("absolute", "relative_publication"):
            continue
        joined = attendees.get(id(later), set())
        core = (set(later.source) | set(later.target)) - joined
        for earlier in reversed(events[:i]):
            if earlier.type != later.type or not earlier.date or earlier.date_kind not in (
                    "absolute", "relative_publication"):
                continue
            before = set(earlier.source) | set(earlier.target)
            if len(core & (before - attendees.get(id(earlier), set()))) >= 2:
                # every report of the earlier event gets the newcomers, so they keep one id
                for ev in events:
                    if ev.type == earlier.type and ev.date == earlier.date and (set(ev.source) | set(ev.target)) == before:
                        ev.target.extend(p for p in sorted(joined | core) if p not in ev.source + ev.target)
                later.source, later.target = list(earlier.source), list(earlier.target)
                later.date, later.date_precision, later.date_kind = earlier.date, earlier.date_precision, "same_event"
                later.date_text = earlier.date_text
                break


def _date_before_after(events: list[Event], lang: str) -> None:
    """"Before meeting with Bush, he paid a call on Reagan": the month of the meeting it is placed against."""
    pattern = _sequence_re(lang)
    for ev in events:
        if ev.date is not None or ev.type not in ("meet", "call", "visit"):
            continue
        m = pattern.search(normalize(ev.evidence) if lang == "ar" else ev.evidence)
        if m is None:
            continue
        anchor = next((o for o in events if o is not ev and o.date and o.type in ("meet", "call")
                       and set(ev.source) & (set(o.source) | set(o.target))), None)
        if anchor is not None:
            ev.date, ev.date_precision, ev.date_kind = anchor.date[:7], "month", "relative_event"
            ev.date_text = m.group(0)


@cache
def _sequence_re(lang: str) -> re.Pattern[str]:
    """"قبل لقائه" / "before meeting": a sequence word, at most one word, a meeting noun."""
    words, nouns = _word_set(lang, "sequence_words"), _word_set(lang, "sequence_nouns")
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})\s+(?:\w+\s+)?(?:{'|'.join(map(re.escape, nouns))})(?!\w)",
                      re.IGNORECASE)


def _adopt_dates(events: list[Event]) -> None:
    """An undated call, meeting, visit … is the same event as a dated one of the article with the same parties."""
    dated: dict[tuple[str, frozenset[str], frozenset[str]], Event] = {}
    for ev in events:
        if ev.date and ev.type not in ("statement", "appeal", "condemn"):
            dated.setdefault(_party_key(ev), ev)
    for ev in events:
        if ev.date is None and ev.type in ("meet", "call"):
            visit = next((v for v in events if v.type == "visit" and v.date and v.sentence == ev.sentence
                          and set(v.source) & (set(ev.source) | set(ev.target))), None)
            if visit is not None:
                ev.date, ev.date_precision, ev.date_kind = visit.date, visit.date_precision, "during_visit"
                continue
        if ev.date is None and ev.date_kind != "relative_event" and ev.type not in ("statement", "appeal", "condemn"):
            other = dated.get(_party_key(ev))
            if other is not None:
                ev.date, ev.date_precision, ev.date_kind = other.date, other.date_precision, "same_event"
                ev.date_text = other.date_text


def _party_key(ev: Event) -> tuple[str, frozenset[str], frozenset[str]]:
    if ev.type in _PAIRED:
        return (ev.type, frozenset(ev.source) | frozenset(ev.target), frozenset())
    return (ev.type, frozenset(ev.source), frozenset(ev.target))


def _resolve_event_relative_dates(events: list[Event], dates: list[DateMention], mentions: list[ActorMention]) -> None:
    from ingest.dates import resolve_offset

    for ev in events:
        d: DateMention | None = ev.__dict__.pop("_anchor", None)
        if d is None:
            continue
        a, b = d.anchor_span or (0, 0)
        named = {m.actor_id for m in mentions if a <= m.start < b and m.actor_id}
        earlier = [o for o in events if o is not ev and o.date and o.date_kind != "relative_event" and o.start < ev.start]
        anchor = next((o for o in reversed(earlier) if named & set(o.source + o.target)), None)
        if anchor is None and not named:
            anchor = earlier[-1] if earlier else None
        if anchor is not None:
            ev.date, ev.date_precision = resolve_offset(anchor.date, anchor.date_precision, d.offset_days or 0)


# -- derived events ------------------------------------------------------------

def _derived_visits(events: list[Event], groups: dict[str, ActorMention]) -> list[Event]:
    """A meeting held in a named place by a foreign party implies that party's visit there."""
    out = []
    for ev in events:
        if ev.type != "meet" or not ev.place:
            continue
        place = get_actor(ev.place[0])
        place_country = getattr(place, "country", None)
        if not place_country:
            continue
        visitors = []
        for a in ev.source:
            group = groups.get(a)
            if group is not None:
                country = group.role[1].split(":")[1] if group.role and group.role[1] else None
                if country != place_country:
                    visitors.extend(group.members)
                continue
            country = getattr(get_actor(a), "country", None)
            if country and country != place_country:
                visitors.append(a)
        if visitors:
            out.append(replace(ev, type="visit", source=visitors, target=list(ev.place), rule="visit.from_meeting_place",
                               place=list(ev.place), confidence=0.6))
    return out


def _set_codes(ev: Event) -> None:
    spec = _codes()[ev.type]
    sub = None
    if ev.type == "agree" and ev.rule.startswith("agree.sign"):
        sub = spec.get("signed")
    if ev.type == "message" and "congrat" in ev.rule:
        sub = spec.get("congratulation")
    chosen = sub or spec
    ev.cameo = chosen["cameo"]
    ev.goldstein = float(chosen["goldstein"])
    ev.plover_type = (chosen.get("plover") or {}).get("type")
    ev.plover_mode = (chosen.get("plover") or {}).get("mode")
