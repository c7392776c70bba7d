"""A synthetic corpus of Arabic and English diplomatic news, with its gold events.

Every article is built from the lexicon itself: real office holders
(``base/people_*.yaml`` through :func:`ingest.actors.all_actors`, each on a date
when they held the office), their titles and demonyms (``<lang>/titles.yaml``,
``<lang>/nisba.yaml``), capitals (``base/places.yaml``), trigger forms
(``<lang>/triggers.yaml``) and date expressions (``<lang>/dates.yaml``: أمس
الأربعاء, يوم الأحد 3 نوفمبر 2024, في الثالث من تشرين الثاني 2024, "on Monday",
"on March 3, 2024" …), put into hand-written sentence frames (verb-subject-object
for Arabic, subject-verb-object for English) and padded with sentences that hold
no event.

The frames fix the grammar; the lexicon fills it. A frame names a trigger rule
and the head words it can take (``اجرى`` for ``اجرى اتصالا هاتفيا``, a masculine
past tense; the feminine form is looked up in the same rule for country
subjects), so a form that is added to the lexicon is used at once, and a form
that two event types share is never used (its gold type would be a guess).

Each article is a pure function of ``(seed, language, index)``: any slice of a
corpus can be generated alone (the incremental benchmark adds articles 100000…
to a store of 0…99999). Written as ``.jsonl`` (``id``, ``text``, ``published``,
``language``, ``title``, ``publisher``) with a gold file beside it in the format
of ``../shared/eval/README.md``, so ``sifara eval`` scores the corpus.

The real dev articles (``../shared/eval/dev``) can be mixed in, repeated under
new ids, for realism; they are read at run time, never copied into the repo.

    python -m benchmarks.corpus --n 1000 --out bench/corpus              # Arabic and English, alternating
    python -m benchmarks.corpus --n 500 --lang ar --real-repeat 2 --out bench/ar
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from ingest import lexicon
from ingest.actors import all_actors
from ingest.model import Actor

__all__ = [
    "SEED",
    "CorpusFiles",
    "generate",
    "make_article",
    "real_articles",
    "write_corpus",
]

SEED = 20250213
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2025, 6, 30)
PUBLISHER = "Sifara synthetic corpus"
ATTRIBUTED = 0.15  # share of event sentences that end with an attribution to a news agency
_WIRES = frozenset({"media:tass", "media:reuters", "media:xinhua", "media:anadolu", "media:irna", "media:wafa"})

# Offices rendered with their title (first form of <lang>/titles.yaml) and the country's demonym.
TITLED_OFFICES = ("head_of_state", "head_of_government", "crown_prince", "foreign_minister", "defence_minister")
# Where the generic title would be wrong (a king is no "president", Iran's president is its head of
# government, Germany's is a chancellor): the person is named without a title.
_MONARCHIES = ("SAU", "JOR", "MAR", "BHR", "QAT", "KWT", "OMN", "ARE", "GBR", "ESP", "NLD", "BEL", "SWE",
               "NOR", "DNK", "JPN", "THA")
_UNTITLED = frozenset({("head_of_state", c) for c in _MONARCHIES}
                      | {("head_of_state", "IRN"), ("head_of_government", "IRN"),
                         ("head_of_government", "DEU"), ("head_of_government", "AUT")})


# --------------------------------------------------------------------------- lexicon view


@dataclass(frozen=True)
class Holding:
    """A person holding a titled office of a country between two days."""

    actor: Actor
    office: str
    country: str  # ISO 3166 alpha-3
    since: date
    until: date


@dataclass
class _Lexicon:
    """What the generator takes from the lexicon, indexed once per process."""

    holdings_by_year: dict[int, list[Holding]]
    countries: dict[str, Actor]  # alpha-3 → country actor
    capitals: dict[str, Actor]  # alpha-3 → capital place
    nisba_ar: dict[str, str]  # alpha-3 → definite masculine demonym (الروسي)
    demonym_en: dict[str, str]  # alpha-3 → Russian
    titles: dict[tuple[str, str], str]  # (lang, office) → title
    forms: dict[tuple[str, str], list[str]]  # (lang, rule id) → unambiguous trigger forms
    dates: dict[str, dict[str, Any]]  # lang → dates.yaml
    agencies: list[Actor]  # news agencies, for attributions ("according to Reuters")


def _day(value: str | None, end: bool) -> date | None:
    """A day from an ISO date at any precision (the first or last day of a month or year)."""
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _triggers(lang: str) -> dict[str, list[str]]:
    """Trigger forms by rule id, without the forms two event types share."""
    rules = lexicon.load(lang, "triggers")["triggers"]
    types_of: dict[str, set[str]] = defaultdict(set)
    for rule in rules:
        for form in rule["forms"]:
            types_of[str(form)].add(rule["type"])
    return {rule["id"]: [str(f) for f in rule["forms"] if len(types_of[str(f)]) == 1] for rule in rules}


@cache
def _lexicon() -> _Lexicon:
    actors = all_actors()
    countries = {a.country: a for a in actors.values() if a.kind == "country" and a.country}
    nisba_ar: dict[str, str] = {}
    for a3, forms in (lexicon.load("ar", "nisba") or {}).items():
        if a3.startswith("_") or not forms:
            continue
        definite = "ال" + str(forms[0])
        if definite in forms:
            nisba_ar[a3] = definite
    demonym_en = {a3: str(forms[0]) for a3, forms in (lexicon.load("en", "nisba") or {}).items()
                  if not a3.startswith("_") and forms}
    capitals: dict[str, Actor] = {}
    for row in lexicon.load("base", "places") or []:
        if row.get("stands_for") or not any(str(n).startswith("العاصمة") for n in row.get("ar") or []):
            continue
        place = actors.get(str(row["id"]))
        if place is not None and place.country and place.country not in capitals:
            capitals[place.country] = place
    titles = {(lang, office): str(forms[0])
              for lang in ("ar", "en")
              for office, forms in lexicon.load(lang, "titles")["titles"].items() if forms}
    by_year: dict[int, list[Holding]] = defaultdict(list)
    for actor in actors.values():
        if actor.kind != "person" or not actor.name_ar:
            continue
        for role in actor.roles:
            if role.office not in TITLED_OFFICES or not (role.org or "").startswith("country:"):
                continue
            a3 = (role.org or "")[len("country:"):]
            if a3 not in countries or a3 not in nisba_ar or a3 not in demonym_en:
                continue
            since = max(_day(role.since, end=False) or FIRST_DAY, FIRST_DAY)
            until = min(_day(role.until, end=True) or LAST_DAY, LAST_DAY)
            if since > until:
                continue
            holding = Holding(actor, role.office, a3, since, until)
            for year in range(since.year, until.year + 1):
                by_year[year].append(holding)
    forms = {(lang, rule): fs for lang in ("ar", "en") for rule, fs in _triggers(lang).items()}
    dates = {lang: lexicon.load(lang, "dates") for lang in ("ar", "en")}
    agencies = [a for a in actors.values() if a.kind == "media" and a.name_ar
                and (a.name_ar.startswith("وكالة") or a.id in _WIRES)]
    return _Lexicon(dict(by_year), countries, capitals, nisba_ar, demonym_en, titles, forms, dates, agencies)


def _active(lex: _Lexicon, on: date) -> list[Holding]:
    return [h for h in lex.holdings_by_year.get(on.year, []) if h.since <= on <= h.until]


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True)
class Frame:
    """A sentence pattern for one event type, filled with a trigger form of ``rule``.

    ``heads``: the first words of the forms it takes ("" in ``lasts`` allows a
    one-word form; ``lasts`` None allows any last word). The template's fields:
    ``{v}`` the whole form, ``{h}`` its first word and ``{rest}`` the others (an
    Arabic verb phrase is split around its subject), ``{src}``, ``{tgt}``,
    ``{dest}`` (a country or capital), ``{place}`` (" in Cairo" or empty), ``{dt}``
    (a date phrase with its leading space, or empty) and ``{x}`` (one of ``extras``).
    """

    type: str
    rule: str
    heads: frozenset[str]
    template: str
    lasts: frozenset[str] | None = None
    extras: tuple[str, ...] = ()
    solo: bool = False  # statement, appeal, condemn: a source only; a country may be the subject
    visit: bool = False
    words: int | None = None  # the exact number of words of the form, when it matters

    def forms(self, lex: _Lexicon, lang: str) -> list[str]:
        out = []
        for form in lex.forms.get((lang, self.rule), []):
            words = form.split()
            last = words[-1] if len(words) > 1 else ""
            if words[0] in self.heads and (self.lasts is None or last in self.lasts) \
                    and self.words in (None, len(words)):
                out.append(form)
        return out


def _fs(*words: str) -> frozenset[str]:
    return frozenset(words)


_AR_TOPICS = ("تعزيز العلاقات الثنائيه", "التطورات الاقليميه", "سبل تطوير التعاون الاقتصادي")
_AR_FIELDS = ("الطاقه", "النقل", "الزراعه", "التعليم", "الاستثمار")
_AR_SAID = ("الحل السياسي هو السبيل الوحيد لانهاء الازمه", "امن المنطقه واستقرارها اولويه قصوي",
            "العلاقات الثنائيه تشهد تطورا ملحوظا", "الحوار يبقي الطريق الانسب لمعالجه الخلافات")
_AR_APPEALS = ("وقف فوري لاطلاق النار", "التهدئه وضبط النفس", "حل سياسي شامل للازمه", "حمايه المدنيين",
               "احترام القانون الدولي")
_AR_CONDEMNED = ("الهجوم الذي استهدف مدنيين", "التصعيد العسكري الاخير", "استهداف المنشات المدنيه",
                 "الاعتداء علي البعثات الدبلوماسيه")
_AR_PURPOSES = ("للمشاركه في منتدي الاستثمار الدولي", "لحضور المعرض الدولي للطاقه")

AR_FRAMES: tuple[Frame, ...] = (
    Frame("call", "call.made", _fs("اجري"), "{h} {src} {rest} مع {tgt}{dt}، وبحث معه {x}.", extras=_AR_TOPICS),
    Frame("call", "call.made", _fs("اتصل"), "{h} {src} {rest} ب{tgt}{dt}."),
    Frame("call", "call.received", _fs("تلقي"), "{h} {tgt} {rest} من {src}{dt}."),
    Frame("meet", "meet.received", _fs("استقبل"), "{h} {src} {tgt}{place}{dt}."),
    Frame("meet", "meet.met", _fs("التقي"), "{h} {src} {tgt}{place}{dt}.", lasts=_fs("")),
    Frame("meet", "meet.met", _fs("اجتمع", "عقد", "اجري"), "{h} {src} {rest} مع {tgt}{place}{dt}."),
    Frame("visit", "visit.visited", _fs("زار"), "{h} {src} {dest}{dt}.", visit=True),
    Frame("visit", "visit.made", _fs("وصل", "توجه"), "{h} {src} الي {dest}{dt}.", lasts=_fs(""), visit=True),
    Frame("visit", "visit.made", _fs("قام"), "{h} {src} {rest} الي {dest}{dt}.", visit=True),
    Frame("invite", "invite.noun", _fs("دعوه"), "وجه {src}{dt} {v} الي {tgt} {x}.", extras=_AR_PURPOSES),
    Frame("invite", "invite.received", _fs("تلقي"), "{h} {tgt}{dt} {rest} من {src} {x}.", extras=_AR_PURPOSES),
    Frame("agree", "agree.signed", _fs("وقع"), "{h} {src} مع {tgt}{dt} مذكره تفاهم للتعاون في مجال {x}.",
          lasts=_fs(""), extras=_AR_FIELDS),
    Frame("agree", "agree.agreed", _fs("اتفق"), "{h} {src} مع {tgt}{dt} علي تعزيز التعاون في مجال {x}.",
          lasts=_fs(""), extras=_AR_FIELDS),
    Frame("message", "message.sent", _fs("بعث", "ارسل", "وجه"), "{h} {src} {rest} الي {tgt}{dt}.",
          lasts=_fs("رساله", "برقيه", "برساله", "ببرقيه")),
    Frame("message", "message.congratulated", _fs("هنا"), "{h} {src} {tgt}{dt} بمناسبه العيد الوطني.",
          lasts=_fs("")),
    Frame("statement", "statement.said", _fs("قال", "اكد", "اعلن", "اوضح", "اعتبر"), "{h} {src}{dt} ان {x}.",
          lasts=_fs(""), extras=_AR_SAID, solo=True),
    Frame("statement", "statement.said", _fs("صرح"), "{h} {src}{dt} بان {x}.", lasts=_fs(""), extras=_AR_SAID,
          solo=True),
    Frame("appeal", "appeal.urged", _fs("دعا"), "{h} {src}{dt} {rest} {x}.", lasts=_fs("الي"), extras=_AR_APPEALS,
          solo=True, words=2),
    Frame("appeal", "appeal.urged", _fs("طالب"), "{h} {src}{dt} ب{x}.", lasts=_fs(""), extras=_AR_APPEALS,
          solo=True),
    Frame("appeal", "appeal.urged", _fs("شدد"), "{h} {src}{dt} {rest} {x}.", lasts=_fs("ضروره", "وجوب"),
          extras=_AR_APPEALS, solo=True, words=3),
    Frame("condemn", "condemn.condemned", _fs("ادان", "استنكر", "انتقد"), "{h} {src}{dt} {x}.", lasts=_fs(""),
          extras=_AR_CONDEMNED, solo=True),
    Frame("condemn", "condemn.condemned", _fs("ندد"), "{h} {src}{dt} ب{x}.", lasts=_fs(""), extras=_AR_CONDEMNED,
          solo=True),
)

_EN_TOPICS = ("bilateral relations", "regional developments", "ways to expand economic cooperation")
_EN_FIELDS = ("energy", "transport", "agriculture", "education", "investment")
_EN_SAID = ("a political solution is the only way out of the crisis", "regional security remains a top priority",
            "bilateral ties are developing steadily", "dialogue remains the best way to settle differences")
_EN_CONDEMNED = ("the attack on civilians", "the latest military escalation", "the strike on civilian facilities",
                 "the assault on diplomatic missions")
_EN_PURPOSES = ("to attend an international investment forum", "to take part in an energy conference")
_SAY_VERBS = _fs("said", "stressed", "emphasised", "emphasized", "announced", "stated", "affirmed", "reaffirmed",
                 "noted", "added", "explained", "declared", "insisted", "confirmed", "reiterated")

EN_FRAMES: tuple[Frame, ...] = (
    Frame("call", "call.made", _fs("spoke", "held", "had", "talked", "discussed"), "{src} {v} {tgt}{dt} about {x}.",
          lasts=_fs("with"), extras=_EN_TOPICS),
    Frame("call", "call.made", _fs("phoned", "telephoned", "called"), "{src} {v} {tgt}{dt}.", lasts=_fs("")),
    Frame("call", "call.received", _fs("received"), "{tgt} {v} {src}{dt}."),
    Frame("meet", "meet.received", _fs("received", "hosted"), "{src} {v} {tgt}{place}{dt}.", lasts=_fs("")),
    Frame("meet", "meet.met", _fs("met", "held", "had", "conferred", "sat"), "{src} {v} {tgt}{place}{dt}.",
          lasts=_fs("", "with")),
    Frame("meet", "meet.passive", _fs("was"), "{tgt} {v} {src}{place}{dt}."),
    Frame("visit", "visit.visited", _fs("visited"), "{src} {v} {dest}{dt}.", lasts=_fs(""), visit=True),
    Frame("visit", "visit.visited", _fs("arrived", "travelled", "traveled", "flew", "landed", "paid"),
          "{src} {v} {dest}{dt}.", lasts=_fs("in", "to"), visit=True),
    Frame("invite", "invite.verb", _fs("invited", "extended", "issued"), "{src}{dt} {v} {tgt} {x}.",
          lasts=_fs("", "to"), extras=_EN_PURPOSES),
    Frame("invite", "invite.passive", _fs("was"), "{tgt} {v} by {src}{dt} {x}.", extras=_EN_PURPOSES),
    Frame("agree", "agree.signed", _fs("signed"), "{src} {v} a memorandum of understanding on {x} with {tgt}{dt}.",
          lasts=_fs(""), extras=_EN_FIELDS),
    Frame("agree", "agree.agreed", _fs("reached", "struck"), "{src} {v} with {tgt}{dt} on {x} cooperation.",
          extras=_EN_FIELDS),
    Frame("message", "message.sent", _fs("sent"), "{src} {v} {tgt}{dt}.", lasts=_fs("to")),
    Frame("message", "message.congratulated", _fs("congratulated"), "{src} {v} {tgt}{dt} on the national day.",
          lasts=_fs("")),
    Frame("statement", "statement.said", _SAY_VERBS, "{src} {v}{dt} that {x}.", lasts=_fs(""), extras=_EN_SAID,
          solo=True),
    Frame("appeal", "appeal.urged", _fs("urged"), "{src}{dt} {v} all parties to exercise restraint.",
          lasts=_fs(""), solo=True),
    Frame("appeal", "appeal.urged", _fs("called", "demanded"), "{src}{dt} {v} an immediate ceasefire.",
          lasts=_fs("", "for"), solo=True),
    Frame("appeal", "appeal.urged", _fs("called"), "{src}{dt} {v} the international community to protect civilians.",
          lasts=_fs("on"), solo=True),
    Frame("condemn", "condemn.condemned", _fs("condemned", "denounced", "criticised", "criticized", "deplored"),
          "{src}{dt} {v} {x}.", lasts=_fs(""), extras=_EN_CONDEMNED, solo=True),
)

FRAMES = {"ar": AR_FRAMES, "en": EN_FRAMES}

# Sentences with no actor, no trigger and no date: the padding of a real article.
FILLERS = {
    "ar": (
        "ويتابع المراقبون هذه التطورات باهتمام كبير.",
        "وتاتي هذه الخطوه في ظل ظروف اقتصاديه صعبه تمر بها المنطقه.",
        "ويري محللون ان هذه الخطوه تعكس تحولا في المواقف الاقليميه.",
        "ويعد هذا الملف من ابرز القضايا المطروحه علي الساحه.",
        "ولم تتوفر تفاصيل اضافيه حول هذا الملف حتي الان.",
        "وتسعي الاطراف المعنيه الي تجاوز الخلافات العالقه منذ سنوات.",
    ),
    "en": (
        "Analysts see the move as a sign of shifting regional alignments.",
        "The development comes amid heightened tensions in the region.",
        "Further details were not immediately available.",
        "Observers are following the situation closely.",
        "Trade between the two economies has grown steadily over the past decade.",
        "The issue has long been a source of friction.",
    ),
}


# --------------------------------------------------------------------------- dates


# The lexicon is written normalised (رييس for رئيس); the words a reader would notice get their spelling back.
_AR_SPELLING = {"رييس": "رئيس", "الرييس": "الرئيس", "مرييا": "مرئيا", "الجزايري": "الجزائري",
                "الاسراييلي": "الإسرائيلي", "الاماراتي": "الإماراتي", "الايراني": "الإيراني"}
_AR_WORD = re.compile(r"\w+")


def _spell(sentence: str) -> str:
    return _AR_WORD.sub(lambda m: _AR_SPELLING.get(m[0], m[0]), sentence)


_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ar_month(lex: _Lexicon, rng: random.Random, month: int) -> str:
    family = "levantine" if rng.random() < 0.3 else "egyptian"
    return str(lex.dates["ar"]["months"][family][month][0])


def _date_phrase(lex: _Lexicon, rng: random.Random, lang: str, published: date) -> tuple[str, str | None, date]:
    """A past date expression: (phrase with its leading space or "", gold ISO date or None, the day meant)."""
    d = lex.dates[lang]
    weekday = d["weekdays"]
    kind = rng.choices(("yesterday", "today", "weekday", "absolute", "ordinal", "month_day", "month", "none"),
                       weights=(25, 8, 17, 15, 8 if lang == "ar" else 0, 0 if lang == "ar" else 12, 9, 6))[0]
    if kind in ("yesterday", "today"):
        day = published - timedelta(days=1 if kind == "yesterday" else 0)
        offset = -1 if kind == "yesterday" else 0
        word = next(str(r["forms"][0]) for r in d["relative_days"] if r["offset"] == offset)
        if lang == "ar":
            return f" {word} {weekday[day.weekday()][0]}", day.isoformat(), day
        return f" {word}", day.isoformat(), day
    if kind == "weekday":
        day = published - timedelta(days=rng.randint(2, 6))
        name = str(weekday[day.weekday()][0])
        phrase = f" {d['day_word'][0]} {name}" if lang == "ar" else f" on {name.capitalize()}"
        return phrase, day.isoformat(), day
    if kind in ("absolute", "ordinal", "month_day"):
        day = published - timedelta(days=rng.randint(0, 27))
        if lang == "en":
            month = str(d["months"][day.month][0]).capitalize()
            if kind == "month_day":
                return f" on {month} {day.day}", day.isoformat(), day
            text = f"{month} {day.day}, {day.year}" if rng.random() < 0.5 else f"{day.day} {month} {day.year}"
            return f" on {text}", day.isoformat(), day
        month = _ar_month(lex, rng, day.month)
        if kind == "ordinal":
            return f" في {d['ordinal_days'][day.day][0]} من {month} {day.year}", day.isoformat(), day
        numbers = f"{day.day} {month} {day.year}"
        if rng.random() < 0.2:
            numbers = numbers.translate(_AR_DIGITS)
        lead = f"يوم {weekday[day.weekday()][0]}" if rng.random() < 0.5 else "في"
        return f" {lead} {numbers}", day.isoformat(), day
    if kind == "month":
        day = (published.replace(day=1) - timedelta(days=1)).replace(day=1) + timedelta(days=rng.randint(0, 27))
        month = _ar_month(lex, rng, day.month) if lang == "ar" else str(d["months"][day.month][0]).capitalize()
        return f" {'في' if lang == 'ar' else 'in'} {month} {day.year}", f"{day.year:04d}-{day.month:02d}", day
    day = published - timedelta(days=rng.randint(0, 6))
    return "", None, day


# --------------------------------------------------------------------------- articles


@dataclass
class _Article:
    lang: str
    published: date
    sentences: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: set[tuple[str, frozenset[str]]] = field(default_factory=set)

    def actor(self, a: Actor, surface: str) -> str:
        rec = self.actors.setdefault(a.id, {"names": set(), "kind": a.kind})
        rec["names"].update(n for n in (a.name, a.name_ar, *a.names, surface) if n)
        return a.id


def _person(lex: _Lexicon, rng: random.Random, art: _Article, h: Holding) -> str:
    lang = art.lang
    name = h.actor.name_ar if lang == "ar" else h.actor.name
    title = lex.titles.get((lang, h.office))
    text = name or h.actor.name
    if title and (h.office, h.country) not in _UNTITLED and rng.random() < 0.6:
        text = f"{title} {lex.nisba_ar[h.country]} {text}" if lang == "ar" else f"{lex.demonym_en[h.country]} {title} {text}"
    art.actor(h.actor, name or h.actor.name)
    return text


def _country(lex: _Lexicon, art: _Article, a3: str) -> str:
    a = lex.countries[a3]
    text = (a.name_ar if art.lang == "ar" else a.name) or a.name
    art.actor(a, text)
    return text


def _feminine(lex: _Lexicon, lang: str, rule: str, form: str) -> str | None:
    """The feminine past of an Arabic verb form (اكد → اكدت, دعا الي → دعت الي), if the rule lists it."""
    words = form.split()
    forms = lex.forms.get((lang, rule), [])
    for head in (words[0] + "ت", words[0][:-1] + "ت"):
        candidate = " ".join([head, *words[1:]])
        if candidate in forms:
            return candidate
    return None


def _add_event(lex: _Lexicon, rng: random.Random, art: _Article) -> None:
    lang = art.lang
    frame = rng.choice(FRAMES[lang])
    forms = frame.forms(lex, lang)
    if not forms:
        return
    form = rng.choice(forms)
    dt, gold_date, day = _date_phrase(lex, rng, lang, art.published)
    active = _active(lex, day)
    if len(active) < 2:
        return
    src_h = rng.choice(active)
    fields: dict[str, str] = {"dt": dt, "place": "", "x": rng.choice(frame.extras) if frame.extras else ""}
    target: list[Any] = []
    if frame.solo and rng.random() < 0.25 and (lang == "en" or _feminine(lex, lang, frame.rule, form)):
        if lang == "ar":
            form = _feminine(lex, lang, frame.rule, form) or form
        fields["src"] = _country(lex, art, src_h.country)
        source = [f"country:{src_h.country}"]
    else:
        fields["src"] = _person(lex, rng, art, src_h)
        source = [src_h.actor.id]
    if frame.visit:
        abroad = [c for c in lex.capitals if c != src_h.country and c in lex.countries]
        dest = rng.choice(abroad)
        country_id = lex.countries[dest].id
        if rng.random() < 0.5:
            cap = lex.capitals[dest]
            fields["dest"] = (cap.name_ar if lang == "ar" else cap.name) or cap.name
            art.actor(cap, fields["dest"])
            art.actor(lex.countries[dest], lex.countries[dest].name)
            target = [[cap.id, country_id]]
        else:
            fields["dest"] = _country(lex, art, dest)
            target = [country_id]
    elif not frame.solo:
        others = [h for h in active if h.country != src_h.country and h.actor.id != src_h.actor.id]
        if not others:
            return
        tgt_h = rng.choice(others)
        fields["tgt"] = _person(lex, rng, art, tgt_h)
        target = [tgt_h.actor.id]
        if src_h.country in lex.capitals and rng.random() < 0.4:
            cap = lex.capitals[src_h.country]
            name = (cap.name_ar if lang == "ar" else cap.name) or cap.name
            fields["place"] = f" في {name}" if lang == "ar" else f" in {name}"
    key = (frame.type, frozenset(str(p) for p in source + [t if isinstance(t, str) else t[0] for t in target]))
    if key in art.seen:
        return
    art.seen.add(key)
    words = form.split()
    fields.update(v=form, h=words[0], rest=" ".join(words[1:]))
    sentence = re.sub(r" {2,}", " ", frame.template.format(**fields)).replace(" .", ".").replace(" ،", "،")
    if lex.agencies and rng.random() < ATTRIBUTED:
        agency = rng.choice(lex.agencies)
        name = (agency.name_ar if lang == "ar" else agency.name) or agency.name
        sentence = sentence[:-1] + (f"، بحسب {name}." if lang == "ar" else f", according to {name}.")
    art.sentences.append(sentence[0].upper() + sentence[1:] if lang == "en" else _spell(sentence))
    # "frame" is not read by the scorers: it says which frame and trigger made the event, for diagnosis.
    art.events.append({"type": frame.type, "source": source, "target": target, "date": gold_date,
                       "frame": f"{frame.rule}:{form}"})


def make_article(index: int, lang: str, seed: int = SEED, prefix: str = "syn") -> tuple[dict[str, Any], dict[str, Any]]:
    """Article ``index`` of the ``lang`` corpus of ``seed``: its JSONL record and its gold record."""
    lex = _lexicon()
    rng = random.Random(f"{seed}:{lang}:{index}")
    published = FIRST_DAY + timedelta(days=rng.randint(30, (LAST_DAY - FIRST_DAY).days))
    art = _Article(lang, published)
    wanted = rng.randint(2, 5)
    for _ in range(wanted * 4):
        if len(art.events) >= wanted:
            break
        _add_event(lex, rng, art)
    body = list(art.sentences)
    for filler in rng.sample(FILLERS[lang], rng.randint(1, 3)):
        body.insert(rng.randint(1, len(body)), filler)
    # A headline on the first line, as in the real articles: the lead sentence's opening words.
    headline = " ".join(body[0].rstrip(".").split()[:8]) if body else ""
    art_id = f"{prefix}-{lang}-{index:07d}"
    record = {
        "id": art_id,
        "language": lang,
        "published": published.isoformat(),
        "title": headline,
        "publisher": PUBLISHER,
        "text": "\n".join([headline, "", *body]) + "\n",
    }
    gold = {
        "article": art_id,
        "language": lang,
        "published": published.isoformat(),
        "actors": {k: {"names": sorted(v["names"]), "kind": v["kind"]} for k, v in sorted(art.actors.items())},
        "events": art.events,
    }
    return record, gold


def generate(n: int, langs: Sequence[str] = ("ar", "en"), seed: int = SEED, start: int = 0,
             prefix: str = "syn") -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Articles ``start`` … ``start + n - 1``, their languages cycling through ``langs``."""
    for i in range(start, start + n):
        yield make_article(i, langs[i % len(langs)], seed, prefix)


