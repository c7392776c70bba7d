"""Importers for actor lists users already have: Wikidata SPARQL results and PETRARCH/TABARI dictionaries.

Each importer returns *entries* in the actor dictionary schema
(``ingest/lexicon/base/README.md``): plain dicts with ``id``, ``kind``, ``en``,
``ar``, ``country`` and ``roles``. :func:`dump_yaml` / :func:`write_yaml` write
them in the style of ``people_*.yaml`` (the text can be appended to one of those
files), and :func:`to_actors` turns them into :class:`ingest.model.Actor`.

Inputs: a :class:`~pathlib.Path` is a file to read; a ``str`` is the content
itself. Malformed input raises :class:`ingest.errors.InputError` naming the
file (``<string>`` for text) and the line or result row. Problems that do not
stop an import (an unknown CAMEO code, a person without a name) are *warnings*:
pass a list as ``warnings=`` to collect them; without one they are issued with
Python's :func:`warnings.warn` (``UserWarning``), never dropped silently.
"""

from __future__ import annotations

import json
import re
import warnings as pywarnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ingest import lexicon
from ingest.actors import _actor_from_row, _slug
from ingest.errors import InputError
from ingest.model import Actor

__all__ = ["dump_yaml", "from_petrarch", "from_wikidata_json", "to_actors", "write_yaml"]

Entry = dict[str, Any]

_ENTRY_KEYS = ("id", "kind", "en", "ar", "country", "roles")  # the order entries are written in
_ROLE_KEYS = ("office", "org", "since", "until")
_ISO3 = re.compile(r"[A-Z]{3}")
_ISO_DATE = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2})?)?")
_ARABIC = re.compile(r"[\u0600-\u06FF]")


# -- shared helpers ------------------------------------------------------------

def _read(source: str | Path) -> tuple[str, str]:
    """(text, name for messages): a Path is read, a str is the text itself."""
    if isinstance(source, Path):
        try:
            return source.read_text(encoding="utf-8"), str(source)
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not UTF-8 text ({exc.reason})") from exc
    return source, "<string>"


def _report(messages: list[str], out: list[str] | None) -> None:
    if out is not None:
        out.extend(messages)
        return
    for m in messages:
        pywarnings.warn(m, UserWarning, stacklevel=3)


def _check_office_org(office: str, org: str) -> None:
    offices = lexicon.load("base", "offices")
    if office not in offices:
        raise ValueError(f"unknown office {office!r}; use a key of ingest/lexicon/base/offices.yaml")
    if not (_ISO3.fullmatch(org) or org.startswith("org:")):
        raise ValueError(f"org {org!r} must be an ISO 3166 alpha-3 code (RUS) or an organisation id (org:un)")


def _add_unique(items: list[Any], new: Iterable[Any]) -> None:
    for x in new:
        if x not in items:
            items.append(x)


def _merge(entries: dict[str, Entry], entry: Entry) -> None:
    """Add ``entry`` to ``entries`` (by id), merging names and roles into an earlier one."""
    prior = entries.get(entry["id"])
    if prior is None:
        entries[entry["id"]] = entry
        return
    for key in ("en", "ar"):
        if entry.get(key):
            _add_unique(prior.setdefault(key, []), entry[key])
    _add_unique(prior["roles"], entry["roles"])
    if "country" not in prior and entry.get("country"):
        prior["country"] = entry["country"]


def _ordered(entry: Entry) -> Entry:
    """The entry with its keys in the dictionary's order and empty name lists dropped."""
    out = {k: entry[k] for k in _ENTRY_KEYS if k in entry and entry[k] is not None}
    for k in ("en", "ar"):
        if not out.get(k):
            out.pop(k, None)
    out["roles"] = [{k: r[k] for k in _ROLE_KEYS if r.get(k) is not None} for r in entry.get("roles", [])]
    return out


# -- Wikidata ------------------------------------------------------------------

_ENTITY = re.compile(r"https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q\d+)")
_XSD_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?")


