"""Score a store against gold events, by the rules of ``../shared/eval/README.md``.

The figures are the same as the reference scorer ``score.py`` (a test checks
it); on top of them this reports the date accuracy: the share of events matched
with dates ignored whose date is also right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.store import Store
from ingest.errors import InputError

__all__ = ["TYPES", "evaluate", "format_report", "gold_norm"]

UNORDERED = {"call", "meet", "agree"}
DIRECTED = {"visit", "invite", "message"}
SOURCE_ONLY = {"statement", "appeal", "condemn"}
TYPES = sorted(UNORDERED | DIRECTED | SOURCE_ONLY)

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def gold_norm(name: str) -> str:
    """Name normalisation of the scoring rules.

    >>> gold_norm("Ahmed al-Sharaa") == gold_norm("ahmed alsharaa")
    True
    """
    s = unicodedata.normalize("NFKC", name)
    s = _DIACRITICS.sub("", s).translate(_FOLD).casefold()
    s = re.sub(r"[-'’‘`ʼʿʾ.]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _slots(spec: Any) -> list[set[str]]:
    return [set(s) if isinstance(s, list) else {s} for s in (spec or [])]


def _covers(ids: list[str], gold_slots: list[set[str]], keys_of: Callable[[str], set[str]]) -> bool:
    if not ids and not gold_slots:
        return True
    keys = [keys_of(i) for i in ids]
    return all(any(k & s for k in keys) for s in gold_slots) and all(any(k & s for s in gold_slots) for k in keys)


def _max_matching(n_sys: int, order: list[int], ok: Callable[[int, int], bool]) -> dict[int, int]:
    """Kuhn's augmenting-path matching grown from the gold side in ``order``."""
    match_gold: dict[int, int] = {}
    match_sys: dict[int, int] = {}

    def try_gold(j: int, seen: set[int]) -> bool:
        for i in range(n_sys):
            if i in seen or not ok(i, j):
                continue
            seen.add(i)
            if i not in match_sys or try_gold(match_sys[i], seen):
                match_sys[i] = j
                match_gold[j] = i
                return True
        return False

    for j in order:
        try_gold(j, set())
    return match_gold