def real_articles(shared_eval: Path, repeat: int, langs: Sequence[str] = ("ar", "en")
                  ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """The dev articles of ``../shared/eval/dev`` (read now, never copied into the repo), ``repeat`` times
    under new ids (``ar-001~2``), with their gold records renamed to match."""
    from ingest.articles import read_path

    for lang in langs:
        folder = shared_eval / "dev" / lang
        gold_path = shared_eval / "dev" / f"{lang}.gold.jsonl"
        if not folder.is_dir() or not gold_path.is_file():
            continue
        gold = {g["article"]: g for g in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines()) if g}
        for path in sorted(folder.glob("*.txt")):
            for a in read_path(str(path)):
                if a.id not in gold:
                    continue
                for k in range(repeat):
                    new_id = f"{a.id}~{k}"
                    record = {"id": new_id, "language": a.language, "title": a.title, "publisher": a.publisher,
                              "published": a.published.isoformat() if a.published else None, "text": a.text}
                    yield record, {**gold[a.id], "article": new_id}


@dataclass(frozen=True)
class CorpusFiles:
    """A written corpus: the articles, the gold, and what they hold."""

    articles: Path
    gold: Path
    n_articles: int
    n_bytes: int  # UTF-8 bytes of the article texts
    by_language: dict[str, int]