def from_wikidata_json(data: dict[str, Any] | str | Path, office: str, org: str,
                       *, warnings: list[str] | None = None) -> list[Entry]:
    """Entries from a Wikidata SPARQL JSON result (``{"head": ..., "results": {"bindings": [...]}}``).

    Variables: ``person`` (entity IRI); labels in any variable named
    ``personLabel*`` (language from ``xml:lang``, else from a ``_ar``/``_en``
    suffix, else from the script) and ``personAltLabel*`` (comma-separated);
    optional ``start`` and ``end`` (``xsd:dateTime``, kept at day precision).
    Rows of one person merge: several terms give several roles, rows repeated
    per language give the names in both languages. ``office`` (a key of
    ``offices.yaml``) and ``org`` (``RUS`` or ``org:un``) are the caller's;
    ``position`` is not read. An ISO3 ``org`` is also the person's ``country``.

    >>> row = {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q7747"},
    ...        "personLabel": {"type": "literal", "xml:lang": "en", "value": "Vladimir Putin"},
    ...        "start": {"type": "literal", "value": "2012-05-07T00:00:00Z"}}
    >>> from_wikidata_json({"results": {"bindings": [row]}}, "head_of_state", "RUS")
    [{'id': 'Q7747', 'kind': 'person', 'en': ['Vladimir Putin'], 'country': 'RUS', 'roles': [{'office': 'head_of_state', 'org': 'RUS', 'since': '2012-05-07'}]}]
    """
    _check_office_org(office, org)
    result, where = _load_sparql_json(data)
    bindings = result.get("results", {}).get("bindings") if isinstance(result.get("results"), dict) else None
    if not isinstance(bindings, list):
        raise InputError(f"{where}: not a SPARQL JSON result (no results.bindings list)")
    entries: dict[str, Entry] = {}
    for i, row in enumerate(bindings, 1):
        if not isinstance(row, dict):
            raise InputError(f"{where}: result row {i}: a binding must be a JSON object")
        qid = _qid(row.get("person"), where, i)
        en: list[str] = []
        ar: list[str] = []
        for var, b in row.items():
            if var.startswith("personAltLabel"):
                labels = [s.strip() for s in _value(b).split(",")]
            elif var.startswith("personLabel"):
                labels = [_value(b).strip()]
            else:
                continue
            for label in labels:
                if not label or label == qid:  # the label service gives the QID when there is no label
                    continue
                lang = _label_lang(var, b, label)
                if lang == "ar":
                    _add_unique(ar, [label])
                elif lang == "en":
                    _add_unique(en, [label])
        role: Entry = {"office": office, "org": org}
        for var, key in (("start", "since"), ("end", "until")):
            day = _xsd_day(row.get(var), var, where, i)
            if day:
                role[key] = day
        if role.get("since") and role.get("until") and role["since"] > role["until"]:
            raise InputError(f"{where}: result row {i}: start {role['since']} is after end {role['until']}")
        entry: Entry = {"id": qid, "kind": "person", "en": en, "ar": ar, "roles": [role]}
        if _ISO3.fullmatch(org):
            entry["country"] = org
        _merge(entries, entry)
    out = [_ordered(e) for e in entries.values()]
    _report([f"{where}: {e['id']} has no English or Arabic label" for e in out if not e.get("en") and not e.get("ar")],
            warnings)
    return out


def _load_sparql_json(data: dict[str, Any] | str | Path) -> tuple[dict[str, Any], str]:
    if isinstance(data, dict):
        return data, "<dict>"
    text, where = _read(data)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}:{exc.lineno}: malformed JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(parsed, dict):
        raise InputError(f"{where}: not a SPARQL JSON result (expected a JSON object)")
    return parsed, where


def _value(binding: Any) -> str:
    return str(binding.get("value", "")) if isinstance(binding, dict) else ""


def _qid(binding: Any, where: str, row: int) -> str:
    m = _ENTITY.fullmatch(_value(binding))
    if m is None:
        raise InputError(f"{where}: result row {row}: 'person' is not a Wikidata entity IRI: {_value(binding)!r}")
    return m.group(1)


def _label_lang(var: str, binding: dict[str, Any], label: str) -> str:
    lang = str(binding.get("xml:lang") or "")
    if not lang and "_" in var:
        lang = var.rsplit("_", 1)[1]
    if not lang:
        lang = "ar" if _ARABIC.search(label) else "en"
    return lang.split("-")[0].lower()


def _xsd_day(binding: Any, var: str, where: str, row: int) -> str | None:
    """ISO day of an ``xsd:dateTime``/``xsd:date`` literal; None when absent or unknown (a blank node)."""
    if not isinstance(binding, dict) or binding.get("type") in ("bnode", "uri"):
        return None
    value = _value(binding)
    m = _XSD_DATETIME.fullmatch(value)
    try:
        if m is None:
            raise ValueError
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise InputError(f"{where}: result row {row}: {var!r} {value!r} is not an xsd:dateTime") from None


# -- PETRARCH / TABARI -----------------------------------------------------------

