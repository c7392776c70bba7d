"""Actors: dictionary matching, titles and discovery of unknown people, dated roles, coreference.

The gazetteer joins every known surface form (people and organisations from
``base/people_*.yaml`` and ``base/organizations.yaml``, places and metonyms from
``base/places.yaml``, countries from CLDR through babel plus
``<lang>/countries.yaml``) to one actor id. Matching walks the tokens of the
normalised article once and looks up the longest form starting at each token,
trying the Arabic clitics (و، ف، ب، ل، ك، لل) on the first one; a lookup extends
a form word by word only while it is still the beginning of some form (a prefix
index built once per table).

On top of names:

* a **title** (``<lang>/titles.yaml``) with its qualifiers (a demonym, a
  country, ``لدى الأمم المتحدة``) gives the office; followed by a known name it
  becomes that person's mention, followed by an unknown name a *discovered*
  person (``person:<slug>``), alone a *description* resolved on the event date
  through the dated roles (:func:`resolve_role`), or to the holder already named
  in the article;
* pair words (الطرفان، the two sides) and delegations (وفد روسي … ضم X و Y) are
  marked for the events stage; a surname after a full mention is the same person.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any, NamedTuple

from ingest import lexicon
from ingest.errors import LexiconError
from ingest.model import Actor, ActorMention, Role
from ingest.text import NormText, normalize

__all__ = [
    "all_actors",
    "article_actors",
    "find_actors",
    "get_actor",
    "resolve_role",
    "transliterate",
]

_AR_GAP_WORD = re.compile(r"(\W*)(\w+)")  # an Arabic token is a \w+ run; here with the gap before it
_EN_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[.'’\-][A-Za-z0-9\u00C0-\u024F]+)*\.?")
_ACRONYM = re.compile(r"(?:[A-Z]\.)+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ONE_COMMA = re.compile(r"\s*[،,]\s*")
_CLOSE_BREAK = re.compile(r"[.؟?!]|\n\s*\n")
_GAP_BREAK = re.compile(r"[.؟?!:]|\n\s*\n")
_EN_NAME_WORD = re.compile(r"[A-Z][a-z'’\-]+|[A-Z]\.")
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_APPOSITION_GAP = re.compile(r"\s*[،,]?\s*")
_MAX_FORM_TOKENS = 10
_AR_CLITIC_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ول", "وب", "فل", "فب", "وك", "و", "ف", "ب", "ل", "ك")
_PEOPLE_FILES = ("people_arab", "people_world")


# -- dictionary ------------------------------------------------------------

@cache
def _countries() -> dict[str, Actor]:
    """Every country: names from CLDR (babel) in Arabic and English, ISO alpha-3 from CLDR aliases."""
    from babel import Locale
    from babel.core import get_global

    aliases = get_global("territory_aliases")
    a3_of: dict[str, str] = {}
    for a3, targets in sorted(aliases.items()):
        if len(a3) == 3 and a3.isalpha() and a3.isupper() and len(targets) == 1:
            # CLDR also lists retired codes (DDR, YMD, BUR): the current one shares the alpha-2 prefix
            code = targets[0]
            if code not in a3_of or (a3.startswith(code) and not a3_of[code].startswith(code)):
                a3_of[code] = a3
    ar, en = Locale("ar").territories, Locale("en").territories
    extra_ar = lexicon.load("ar", "countries") or {}
    extra_en = lexicon.load("en", "countries") or {}
    out: dict[str, Actor] = {}
    for code, en_name in en.items():
        if len(code) != 2 or not code.isalpha() or code not in a3_of or code in ("UN", "EU", "EZ", "QO"):
            continue
        a3 = a3_of[code]
        names = [en_name, ar.get(code, ""), *extra_ar.get(a3, []), *extra_en.get(a3, [])]
        name_ar = (extra_ar.get(a3) or [ar.get(code)])[0]
        en_display = (extra_en.get(a3) or [en_name])[0]  # the project's list starts with the usual short name
        out[f"country:{a3}"] = Actor(id=f"country:{a3}", name=en_display, kind="country", name_ar=name_ar,
                                     names=sorted({n for n in names if n}), country=a3)
    for a3, row in (lexicon.load("base", "historical_countries") or {}).items():
        en_names, ar_names = list(row.get("en") or []), list(row.get("ar") or [])
        out[f"country:{a3}"] = Actor(id=f"country:{a3}", name=en_names[0], kind="country",
                                     name_ar=ar_names[0] if ar_names else None,
                                     names=sorted(set(en_names + ar_names)), country=a3)
    return out


def _org_ref(ref: str | None) -> str | None:
    if ref is None:
        return None
    return f"country:{ref}" if len(ref) == 3 and ref.isupper() else ref


@cache
def _dictionary() -> dict[str, Actor]:
    """All known actors by id (countries, organisations, media, places, people)."""
    actors: dict[str, Actor] = dict(_countries())
    files = [("base", "organizations"), ("base", "places")] + [("base", f) for f in _PEOPLE_FILES]
    offices = lexicon.load("base", "offices")
    for folder, name in files:
        try:
            rows = lexicon.load(folder, name) or []
        except LexiconError:
            continue  # a dictionary part not shipped (yet): fewer known actors, not a failure
        seen_here: set[str] = set()
        for row in rows:
            actor = _actor_from_row(row, name, offices)
            if actor.id in seen_here:
                raise LexiconError(f"base/{name}.yaml: actor id {actor.id} is defined twice")
            seen_here.add(actor.id)
            prior = actors.get(actor.id)
            if prior is None:
                actors[actor.id] = actor
            elif prior.kind == actor.kind == "person":
                _merge_into(prior, actor)  # one person in two people files (a regional and a world list)
            elif prior.kind != "country":
                raise LexiconError(f"base/{name}.yaml: actor id {actor.id} is already a {prior.kind}")
    return actors


def _merge_into(prior: Actor, other: Actor) -> None:
    prior.names = sorted(set(prior.names) | set(other.names))
    prior.name_ar = prior.name_ar or other.name_ar
    prior.country = prior.country or other.country
    for role in other.roles:
        if role not in prior.roles:
            prior.roles.append(role)


def _actor_from_row(row: dict[str, Any], file: str, offices: dict[str, Any]) -> Actor:
    try:
        aid, kind = str(row["id"]), str(row["kind"])
    except KeyError as exc:
        raise LexiconError(f"base/{file}.yaml: entry {row!r} lacks {exc}") from exc
    en = [str(x) for x in row.get("en") or []]
    ar = [str(x) for x in row.get("ar") or []]
    roles = []
    for r in row.get("roles") or []:
        office = r.get("office")
        if office not in offices:
            raise LexiconError(f"base/{file}.yaml: {aid} has a role with unknown office {office!r}")
        roles.append(Role(office=office, org=_org_ref(str(r["org"])) if r.get("org") else None,
                          title=offices[office].get("en"), since=_iso(r.get("since")), until=_iso(r.get("until"))))
    return Actor(
        id=aid, kind=kind, name=(en or ar or [aid])[0], name_ar=ar[0] if ar else None,
        names=sorted(set(en + ar + [str(x) for x in row.get("abbr") or []])),
        country=row.get("country"), wikidata=aid if re.fullmatch(r"Q\d+", aid) else None, roles=roles,
    )


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def all_actors() -> dict[str, Actor]:
    """Every actor of the dictionary, by id (read-only)."""
    return _dictionary()


def get_actor(actor_id: str | None) -> Actor | None:
    """A dictionary actor by id (discovered actors live in their article's output)."""
    if actor_id is None:
        return None
    return _dictionary().get(actor_id)


@cache
def _stands_for() -> dict[str, str]:
    try:
        rows = lexicon.load("base", "places") or []
    except LexiconError:
        return {}
    return {str(r["id"]): str(r["stands_for"]) for r in rows if r.get("stands_for")}


@cache
def _role_index() -> dict[tuple[str, str], list[tuple[str, str | None, str]]]:
    idx: dict[tuple[str, str], list[tuple[str, str | None, str]]] = {}
    for a in _dictionary().values():
        for r in a.roles:
            if r.org:
                idx.setdefault((r.office, r.org), []).append((r.since or "0000", r.until, a.id))
    return idx


def _in_interval(on: str, since: str, until: str | None) -> bool:
    # compare at the precision of ``on`` (a month inside the interval counts)
    n = len(on)
    return since[:n] <= on and (until is None or on <= until[:n])


def resolve_role(office: str, org: str | None, on: str | None) -> str | None:
    """Id of the person who held ``office`` for ``org`` on date ``on``; None when unknown or ambiguous.

    >>> resolve_role("head_of_state", "country:RUS", None) is None
    True
    """
    if not org or not on:
        return None
    holders = {pid for since, until, pid in _role_index().get((office, _org_ref(org) or org), [])
               if _in_interval(on, since, until)}
    return holders.pop() if len(holders) == 1 else None


# -- surface forms -----------------------------------------------------------

def _key(form: str, lang: str) -> str:
    """Lookup key of a surface form: the tokens the matcher sees in text, space-joined."""
    if lang == "ar":
        return normalize(form)
    return " ".join(t.text for t in _tokens(form, "en")) or form


@cache
def _gazetteer(lang: str) -> dict[str, str]:
    """Normalised surface form → actor id (the first definition wins; ambiguous forms are dropped)."""
    forms: dict[str, set[str]] = {}
    for aid, a in _dictionary().items():
        for n in {a.name, a.name_ar or "", *a.names}:
            if not n:
                continue
            is_ar = bool(_ARABIC_LETTER.search(n))
            if is_ar != (lang == "ar"):
                continue
            forms.setdefault(_key(n, lang), set()).add(aid)
            if lang == "en" and n.upper() != n:
                forms.setdefault(_key(n.upper(), lang), set()).add(aid)
    out = {}
    for f, ids in forms.items():
        if len(ids) == 1:
            out[f] = next(iter(ids))
        else:
            # a place and its country share a name (جيبوتي): the country wins; otherwise ambiguous
            countries = [i for i in ids if i.startswith("country:")]
            if len(countries) == 1:
                out[f] = countries[0]
    return out


@cache
def _titles(lang: str) -> dict[str, Any]:
    data = lexicon.load(lang, "titles")
    by_form: dict[str, str] = {}
    for office, forms in data["titles"].items():
        for f in forms:
            by_form.setdefault(_title_key(f, lang), office)
    def norm(xs: list[str]) -> set[str]:
        return {_title_key(x, lang) for x in xs}

    out: dict[str, Any] = {
        "titles": by_form,
        "fixed_org": data.get("fixed_org", {}),
        "honorifics": norm(data.get("honorifics", [])),
        "complements": norm(data.get("complements", [])),
        "counterpart": norm(data.get("counterpart", [])),
        "pair": norm(data.get("pair", [])) | norm(data.get("pair_countries", [])),
        "pair_countries": norm(data.get("pair_countries", [])),
        "delegation": norm(data.get("delegation", [])),
        "members_cues": norm(data.get("members_cues", [])),
        "country_nouns": norm(data.get("country_nouns", [])),
        "not_names": norm(data.get("not_names", [])),
        "al_names": norm(data.get("al_names", [])),
        "of_person": set(data.get("of_person", [])),
        "posted_to": norm(data.get("posted_to", [])),
        "posted_offices": set(data.get("posted_offices", [])),
        "bare_ok": set(data.get("bare_ok", [])),
        "honorific_pronouns": {_title_key(k, lang): _title_key(v, lang)
                               for k, v in (data.get("honorific_pronouns") or {}).items()},
        "max_title": max(len(k.split()) for k in by_form),
    }
    out["complement_table"] = dict.fromkeys(out["complements"], True)
    out["pair_table"] = dict.fromkeys(out["pair"], "pair")
    out["country_noun_table"] = dict.fromkeys(out["country_nouns"], True)
    out["members_table"] = dict.fromkeys(out["members_cues"], True)
    return out


def _title_key(form: str, lang: str) -> str:
    return normalize(form) if lang == "ar" else " ".join(form.lower().split())


@cache
def _demonyms(lang: str) -> dict[str, str]:
    """Demonym (normalised) → country actor id."""
    try:
        data = lexicon.load(lang, "nisba") or {}
    except LexiconError:
        return {}
    out: dict[str, str] = {}
    group_orgs = lexicon.load(lang, "titles").get("group_orgs") or {}
    for a3, forms in data.items():
        if str(a3) == "_groups":
            for group, gforms in (forms or {}).items():
                if group in group_orgs:
                    for f in gforms or []:
                        out[_key(str(f), lang) if lang == "ar" else str(f)] = group_orgs[group]
            continue
        if str(a3).startswith("_"):
            continue
        for f in forms or []:
            out[_key(str(f), lang) if lang == "ar" else str(f)] = f"country:{a3}"
    return out


# -- tokens ------------------------------------------------------------------

class _Tok(NamedTuple):
    """A word of the normalised text (a named tuple: articles have many)."""

    start: int
    end: int
    text: str  # as in the normalised text
    key: str  # lookup key (same as text for Arabic; original case for English)


_new_tuple = tuple.__new__  # builds a _Tok without the Python-level __new__ of a named tuple (twice as fast)


def _tokens(text: str, lang: str) -> list[_Tok]:
    if lang == "ar":
        # the words and the gaps before them in one findall: offsets by addition, no match objects
        out, pos = [], 0
        for gap, word in _AR_GAP_WORD.findall(text):
            pos += len(gap)
            out.append(_new_tuple(_Tok, (pos, pos + len(word), word, word)))
            pos += len(word)
        return out
    return [_new_tuple(_Tok, (m.start(), m.end(), t, t)) if not t.endswith(_TRIMMED) else _en_trimmed(m)
            for m in _EN_TOKEN.finditer(text) for t in (m.group(),)]


_TRIMMED = ("'s", "’s", ".")


def _en_trimmed(m: re.Match[str]) -> _Tok:
    """An English token without its possessive 's or its full stop (kept in an acronym: U.S.)."""
    t = m.group()
    if t.endswith("'s") or t.endswith("’s"):
        t = t[:-2]
    elif t.endswith(".") and not _ACRONYM.fullmatch(t):
        t = t[:-1]
    return _Tok(m.start(), m.start() + len(t), t, t)


@lru_cache(maxsize=65536)
def _first_variants(tok: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The first token as written and without each Arabic clitic prefix: (lookup text, prefix)."""
    out = [(tok, "")]
    if lang == "ar":
        for p in _AR_CLITIC_PREFIXES:
            if tok.startswith(p) and len(tok) - len(p) >= 2:
                rest = tok[len(p):]
                if p.endswith("ال"):
                    out.append(("ال" + rest, p[:-2] or ""))
                elif p == "لل":
                    out.append(("ال" + rest, "ل"))
                else:
                    out.append((rest, p))
    return tuple(out)


_MISSING = object()


def _add_to_index(index: dict[str, Any], key: str, value: Any) -> None:
    """Index ``key`` and each of its space-delimited prefixes (a prefix that is no key maps to None)."""
    pos = key.find(" ")
    while pos != -1:
        index.setdefault(key[:pos], None)
        pos = key.find(" ", pos + 1)
    if index.get(key) is None:
        index[key] = value


class _Aliases(dict):
    """In-article short forms → actor id, indexing each form (and its first word) as it is added."""

    def __init__(self) -> None:
        super().__init__()
        self.firsts: set[str] = set()
        self.index: dict[str, Any] = {}

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.firsts.add(key.split(" ", 1)[0])
        if key not in self:
            _add_to_index(self.index, key, default)
        return super().setdefault(key, default)


_FIRSTS: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}
_INDEXES: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def _first_tokens(table: dict[str, Any]) -> frozenset[str] | set[str]:
    """First words of a table's keys.

    Lexicon tables live for the whole process: their index is cached (the cache
    holds the table, so its id cannot be reused). An article's aliases keep their own.
    """
    if isinstance(table, _Aliases):
        return table.firsts  # type: ignore[return-value]
    cached = _FIRSTS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, frozenset(k.split(" ", 1)[0] for k in table))
        _FIRSTS[id(table)] = cached
    return cached[1]


def _prefix_index(table: dict[str, Any]) -> dict[str, Any]:
    """A table's keys and their word prefixes, so that a lookup stops as soon as no key can match.

    Cached like :func:`_first_tokens`; an article's aliases keep theirs up to date.
    """
    if isinstance(table, _Aliases):
        return table.index
    cached = _INDEXES.get(id(table))
    if cached is None or cached[0] is not table:
        index: dict[str, Any] = {}
        for key, value in table.items():
            _add_to_index(index, key, value)
        cached = (table, index)
        _INDEXES[id(table)] = cached
    return cached[1]


def _lookup(tokens: list[_Tok], i: int, table: dict[str, Any], lang: str, max_len: int) -> tuple[int, Any, str] | None:
    """Longest entry of ``table`` starting at token i: (number of tokens, value, clitic prefix)."""
    best = None
    index = _prefix_index(table)
    limit = min(max_len, len(tokens) - i)
    for first, prefix in _first_variants(tokens[i].text, lang):
        key, n = first, 1
        val = index.get(key, _MISSING)
        while val is not _MISSING:
            if val is not None and (best is None or n > best[0]):
                best = (n, val, prefix)
            if n >= limit:
                break
            key = f"{key} {tokens[i + n].text}"
            n += 1
            val = index.get(key, _MISSING)
    return best


# -- finding mentions --------------------------------------------------------------

def find_actors(doc: NormText, lang: str, published: date | None = None) -> list[ActorMention]:
    """Every actor mention in ``doc.text``, in text order, non-overlapping (longest wins).

    >>> from ingest.text import normalize_text
    >>> [m.actor_id for m in find_actors(normalize_text("زار الوفد روسيا"), "ar")]
    ['country:RUS']
    """
    text = doc.text
    toks = _tokens(text, lang)
    gaz = _gazetteer(lang)
    titles = _titles(lang)
    demonyms = _demonyms(lang)
    mentions: list[ActorMention] = []
    aliases = _Aliases()  # short forms of people found in this article → id
    i = 0
    alias_firsts = aliases.firsts
    while i < len(toks):
        word = toks[i].text
        if not _starts_something(word, lang) and (not alias_firsts or alias_firsts.isdisjoint(_variants(word, lang))):
            i += 1  # most words start no name, title or cue: skip the matchers
            continue
        found = _match_title(toks, i, text, lang, gaz, titles, demonyms, aliases)
        if found is None:
            found = _match_name(toks, i, text, lang, gaz, aliases)
        if found is None:
            found = _match_special(toks, i, text, lang, titles, demonyms, mentions)
        if found is None:
            i += 1
            continue
        mention, n = found
        if lang == "ar" and not mention.clitic:
            mention.clitic = _clitic_of(toks[i].text, lang)
        mentions.append(mention)
        _register_aliases(mention, lang, aliases)
        i += n
    mentions = _contextual_countries(mentions, toks, text, lang)
    mentions = _merge_parentheticals(mentions, text)
    mentions = _drop_modifier_orgs(mentions, text)
    _resolve_appositions(mentions, text)
    _resolve_bare_titles(mentions, published)
    _resolve_honorific_pronouns(mentions, toks, text, lang, titles)
    _attach_members(mentions, toks, text, lang, titles)
    _resolve_counterparts(mentions, published)
    return mentions


@cache
def _starters(lang: str) -> frozenset[str]:
    """Every word that can start something the matchers look for (names, titles, demonyms, cue words)."""
    titles = _titles(lang)
    words: set[str] = set(_first_tokens(_gazetteer(lang))) | set(_first_tokens(titles["titles"]))
    for key in ("pair", "counterpart", "delegation", "country_nouns", "honorifics", "complements"):
        words |= {w.split(" ", 1)[0] for w in titles[key]}
    words |= set(_demonyms(lang)) | set(titles["honorific_pronouns"]) | set(_contextual_forms(lang))
    words |= {w.split(" ", 1)[0] for w in _contextual_forms(lang)}
    if lang == "en":
        words |= {w.lower() for w in words}
    return frozenset(words)


@lru_cache(maxsize=65536)
def _starts_something(token: str, lang: str) -> bool:
    """Whether a word (or, in Arabic, the word without a clitic) can start a form of the lexicons."""
    starters = _starters(lang)
    if lang == "en":
        return token in starters or token.lower() in starters
    return not starters.isdisjoint(_variants(token, lang))


@lru_cache(maxsize=65536)
def _variants(token: str, lang: str) -> tuple[str, ...]:
    """The lookup texts of :func:`_first_variants`."""
    return tuple(v for v, _ in _first_variants(token, lang))


def _clitic_of(token: str, lang: str) -> str:
    """The conjunction/preposition clitic on a mention's first word, when stripping it leaves a known form."""
    if lang != "ar":
        return ""
    titles, gaz = _titles(lang)["titles"], _gazetteer(lang)
    for variant, prefix in _first_variants(token, lang):
        if prefix and (variant in _first_tokens(gaz) or variant in _first_tokens(titles)
                       or variant in _titles(lang)["pair"] or variant in _titles(lang)["counterpart"]):
            return prefix
    return ""


def _register_aliases(m: ActorMention, lang: str, aliases: dict[str, str]) -> None:
    """After a person's full name, its surname alone refers to them in the rest of the article."""
    if m.kind != "person" or not m.actor_id:
        return
    if m.name:
        for short in _alias_forms(m.name, lang):
            aliases.setdefault(short, m.actor_id)
    for full in _names_in(m.actor_id, lang):
        for short in _alias_forms(full, lang):
            aliases.setdefault(short, m.actor_id)


@lru_cache(maxsize=65536)
def _names_in(actor_id: str, lang: str) -> tuple[str, ...]:
    """A dictionary actor's names written in ``lang``'s script."""
    actor = get_actor(actor_id)
    if actor is None:
        return ()
    return tuple(n for n in actor.names if bool(_ARABIC_LETTER.search(n)) == (lang == "ar"))


@lru_cache(maxsize=65536)
def _alias_forms(full: str, lang: str) -> tuple[str, ...]:
    """The short forms of a full name that may refer to its bearer later in the article."""
    gaz, blocked = _gazetteer(lang), _titles(lang)["not_names"]
    return tuple(short for short in _short_forms(_key(full, lang), lang)
                 if short not in gaz and len(short) >= 3 and short not in blocked and not _is_event_word(short, lang))


@cache
def _contextual_forms(lang: str) -> dict[str, str]:
    """Short forms that name a country only when the article is about it (المملكه → Saudi Arabia)."""
    data = (lexicon.load(lang, "countries") or {}).get("contextual") or {}
    return {_key(str(f), lang): f"country:{a3}" for a3, forms in data.items() for f in forms or []}


def _contextual_countries(mentions: list[ActorMention], toks: list[_Tok], text: str,
                          lang: str) -> list[ActorMention]:
    """Add mentions of contextual short forms whose country the article already names."""
    forms = _contextual_forms(lang)
    if not forms:
        return mentions
    present = set()
    for m in mentions:
        actor = get_actor(m.actor_id)
        if m.actor_id and m.actor_id.startswith("country:"):
            present.add(m.actor_id)
        elif actor is not None and actor.country:
            present.add(f"country:{actor.country}")
    if present.isdisjoint(forms.values()):
        return sorted(mentions, key=lambda m: m.start)  # no country of these forms is named: nothing to add
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    firsts = _first_tokens(forms)
    for i, tok in enumerate(toks):
        if firsts.isdisjoint(_variants(tok.text, lang)):
            continue  # starts no form (what _lookup would find out more slowly)
        hit = _lookup(toks, i, forms, lang, 3)
        if hit is None or hit[1] not in present:
            continue
        start, end = toks[i].start, toks[i + hit[0] - 1].end
        if any(a < end and start < b for a, b in taken):
            continue
        extra.append(ActorMention(start, end, text[start:end], hit[1], "country", via="context"))
    return sorted(mentions + extra, key=lambda m: m.start)


def _match_name(toks: list[_Tok], i: int, text: str, lang: str, gaz: dict[str, str],
                aliases: dict[str, str]) -> tuple[ActorMention, int] | None:
    hit = _lookup(toks, i, gaz, lang, _MAX_FORM_TOKENS)
    via = "dictionary"
    if hit is None and aliases:
        hit = _lookup(toks, i, aliases, lang, 3)
        via = "coref"
    if hit is None:
        return None
    n, aid, clitic = hit
    if lang == "en" and n == 1 and toks[i].text.isupper() and len(toks[i].text) <= 3 and aid.startswith("person:"):
        return None
    aid = _stands_for().get(aid, aid)
    actor = get_actor(aid)
    kind = actor.kind if actor else "person"
    start, end = toks[i].start, toks[i + n - 1].end
    return ActorMention(start, end, text[start:end], aid, kind, via=via, clitic=clitic), n


def _match_title(toks: list[_Tok], i: int, text: str, lang: str, gaz: dict[str, str], titles: dict[str, Any],
                 demonyms: dict[str, str], aliases: dict[str, str], depth: int = 0) -> tuple[ActorMention, int] | None:
    """title [qualifiers] [name] → a person mention (known, discovered) or a description."""
    table = titles["titles"]
    if lang == "en":
        # a demonym or a possessive country before the title: "Iranian Foreign Minister", "Saudi Arabia's King"
        pre_country, j = _en_pre_country(toks, i, text, gaz, demonyms)
        hit = _lookup_ci(toks, j, table, titles["max_title"])
        if hit is None:
            return None
        n_title, office, _ = hit
        k = j + n_title
        country = pre_country
    else:
        hit = _lookup(toks, i, table, lang, titles["max_title"])
        if hit is None:
            return None
        n_title, office, _ = hit
        k = i + n_title
        country = None
    fixed = titles["fixed_org"].get(office)
    org = _org_ref(fixed) if fixed else country
    # qualifiers: complements, demonyms, a country in the genitive or after a preposition
    k, org = _qualifiers(toks, k, text, lang, gaz, titles, demonyms, org, office)
    if office in titles["of_person"] and org is None and k < len(toks) and depth == 0:
        # "موفد خادم الحرمين الملك سلمان": the envoy of a (titled) person, whose country the office serves
        sender = _match_title(toks, k, text, lang, gaz, titles, demonyms, aliases, depth + 1)
        if sender is not None and sender[0].actor_id and _close(text, toks[k - 1].end, toks[k].start):
            k += sender[1]
            sender_actor = get_actor(sender[0].actor_id)
            if org is None and sender_actor is not None and sender_actor.country:
                org = f"country:{sender_actor.country}"
    if office == "spokesperson" and depth == 0:
        return _spokesperson(toks, i, k, text, lang, gaz, titles, demonyms, aliases)
    # a known name right after (allowing honorifics and one comma)
    # the name may start at an honorific (الملك سلمان) or after it (سلمان بن عبد العزيز): the longer wins
    m, name = k, None
    for start_at in _name_starts(toks, k, lang, titles):
        hit = _lookup(toks, start_at, gaz, lang, _MAX_FORM_TOKENS) or (
            _lookup(toks, start_at, aliases, lang, 3) if aliases else None)
        if hit is not None and (name is None or start_at + hit[0] > m + name[0]):
            m, name = start_at, hit
    start = toks[i].start
    if name is not None and _close(text, toks[max(m, k) - 1].end if max(m, k) > i else toks[i].end, toks[m].start):
        n, aid, _ = name
        actor = get_actor(aid)
        if actor is None or actor.kind == "person" or aid in aliases.values():
            end = toks[m + n - 1].end
            return ActorMention(start, end, text[start:end], aid, "person", role=(office, org),
                                title_span=(start, toks[k - 1].end), via="title"), m + n - i
    # an unknown name: discovery
    if m < len(toks) and _close(text, toks[k - 1].end, toks[m].start):
        n_name = _unknown_name(toks, m, text, lang, titles, gaz)
        if n_name:
            name_text = " ".join(t.text for t in toks[m:m + n_name])
            aid = "person:" + _slug(transliterate(name_text) if lang == "ar" else name_text)
            end = toks[m + n_name - 1].end
            for short in _short_forms(name_text, lang):
                aliases.setdefault(short, aid)
            aliases.setdefault(name_text, aid)
            return ActorMention(start, end, text[start:end], aid, "person", role=(office, org),
                                title_span=(start, toks[k - 1].end), via="title", name=name_text), m + n_name - i
    # an appositive: "title, title name" (موفد الملك، المستشار في الديوان الملكي نزار العلولا)
    if k < len(toks) and depth == 0 and _ONE_COMMA.fullmatch(text[toks[k - 1].end:toks[k].start]):
        nested = _match_title(toks, k, text, lang, gaz, titles, demonyms, aliases, depth + 1)
        if nested is not None and nested[0].actor_id and nested[0].via == "title":
            inner, n = nested
            end = inner.end
            return ActorMention(start, end, text[start:end], inner.actor_id, "person", role=inner.role,
                                title_span=(start, inner.title_span[1] if inner.title_span else end), via="title",
                                name=inner.name), k + n - i
    end = toks[k - 1].end
    if org is None:
        # a bare title (الامين العام، جلاله الملك): resolved later to the one holder the article names
        if office in titles["bare_ok"]:
            return ActorMention(start, end, text[start:end], None, "person", role=(office, None), via="bare"), k - i
        return None
    return ActorMention(start, end, text[start:end], None, "person", role=(office, org), via="description"), k - i


def _spokesperson(toks: list[_Tok], i: int, k: int, text: str, lang: str, gaz: dict[str, str],
                  titles: dict[str, Any], demonyms: dict[str, str],
                  aliases: dict[str, str]) -> tuple[ActorMention, int] | None:
    """"متحدث باسم X [NAME]": the named spokesperson, or, unnamed, the body X speaks for (GUIDELINES 2)."""
    if k >= len(toks):
        return None
    body = _match_title(toks, k, text, lang, gaz, titles, demonyms, aliases, 1) or _match_name(
        toks, k, text, lang, gaz, aliases)
    if body is None or not body[0].actor_id:
        return None
    inner, n = body
    end_idx = k + n
    name = _lookup(toks, end_idx, gaz, lang, _MAX_FORM_TOKENS) if end_idx < len(toks) else None
    start = toks[i].start
    if name is not None and _close(text, toks[end_idx - 1].end, toks[end_idx].start):
        end = toks[end_idx + name[0] - 1].end
        return ActorMention(start, end, text[start:end], name[1], "person", via="title"), end_idx + name[0] - i
    actor = get_actor(inner.actor_id)
    speaks_for = inner.actor_id
    if actor is not None and actor.kind == "person" and actor.country:
        speaks_for = f"country:{actor.country}"
    kind = get_actor(speaks_for).kind if get_actor(speaks_for) else "organization"
    end = toks[end_idx - 1].end
    return ActorMention(start, end, text[start:end], speaks_for, kind, via="spokesperson"), end_idx - i


def _name_starts(toks: list[_Tok], k: int, lang: str, titles: dict[str, Any]) -> list[int]:
    """Where a name may start after a title: right there, or after each honorific."""
    starts = [k]
    m = k
    while m < len(toks) and _key_of(toks[m], lang) in titles["honorifics"]:
        m += 1
        starts.append(m)
    return [x for x in starts if x < len(toks)]


def _lookup_ci(toks: list[_Tok], i: int, table: dict[str, str], max_len: int) -> tuple[int, str, str] | None:
    """Longest entry of a lower-case ``table`` starting at token i, ignoring case (English)."""
    limit = min(max_len, len(toks) - i)
    if limit < 1:
        return None
    best = None
    index = _prefix_index(table)
    key, n = toks[i].text.lower(), 1
    val = index.get(key, _MISSING)
    while val is not _MISSING:
        if val is not None:
            best = (n, val, "")
        if n >= limit:
            break
        key = f"{key} {toks[i + n].text.lower()}"
        n += 1
        val = index.get(key, _MISSING)
    return best


def _key_of(tok: _Tok, lang: str) -> str:
    return tok.text if lang == "ar" else tok.text.lower()


def _close(text: str, a: int, b: int) -> bool:
    """Only spaces, one comma or a colon between a title and a name."""
    gap = text[a:b]
    return len(gap) <= 4 and not _CLOSE_BREAK.search(gap) and gap.count("،") + gap.count(",") <= 1


def _en_pre_country(toks: list[_Tok], i: int, text: str, gaz: dict[str, str],
                    demonyms: dict[str, str]) -> tuple[str | None, int]:
    t = toks[i].text
    if t in demonyms:
        return demonyms[t], i + 1
    hit = _lookup(toks, i, gaz, "en", 4)
    if hit is not None:
        n, aid, _ = hit
        last = toks[i + n - 1]
        if aid.startswith("country:") and text[last.end:last.end + 2] in ("'s", "’s"):
            return aid, i + n
    return None, i


def _qualifiers(toks: list[_Tok], k: int, text: str, lang: str, gaz: dict[str, str], titles: dict[str, Any],
                demonyms: dict[str, str], org: str | None, office: str = "") -> tuple[int, str | None]:
    """Consume demonyms, complements and "of/في/ل/لدى + country or organisation" after a title."""
    steps = 0
    while k < len(toks) and steps < 8:
        steps += 1
        if _gap_breaks(text, toks[k - 1].end, toks[k].start):
            break
        key = _key_of(toks[k], lang)
        if lang == "ar" and toks[k].text in demonyms:
            org = org or demonyms[toks[k].text]
            k += 1
            continue
        hit = _lookup(toks, k, titles["complement_table"], lang, 5)
        if hit is not None and " ".join(t.text for t in toks[k:k + hit[0]]) in titles["posted_to"] \
                and office not in titles["posted_offices"]:
            hit = None  # "الوزير الي روسيا": a minister travels to Russia; an envoy is posted to it
        if hit is not None and lang == "ar":
            k += hit[0]
            # a country or organisation right after a preposition complement (في سوريا، لدي الامم المتحده)
            nxt = _lookup(toks, k, gaz, lang, _MAX_FORM_TOKENS) if k < len(toks) else None
            if nxt is not None and (nxt[1].startswith("country:") or nxt[1].startswith("org:")):
                org = org or nxt[1]
                k += nxt[0]
            continue
        if lang == "ar":
            nxt = _lookup(toks, k, gaz, lang, _MAX_FORM_TOKENS)
            if nxt is not None and nxt[2] in ("", "ل"):
                country = _country_of(nxt[1])
                if country is not None:
                    org = org or country  # ملك البحرين، رئيس اريتريا، ولي عهد ابوظبي
                    k += nxt[0]
                    continue
        if lang == "en" and key == "of" and k + 1 < len(toks):
            nxt = _lookup(toks, k + 1, gaz, lang, 6)
            if nxt is not None and (nxt[1].startswith("country:") or nxt[1].startswith("org:")):
                org = org or nxt[1]
                k += 1 + nxt[0]
                continue
        if lang == "en" and key in titles["complements"]:
            k += 1
            continue
        break
    return k, org


def _country_of(actor_id: str) -> str | None:
    """A country id for a country, or for a place (its country); None otherwise."""
    if actor_id.startswith("country:"):
        return actor_id
    actor = get_actor(actor_id)
    if actor is not None and actor.kind == "place" and actor.country:
        return f"country:{actor.country}"
    return None


def _gap_breaks(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return bool(_GAP_BREAK.search(gap)) or gap.count("،") + gap.count(",") > 1


def _unknown_name(toks: list[_Tok], m: int, text: str, lang: str, titles: dict[str, Any], gaz: dict[str, str]) -> int:
    """How many tokens from m look like a personal name (0 when they do not)."""
    if lang == "en":
        n = 0
        while m + n < len(toks) and n < 4 and _EN_NAME_WORD.fullmatch(toks[m + n].text) and \
                toks[m + n].text not in titles["not_names"]:
            if n and _gap_breaks(text, toks[m + n - 1].end, toks[m + n].start):
                break
            if n and text[toks[m + n - 1].end:toks[m + n].start] not in (" ", "\n"):
                break
            n += 1
        return n if n >= 2 else 0
    first = toks[m].text
    if first in titles["not_names"] or len(first) < 3 or (first.startswith("ال") and first not in titles["al_names"]):
        return 0
    if _is_event_word(first, lang) or _possessive(first) or first.startswith(("وال", "فال", "بال", "لل")):
        return 0
    if _lookup(toks, m, gaz, lang, 3) is not None or _lookup(toks, m, titles["titles"], lang, 3) is not None:
        return 0
    n = 1
    while m + n < len(toks) and n < 4:
        if text[toks[m + n - 1].end:toks[m + n].start] not in (" ", "\n"):
            break
        t = toks[m + n].text
        if t in titles["not_names"] or t in _demonyms(lang) or t in titles["complements"] or _is_event_word(t, lang) \
                or _possessive(t) or t in titles["counterpart"] or t in titles["pair"]:
            break
        if _lookup(toks, m + n, gaz, lang, 3) is not None:
            break
        n += 1
    # one-word names are too risky (a title followed by a common noun)
    return n if n >= 2 else 0


@cache
def _event_words(lang: str) -> frozenset[str]:
    """Single words of the trigger and cue lexicons: never part of a person's name."""
    words: set[str] = set()
    for entry in lexicon.load(lang, "triggers")["triggers"]:
        for form in entry["forms"]:
            words.update(_key(form, lang).split())
    for sec in lexicon.load(lang, "cues").values():
        forms = sec.get("forms", []) if isinstance(sec, dict) else sec if isinstance(sec, list) else []
        for form in forms:
            words.update(_key(str(form), lang).split())
    return frozenset(w for w in words if len(w) > 2)


def _is_event_word(tok: str, lang: str) -> bool:
    words = _event_words(lang)
    if tok in words:
        return True
    if lang != "ar":
        return False
    # with clitics attached (وجدد، لزياره، خلاله)
    stems = {v for v, _ in _first_variants(tok, lang)}
    stems |= {st[: -len(suf)] for st in list(stems) for suf in ("ه", "ها", "هما", "هم") if st.endswith(suf)}
    return bool(stems & words)


def _possessive(tok: str) -> bool:
    """A word with a possessive pronoun attached (محورها، بلادهم): not part of a name."""
    return len(tok) > 4 and tok.endswith(("ها", "هم", "هما", "كم"))


def _short_forms(name: str, lang: str) -> list[str]:
    parts = name.split()
    if len(parts) < 2:
        return []
    if lang == "ar" and len(parts) >= 3 and parts[-2] in ("ابو", "بن", "ال", "عبد"):
        return [" ".join(parts[-2:])]
    return [parts[-1]] if len(parts[-1]) >= 3 else []


def _match_special(toks: list[_Tok], i: int, text: str, lang: str, titles: dict[str, Any], demonyms: dict[str, str],
                   mentions: list[ActorMention]) -> tuple[ActorMention, int] | None:
    """Pair words, delegations, "the Russian side", counterparts."""
    tok = toks[i]
    key = _key_of(tok, lang)
    stripped = [v for v, _ in _first_variants(tok.text, lang)]
    if lang == "en":
        hit = _lookup_ci(toks, i, titles["pair_table"], 4)
        if hit is not None:
            end = toks[i + hit[0] - 1].end
            phrase = " ".join(t.text.lower() for t in toks[i:i + hit[0]])
            kind = "country" if phrase in titles["pair_countries"] else "group"
            return ActorMention(tok.start, end, text[tok.start:end], None, kind, pair=True, via="pair"), hit[0]
    elif any(v in titles["pair"] for v in stripped):
        kind = "country" if any(v in titles["pair_countries"] for v in stripped) else "group"
        return ActorMention(tok.start, tok.end, tok.text, None, kind, pair=True, via="pair"), 1
    # counterpart + demonym: نظيره الروسي / his Russian counterpart
    if any(v in titles["counterpart"] for v in stripped) and i + 1 < len(toks) and toks[i + 1].text in demonyms:
        end = toks[i + 1].end
        return ActorMention(tok.start, end, text[tok.start:end], None, "person",
                            role=("counterpart", demonyms[toks[i + 1].text]), via="counterpart"), 2
    if lang == "en" and key in ("his", "her") and i + 2 < len(toks) and toks[i + 1].text in demonyms and \
            toks[i + 2].text.lower() == "counterpart":
        end = toks[i + 2].end
        return ActorMention(tok.start, end, text[tok.start:end], None, "person",
                            role=("counterpart", demonyms[toks[i + 1].text]), via="counterpart"), 3
    # the Russian side: the country (and "والاثيوبيه" right after: a second one, left for the next token)
    noun = _lookup(toks, i, titles["country_noun_table"], lang, 3) if lang == "ar" else None
    if noun is not None and i + noun[0] < len(toks) and toks[i + noun[0]].text in demonyms:
        n = noun[0] + 1
        end = toks[i + n - 1].end
        return ActorMention(tok.start, end, text[tok.start:end], demonyms[toks[i + n - 1].text], "country",
                            via="nisba"), n
    if lang == "ar" and tok.text[:1] == "و" and tok.text[1:] in demonyms and mentions and mentions[-1].via == "nisba" \
            and mentions[-1].end >= tok.start - 2:
        return ActorMention(tok.start, tok.end, tok.text, demonyms[tok.text[1:]], "country", via="nisba",
                            clitic="و"), 1
    if lang == "en" and i + 1 < len(toks) and tok.text in demonyms and toks[i + 1].text.lower() in titles["country_nouns"]:
        end = toks[i + 1].end
        return ActorMention(tok.start, end, text[tok.start:end], demonyms[tok.text], "country", via="nisba"), 2
    # a delegation: وفد روسي / a Saudi delegation
    if any(v in titles["delegation"] for v in stripped):
        country = toks[i + 1].text if i + 1 < len(toks) else ""
        if lang == "ar" and country in demonyms:
            end = toks[i + 1].end
            return ActorMention(tok.start, end, text[tok.start:end], "group:pending", "group", via="group",
                                role=("delegation", demonyms[country]), name=text[tok.start:end]), 2
        if "الوفد" in stripped or key == "delegation":
            prior = next((m for m in reversed(mentions) if m.via == "group"), None)
            if prior is not None:
                return ActorMention(tok.start, tok.end, tok.text, "group:pending", "group", via="coref"), 1
    if lang == "en" and tok.text in demonyms and i + 1 < len(toks) and toks[i + 1].text.lower() == "delegation":
        end = toks[i + 1].end
        return ActorMention(tok.start, end, text[tok.start:end], "group:pending", "group", via="group",
                            role=("delegation", demonyms[tok.text]), name=text[tok.start:end]), 2
    return None


def _attach_members(mentions: list[ActorMention], toks: list[_Tok], text: str, lang: str, titles: dict[str, Any]) -> None:
    """Name each delegation deterministically and give it the people named after a members cue (ضم، led by).

    The id hashes the country and the members (so one delegation reported by two
    articles is one actor), or the text around it when no member is named.
    """
    cue_table = titles["members_table"]
    heads = [m for m in mentions if m.via == "group"]
    for gi, g in enumerate(heads):
        limit = heads[gi + 1].start if gi + 1 < len(heads) else len(text)
        for t_idx, t in enumerate(toks):
            if t.start < g.end or t.start >= limit:
                continue
            if _lookup(toks, t_idx, cue_table, lang, 3) is None:
                continue
            sent_end = _sentence_end(text, t.end)
            for m in mentions:
                if t.end <= m.start < sent_end and m.kind == "person" and m.actor_id and m.actor_id not in g.members:
                    g.members.append(m.actor_id)
            break
        country = (g.role[1] or "country:unk").split(":")[1].lower() if g.role else "unk"
        basis = ",".join(sorted(g.members)) or f"{text[max(0, g.start - 80):g.end + 80]}"
        g.actor_id = f"group:delegation-{country}-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:8]
    # "the delegation" later in the text refers to the last delegation named before it
    last: ActorMention | None = None
    for m in mentions:
        if m.via == "group":
            last = m
        elif m.via == "coref" and m.kind == "group" and last is not None:
            m.actor_id, m.members = last.actor_id, last.members


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"[.!?؟\n]").search(text, pos)
    return m.start() if m else len(text)


def _merge_parentheticals(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """"the United Arab Emirates (UAE)": one mention."""
    out: list[ActorMention] = []
    for m in mentions:
        if out and out[-1].actor_id == m.actor_id and _OPEN_PAREN.fullmatch(text[out[-1].end:m.start]):
            prev = out[-1]
            end = m.end + (1 if text[m.end:m.end + 1] == ")" else 0)
            out[-1] = ActorMention(prev.start, end, text[prev.start:end], prev.actor_id, prev.kind, role=prev.role,
                                   title_span=prev.title_span, via=prev.via, name=prev.name, members=prev.members)
            continue
        out.append(m)
    return out


def _drop_modifier_orgs(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """"French Foreign Ministry Secretary General Descotes": the ministry only qualifies the titled person."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "organization" and m.kind == "person" and m.via == "title" \
                and m.actor_id and text[prev.end:m.start] in (" ", ""):
            out[-1] = ActorMention(prev.start, m.end, text[prev.start:m.end], m.actor_id, "person", role=m.role,
                                   title_span=(prev.start, m.title_span[1] if m.title_span else m.end), via="title",
                                   name=m.name)
            continue
        out.append(m)
    return out


def _resolve_appositions(mentions: list[ActorMention], text: str) -> None:
    """A description right after a named person describes that person (سيرغي اكسيونوف رييس القرم)."""
    for prev, m in itertools.pairwise(mentions):
        close = _APPOSITION_GAP.fullmatch(text[prev.end:m.start])
        coordinated = m.text[:1] == "و" or m.text.lower().startswith("and ")
        if m.actor_id is None and m.role is not None and prev.kind == "person" and prev.actor_id and close \
                and m.via != "counterpart" and not coordinated:
            m.actor_id, m.via = prev.actor_id, "apposition"
        elif prev.actor_id is None and prev.role is not None and not prev.pair and m.kind == "person" \
                and m.actor_id and close:
            prev.actor_id, prev.via = m.actor_id, "apposition"  # "نظيره الايراني حسين امير عبد اللهيان"


def _holds(actor_id: str | None, office: str, on: str | None) -> bool:
    actor = get_actor(actor_id)
    if actor is None:
        return False
    return any(r.office == office and (on is None or _in_interval(on, r.since or "0000", r.until)) for r in actor.roles)


def _resolve_bare_titles(mentions: list[ActorMention], published: date | None) -> None:
    """"الامين العام" with no organisation: the one person of the article who holds that office."""
    on = published.isoformat() if published else None
    for m in mentions:
        if m.actor_id is None and m.role is not None and m.role[0] == "minister" and m.role[1]:
            # "الوزير السعودي": the one minister of that country the article names
            country = m.role[1].split(":")[1]
            holders = {x.actor_id for x in mentions if x.kind == "person" and x.actor_id and x is not m and (
                (x.role is not None and x.role[0].endswith("minister") and x.role[1] == m.role[1])
                or (getattr(get_actor(x.actor_id), "country", None) == country and any(
                    r.office.endswith("minister") for r in get_actor(x.actor_id).roles)))}
            if len(holders) == 1:
                m.actor_id, m.via = holders.pop(), "coref"
            continue
        if m.via != "bare" or m.role is None:
            continue
        office = m.role[0]
        holders = {x.actor_id for x in mentions if x.kind == "person" and x.actor_id and (
            (x.role is not None and x.role[0] == office) or _holds(x.actor_id, office, on))}
        if len(holders) == 1:
            m.actor_id, m.via = holders.pop(), "coref"


def _resolve_honorific_pronouns(mentions: list[ActorMention], toks: list[_Tok], text: str, lang: str,
                                titles: dict[str, Any]) -> None:
    """"جلالته" / "سموه": the last person mentioned with that honorific."""
    table = titles["honorific_pronouns"]
    if not table:
        return
    if not _honorific_re(lang).search(text):
        mentions.sort(key=lambda m: m.start)
        return  # no word of the article can be one (most articles)
    for t in toks:
        base = _honorific_base(t.text, lang)
        if base is None or any(m.start <= t.start < m.end for m in mentions):
            continue
        honorific = table[base]
        prior = [m for m in mentions if m.end <= t.start and m.kind == "person" and m.actor_id
                 and honorific in _key(text[max(0, m.start - 12):m.end], lang)]
        if prior:
            mentions.append(ActorMention(t.start, t.end, t.text, prior[-1].actor_id, "person", via="coref"))
    mentions.sort(key=lambda m: m.start)


@cache
def _honorific_re(lang: str) -> re.Pattern[str]:
    """Any text an honorific pronoun can be found in: the pronoun, or after ال the rest (a clitic took ال)."""
    keys = _titles(lang)["honorific_pronouns"]
    parts = set(keys) | {k[2:] for k in keys if lang == "ar" and k.startswith("ال") and len(k) > 2}
    return re.compile("|".join(re.escape(p) for p in sorted(parts)))


@lru_cache(maxsize=65536)
def _honorific_base(token: str, lang: str) -> str | None:
    """The honorific pronoun (جلالته) a word is, with or without a clitic; None for any other word."""
    table = _titles(lang)["honorific_pronouns"]
    return next((v for v, _ in _first_variants(token, lang) if v in table), None)


def _resolve_counterparts(mentions: list[ActorMention], published: date | None) -> None:
    """نظيره الروسي: the office of the last person mentioned before, for the demonym's country."""
    for idx, m in enumerate(mentions):
        if m.role is None or m.role[0] != "counterpart":
            continue
        office = None
        for prev in reversed(mentions[:idx]):
            if prev.kind != "person":
                continue
            if prev.role is not None and prev.role[0] != "counterpart":
                office = prev.role[0]
                break
            actor = get_actor(prev.actor_id)
            if actor is not None and published is not None:
                on = published.isoformat()
                held = [r.office for r in actor.roles if r.org and _in_interval(on, r.since or "0000", r.until)]
                if held:
                    office = held[0]
                    break
        m.role = (office, m.role[1]) if office else None


# -- actor records -------------------------------------------------------------

def transliterate(name: str) -> str:
    """Latin transliteration of a normalised Arabic name, for display.

    >>> transliterate("مرهف ابو قصره")
    'Mrhf Abw Qsrh'
    """
    data = lexicon.load("ar", "transliteration")
    letters, article = data["letters"], data["article"]
    words = []
    for w in name.split():
        prefix = ""
        if w.startswith("ال") and len(w) > 3:
            prefix, w = article, w[2:]
        latin = "".join(letters.get(ch, ch) for ch in w)
        words.append(prefix + latin.capitalize())
    return " ".join(words)


def _slug(s: str) -> str:
    s = _NON_SLUG.sub("-", s.lower().replace("'", "")).strip("-")
    return s or "unknown"


def article_actors(mentions: Iterable[ActorMention]) -> list[Actor]:
    """Actor records for the actor ids used in ``mentions`` (surface forms seen are added to their names)."""
    out: dict[str, Actor] = {}
    for m in mentions:
        if not m.actor_id:
            continue
        actor = out.get(m.actor_id) or _record(m)
        if actor is None:
            continue
        if m.via in ("dictionary", "coref") and m.text not in actor.names:
            actor.names.append(m.text)
        for member in m.members:
            if member not in actor.members:
                actor.members.append(member)
        out[m.actor_id] = actor
    return [out[k] for k in sorted(out)]


def _record(m: ActorMention) -> Actor | None:
    known = get_actor(m.actor_id)
    if known is not None:
        return Actor(id=known.id, name=known.name, kind=known.kind, name_ar=known.name_ar, names=list(known.names),
                     country=known.country, wikidata=known.wikidata, roles=list(known.roles))
    if not m.actor_id or not m.name:
        return None
    is_ar = bool(_ARABIC_LETTER.search(m.name))
    office, org = m.role if m.role else (None, None)
    country = org.split(":")[1] if org and org.startswith("country:") else None
    if m.actor_id.startswith("group:"):
        return Actor(id=m.actor_id, name=f"{country or 'unknown'} delegation", kind="group",
                     name_ar=m.name if is_ar else None, names=[m.name], country=country,
                     members=list(m.members), discovered=True)
    offices = lexicon.load("base", "offices")
    roles = [Role(office=office, org=org, title=offices[office].get("en"))] if office in offices and org else []
    display = transliterate(m.name) if is_ar else m.name
    return Actor(id=m.actor_id, name=display, kind="person", name_ar=m.name if is_ar else None,
                 names=sorted({m.name, display}), country=country, roles=roles, discovered=True)