def write_corpus(folder: str | Path, n: int, langs: Sequence[str] = ("ar", "en"), seed: int = SEED,
                 start: int = 0, real_repeat: int = 0, shared_eval: Path | None = None,
                 name: str = "corpus", prefix: str = "syn") -> CorpusFiles:
    """Write ``<name>.jsonl`` and ``<name>.gold.jsonl`` into ``folder`` (``n`` synthetic articles, then the
    dev articles ``real_repeat`` times)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    items: Iterable[tuple[dict[str, Any], dict[str, Any]]] = generate(n, langs, seed, start, prefix)
    if real_repeat:
        items = _chain(items, real_articles(shared_eval or default_shared_eval(), real_repeat, langs))
    count, size = 0, 0
    by_language: dict[str, int] = defaultdict(int)
    art_path, gold_path = out / f"{name}.jsonl", out / f"{name}.gold.jsonl"
    with art_path.open("w", encoding="utf-8") as fa, gold_path.open("w", encoding="utf-8") as fg:
        for record, gold in items:
            fa.write(json.dumps(record, ensure_ascii=False) + "\n")
            fg.write(json.dumps(gold, ensure_ascii=False) + "\n")
            count += 1
            size += len(record["text"].encode("utf-8"))
            by_language[record["language"]] += 1
    return CorpusFiles(art_path, gold_path, count, size, dict(by_language))


def _chain(*parts: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for part in parts:
        yield from part


def default_shared_eval() -> Path:
    """``$SIFARA_SHARED/eval``, else ``../shared/eval`` beside the repository."""
    root = os.environ.get("SIFARA_SHARED")
    return Path(root) / "eval" if root else Path(__file__).resolve().parents[2] / "shared" / "eval"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic articles (default 1000)")
    parser.add_argument("--lang", choices=("ar", "en", "both"), default="both")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--start", type=int, default=0, help="index of the first article (to extend a corpus)")
    parser.add_argument("--real-repeat", type=int, default=0, help="also add the dev articles this many times")
    parser.add_argument("--out", default="bench/corpus", help="folder (default bench/corpus)")
    parser.add_argument("--name", default="corpus", help="file stem (default corpus)")
    args = parser.parse_args(argv)
    langs = ("ar", "en") if args.lang == "both" else (args.lang,)
    files = write_corpus(args.out, args.n, langs, args.seed, args.start, args.real_repeat, name=args.name)
    print(f"{files.n_articles} articles ({files.n_bytes / 1e6:.1f} MB, {files.by_language}) in {files.articles}; "
          f"gold in {files.gold}")


if __name__ == "__main__":
    main()