_BLOCK = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"[A-Z0-9]{3,}|---")
_YYMMDD = r"\d{6}(?:\d{2})?"
_RANGE = re.compile(rf"({_YYMMDD})?\s*-\s*({_YYMMDD})?")
_BOUND = re.compile(rf"([<>])\s*({_YYMMDD})")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_PARTICLES = {"al", "el", "bin", "ibn", "bint", "bu", "de", "del", "der", "van", "von", "da", "di", "du", "la", "le"}
_UNKNOWN = object()


@dataclass
class _Record:
    line: int
    names: list[str]
    blocks: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)  # line, code, since, until


def from_petrarch(text: str | Path, *, warnings: list[str] | None = None) -> list[Entry]:
    """Entries (people) from a PETRARCH/TABARI actor dictionary excerpt.

    A record is a name (``VLADIMIR_PUTIN_``), optional alias lines (``+PUTIN_``)
    and code blocks ``[CODE DATES]`` on the name line or on their own lines.
    DATES: ``A-B``, ``A-`` / ``-B`` (open ends), ``>A`` (from A), ``<B`` (until
    B) or nothing; dates are YYMMDD (years pivoted: 50-99 → 19xx, 00-49 → 20xx)
    or YYYYMMDD. ``#`` / ``;`` start comments, as do ``<!-- -->``. A code is a
    CAMEO country (``RUS``; the few CAMEO codes that are not ISO 3166 are
    translated) and a role part looked up in
    ``ingest/lexicon/base/cameo_actor_codes.yaml`` (``HOS`` → head_of_state,
    ``GOVFRM`` → foreign_minister, ``GOV`` → minister unless a more specific
    office covers the same period, ``ELI``/``MIL``... → no office). Ids are
    ``person:<slug of the first name>``; records with one id merge.

    Warnings (see the module docstring): unknown role codes (the country is
    kept, no role), non-country codes (``IGO``...), a range whose start falls
    after its end once the years are pivoted (the block is skipped), and
    records that only name a country (``RUSSIA_ [RUS]``: skipped, countries
    come from CLDR).

    >>> from_petrarch("VLADIMIR_PUTIN_  [RUSHOS 120507-]\\n+PUTIN_")
    [{'id': 'person:vladimir-putin', 'kind': 'person', 'en': ['Vladimir Putin', 'Putin'], 'country': 'RUS', 'roles': [{'office': 'head_of_state', 'org': 'RUS', 'since': '2012-05-07'}]}]
    """
    body, where = _read(text)
    codes = lexicon.load("base", "cameo_actor_codes")
    messages: list[str] = []
    entries: dict[str, Entry] = {}
    for rec in _petrarch_records(body, where):
        entry = _petrarch_entry(rec, codes, where, messages)
        if entry is not None:
            _merge(entries, entry)
    _report(messages, warnings)
    return [_ordered(e) for e in entries.values()]


def _petrarch_records(body: str, where: str) -> list[_Record]:
    records: list[_Record] = []
    in_comment = False
    for n, raw in enumerate(body.splitlines(), 1):
        line = raw
        if in_comment:  # inside a multi-line <!-- ... -->
            if "-->" not in line:
                continue
            line, in_comment = line.split("-->", 1)[1], False
        line = _HTML_COMMENT.sub(" ", line)
        if "<!--" in line:
            line, in_comment = line.split("<!--", 1)[0], True
        line = re.split(r"[#;]", line, maxsplit=1)[0].strip()
        if not line:
            continue
        blocks = [_petrarch_block(inner, n, where) for inner in _BLOCK.findall(line)]
        rest = _BLOCK.sub(" ", line).strip()
        if "[" in rest or "]" in rest:
            raise InputError(f"{where}:{n}: unbalanced '[' or ']' in {raw.strip()!r}")
        if rest.startswith("+"):
            name = _display_name(rest[1:])
            if not records:
                raise InputError(f"{where}:{n}: alias {rest!r} comes before any entry")
            if not name:
                raise InputError(f"{where}:{n}: empty alias")
            records[-1].names.append(name)
        elif rest:
            name = _display_name(rest)
            if not name:
                raise InputError(f"{where}:{n}: no name in {raw.strip()!r}")
            records.append(_Record(n, [name]))
        elif not records:
            raise InputError(f"{where}:{n}: code block {line!r} comes before any entry")
        if records:
            records[-1].blocks.extend(blocks)
    return records