def _collapse(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in events:
        if e.get("type") in SOURCE_ONLY:
            key = (e["type"], tuple(sorted(e.get("source") or [])), e.get("date"))
            if key in seen:
                continue
            seen.add(key)
        out.append(e)
    return out


def _read_gold(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(f"{path}: gold file not found")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON in gold ({exc.msg})") from exc
    return rows


def evaluate(store: Store, gold_path: str | Path) -> dict[str, Any]:
    """Precision, recall and F1 per type (strict and loose), actor recall, date accuracy, errors."""
    names = {aid: {gold_norm(n) for n in ({a.get("name") or ""} | set(a.get("names") or [])) if n}
             for aid, a in store.actors.items()}
    members = {aid: list(a["members"]) for aid, a in store.actors.items() if a.get("kind") == "group" and a.get("members")}
    # Events are listed in file order (sorted by id), as score.py reads them.
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for eid in sorted(store.events):
        e = store.events[eid]
        by_article[str(e.get("article"))].append(e)

    counts = {m: defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0}) for m in ("strict", "loose")}
    found = total = 0
    dates_right = loose_matched = 0
    details: list[dict[str, Any]] = []
    for g in _read_gold(Path(gold_path)):
        art = g["article"]
        gold_names = {k: {gold_norm(n) for n in v["names"]} for k, v in g.get("actors", {}).items()}
        required = {frozenset(s) for e in g.get("events", []) if not e.get("optional")
                    for s in _slots(e.get("source")) + _slots(e.get("target"))}
        for alts in required:
            total += 1
            found += any(ns & gold_names[k] for k in alts for ns in names.values())
        cache: dict[str, set[str]] = {}

        def keys_of(aid: str, _gn: dict[str, set[str]] = gold_names, _c: dict[str, set[str]] = cache) -> set[str]:
            if aid not in _c:
                ns = names.get(aid, {gold_norm(aid)})
                _c[aid] = {k for k, gs in _gn.items() if ns & gs}
            return _c[aid]

        def expand(ids: list[str]) -> list[str]:
            return [m for i in ids for m in members.get(i, [i])]

        def parts_ok(etype: str, se: dict[str, Any], ge: dict[str, Any], _k: Callable[[str], set[str]] = keys_of) -> bool:
            src, tgt = expand(list(se.get("source") or [])), expand(list(se.get("target") or []))
            gs, gt = _slots(ge.get("source")), _slots(ge.get("target"))
            if etype in UNORDERED:
                return _covers(src + tgt, gs + gt, _k)
            if etype in DIRECTED:
                return _covers(src, gs, _k) and _covers(tgt, gt, _k)
            return _covers(src, gs, _k)

        sys_events = _collapse(by_article.get(art, []))
        for etype in TYPES:
            se = [e for e in sys_events if e.get("type") == etype]
            ge = [e for e in g.get("events", []) if e.get("type") == etype]
            order = sorted(range(len(ge)), key=lambda j, _ge=ge: bool(_ge[j].get("optional")))
            for mode in ("strict", "loose"):
                def ok(i: int, j: int, _se=se, _ge=ge, _m=mode, _t=etype, _p=parts_ok) -> bool:
                    return _p(_t, _se[i], _ge[j]) and (_m == "loose" or _date_ok(_se[i], _ge[j]))

                m = _max_matching(len(se), order, ok)
                c = counts[mode][etype]
                c["tp"] += sum(1 for j in m if not ge[j].get("optional"))
                c["fn"] += sum(1 for j, e in enumerate(ge) if j not in m and not e.get("optional"))
                c["fp"] += sum(1 for i in range(len(se)) if i not in set(m.values()))
                if mode == "loose":
                    for j, i in m.items():
                        if not ge[j].get("optional"):
                            loose_matched += 1
                            dates_right += _date_ok(se[i], ge[j])
                else:
                    matched = set(m.values())
                    details += [{"article": art, "missed": e} for j, e in enumerate(ge) if j not in m and not e.get("optional")]
                    details += [{"article": art, "spurious": {k: e.get(k) for k in ("type", "source", "target", "date", "evidence")}}
                                for i, e in enumerate(se) if i not in matched]

    result: dict[str, Any] = {}
    for mode in ("strict", "loose"):
        tot = {"tp": 0, "fp": 0, "fn": 0}
        per_type = {}
        for etype, c in counts[mode].items():
            if c["tp"] + c["fp"] + c["fn"]:
                per_type[etype] = _prf(c)
                for k in tot:
                    tot[k] += c[k]
        result[mode] = {"overall": _prf(tot), "per_type": per_type}
    result["actor_recall"] = round(found / total, 4) if total else 0.0
    result["date_accuracy"] = round(dates_right / loose_matched, 4) if loose_matched else 0.0
    result["details"] = details
    return result


def _date_ok(se: dict[str, Any], ge: dict[str, Any]) -> bool:
    gd, sd = ge.get("date"), se.get("date")
    if gd is None:
        return sd is None
    return isinstance(sd, str) and sd.startswith(gd)


def _prf(c: dict[str, int]) -> dict[str, Any]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {**c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def format_report(res: dict[str, Any], details: bool = True) -> str:
    """The report in the layout of ``score.py`` (plus the date accuracy line)."""
    lines = []
    for mode in ("strict", "loose"):
        lines.append(f"[{mode}]  {'type':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
        for etype, c in sorted(res[mode]["per_type"].items()):
            lines.append(f"         {etype:<10} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} "
                         f"{c['precision']:>6.2f} {c['recall']:>6.2f} {c['f1']:>6.2f}")
        o = res[mode]["overall"]
        lines.append(f"         {'ALL':<10} {o['tp']:>4} {o['fp']:>4} {o['fn']:>4} "
                     f"{o['precision']:>6.2f} {o['recall']:>6.2f} {o['f1']:>6.2f}")
    if details:
        for d in res["details"]:
            lines.append(("missed   " if "missed" in d else "spurious ") + json.dumps(d, ensure_ascii=False))
    lines.append(f"actor recall {res['actor_recall']:.2f}")
    lines.append(f"date accuracy {res['date_accuracy']:.2f} (matched events, dates ignored, whose date is right)")
    o = res["strict"]["overall"]
    lines.append(f"strict P={o['precision']:.3f} R={o['recall']:.3f} F1={o['f1']:.3f}")
    return "\n".join(lines)