def _petrarch_block(inner: str, n: int, where: str) -> tuple[int, str, str | None, str | None]:
    parts = inner.split(None, 1)
    if not parts or not _CODE.fullmatch(parts[0]):
        raise InputError(f"{where}:{n}: [{inner}] does not start with a CAMEO code (capital letters, like RUSGOV)")
    code, restriction = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not restriction:
        return n, code, None, None
    if m := _BOUND.fullmatch(restriction):
        day = _petrarch_date(m.group(2), inner, n, where)
        return (n, code, day, None) if m.group(1) == ">" else (n, code, None, day)
    m = _RANGE.fullmatch(restriction)
    if m is None or not (m.group(1) or m.group(2)):
        raise InputError(f"{where}:{n}: bad date restriction {restriction!r} in [{inner}] "
                         "(expected YYMMDD-YYMMDD, YYMMDD-, -YYMMDD, >YYMMDD or <YYMMDD)")
    since = _petrarch_date(m.group(1), inner, n, where) if m.group(1) else None
    until = _petrarch_date(m.group(2), inner, n, where) if m.group(2) else None
    return n, code, since, until


def _petrarch_date(s: str, inner: str, n: int, where: str) -> str:
    """ISO date of YYMMDD (pivot 50) or YYYYMMDD.

    >>> _petrarch_date("120507", "", 1, ""), _petrarch_date("991231", "", 1, ""), _petrarch_date("19270101", "", 1, "")
    ('2012-05-07', '1999-12-31', '1927-01-01')
    """
    if len(s) == 6:
        yy = int(s[:2])
        year, rest = (1900 + yy if yy >= 50 else 2000 + yy), s[2:]
    else:
        year, rest = int(s[:4]), s[4:]
    try:
        return date(year, int(rest[:2]), int(rest[2:])).isoformat()
    except ValueError as exc:
        raise InputError(f"{where}:{n}: bad date {s!r} in [{inner}] ({exc})") from None


def _petrarch_entry(rec: _Record, codes: Mapping[str, Any], where: str, messages: list[str]) -> Entry | None:
    roles_map: Mapping[str, str | None] = codes.get("roles") or {}
    generic = set(codes.get("generic") or [])
    aliases: Mapping[str, str] = codes.get("countries") or {}
    not_countries = set(codes.get("not_countries") or [])
    here = f"{where}:{rec.line}: {rec.names[0]}"
    if rec.blocks and all(len(c) == 3 and s is None and u is None for _, c, s, u in rec.blocks) \
            and not any(c in not_countries or c == "---" for _, c, _, _ in rec.blocks):
        messages.append(f"{here}: names a country ({rec.blocks[0][1]}); skipped (countries come from CLDR)")
        return None
    country: str | None = None
    roles: list[tuple[Entry, bool]] = []
    for n, code, since, until in rec.blocks:
        if code == "---":  # the null code
            continue
        prefix, part = code[:3], code[3:]
        if prefix in not_countries:
            messages.append(f"{where}:{n}: {rec.names[0]}: {code} does not start with a country code; no country, no role")
            continue
        iso = aliases.get(prefix, prefix)
        country = country or iso
        office = roles_map.get(part, _UNKNOWN) if part else None
        if office is _UNKNOWN:
            messages.append(f"{where}:{n}: {rec.names[0]}: unknown CAMEO role code {part!r} in {code}; "
                            f"country {iso} kept, no role")
            continue
        if office is None:
            continue
        if since and until and since > until:
            messages.append(f"{where}:{n}: {rec.names[0]}: [{code}] starts ({since}) after it ends ({until}) "
                            "once two-digit years are pivoted (50-99 → 19xx); block skipped")
            continue
        role: Entry = {"office": office, "org": iso}
        if since:
            role["since"] = since
        if until:
            role["until"] = until
        roles.append((role, part in generic))
    specific = [r for r, is_generic in roles if not is_generic]
    kept: list[Entry] = []
    _add_unique(kept, [r for r, is_generic in roles
                       if not is_generic or not any(s["org"] == r["org"] and _overlap(r, s) for s in specific)])
    names: list[str] = []
    _add_unique(names, rec.names)
    entry: Entry = {"id": f"person:{_slug(names[0])}", "kind": "person", "en": names, "roles": kept}
    if country:
        entry["country"] = country
    return entry


def _overlap(a: Entry, b: Entry) -> bool:
    lo, hi = "0000", "9999"
    return (a.get("since") or lo) <= (b.get("until") or hi) and (b.get("since") or lo) <= (a.get("until") or hi)


def _display_name(phrase: str) -> str:
    """``BASHAR_AL-ASSAD_`` → ``Bashar al-Assad``: words capitalised when all in capitals, particles lower case.

    >>> _display_name("BASHAR_AL-ASSAD_"), _display_name("MOHAMMED_BIN_SALMAN_"), _display_name("SEAN_O'BRIEN")
    ('Bashar al-Assad', 'Mohammed bin Salman', "Sean O'Brien")
    """
    words = [w for w in re.split(r"[_\s]+", phrase) if w]
    out = []
    for i, w in enumerate(words):
        if w.isupper():
            w = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), w.lower())
            if i and w.lower() in _PARTICLES:
                w = w.lower()
            elif i and re.match(r"(?:Al|El)-", w):
                w = w[:2].lower() + w[2:]
        out.append(w)
    return " ".join(out)


# -- output ---------------------------------------------------------------------

def to_actors(entries: Iterable[Entry]) -> list[Actor]:
    """:class:`~ingest.model.Actor` objects for dictionary entries (as the dictionary loader builds them).

    Raises :class:`~ingest.errors.InputError` for an entry without ``id``/``kind``
    or with a role whose office is not in ``offices.yaml``.

    >>> to_actors([{"id": "Q7747", "kind": "person", "en": ["Vladimir Putin"],
    ...             "roles": [{"office": "head_of_state", "org": "RUS", "since": "2012-05-07"}]}])[0].roles
    [Role(office='head_of_state', org='country:RUS', title='head of state', title_ar=None, since='2012-05-07', until=None)]
    """
    offices = lexicon.load("base", "offices")
    out = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("kind"):
            raise InputError(f"entry {i}: needs an 'id' and a 'kind': {entry!r}")
        for r in entry.get("roles") or []:
            if not isinstance(r, dict) or r.get("office") not in offices:
                raise InputError(f"entry {i} ({entry['id']}): role {r!r} has no office of offices.yaml")
        out.append(_actor_from_row(entry, "imported", offices))
    return out


def dump_yaml(entries: Iterable[Entry]) -> str:
    """Entries as YAML in the style of ``people_*.yaml`` (flow lists, one flow mapping per role, dates quoted).

    >>> print(dump_yaml([{"id": "Q7747", "kind": "person", "en": ["Vladimir Putin", "Putin"],
    ...                   "roles": [{"office": "head_of_state", "org": "RUS", "since": "2012-05-07"}]}]), end="")
    - id: Q7747
      kind: person
      en: [Vladimir Putin, Putin]
      roles:
        - {office: head_of_state, org: RUS, since: "2012-05-07"}
    """
    lines: list[str] = []
    for entry in entries:
        keys = [k for k in _ENTRY_KEYS if k in entry] + [k for k in entry if k not in _ENTRY_KEYS]
        first = True
        for key in keys:
            value = entry[key]
            if value is None:
                continue
            lead = "- " if first else "  "
            first = False
            if key == "roles" and value:
                lines.append(f"{lead}roles:")
                lines.extend(f"    - {_flow(r)}" for r in value)
            else:
                lines.append(f"{lead}{key}: {_flow(value)}")
        lines.append("")
    return "\n".join(lines)


def write_yaml(entries: Iterable[Entry], path: str | Path, *, header: str | None = None) -> None:
    """Write entries to ``path`` (UTF-8, Arabic unescaped) as :func:`dump_yaml` does; ``header`` becomes ``#`` lines."""
    text = dump_yaml(entries)
    if header:
        text = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + "\n" + text
    Path(path).write_text(text, encoding="utf-8")


def _flow(value: Any) -> str:
    """One value in YAML flow style; ISO date strings in double quotes so that they load back as strings."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return json.dumps(value)
    if isinstance(value, str) and _plain_ok(value):
        return value  # person:x, org:un unquoted, as the hand-written files have them
    # PyYAML quotes a scalar as needed in flow context (commas, yes/no...): dump it inside a list
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30).strip()
    return dumped[1:-1]


def _plain_ok(s: str) -> bool:
    """Whether ``s`` written unquoted loads back as the same string in block and flow contexts."""
    if not s or s != s.strip() or "\n" in s or s[0] in "'\"[]{}!&*|>%@`#,?:-":
        return False
    try:
        return yaml.safe_load(f"k: {s}") == {"k": s} and yaml.safe_load(f"[{s}, x]") == [s, "x"] \
            and yaml.safe_load(f"{{k: {s}, x: y}}") == {"k": s, "x": "y"}
    except yaml.YAMLError:
        return False
