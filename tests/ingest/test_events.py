"""Event extraction behaviours, on sentences written for the tests (Arabic and English)."""

from __future__ import annotations

from datetime import date

import pytest

import sifara
from ingest.model import Article
from ingest.pipeline import extract

PUB = date(2023, 4, 19)  # a Wednesday


def _events(text: str, lang: str = "ar", published: date | None = PUB) -> list[tuple]:
    x = extract(Article(id="t", text=text, language=lang, published=published))
    return sorted((e.type, tuple(e.source), tuple(e.target), e.date, e.modality) for e in x.events)


def _types(text: str, lang: str = "ar") -> list[str]:
    return sorted(e[0] for e in _events(text, lang))


@pytest.mark.parametrize(
    "text, lang, expect",
    [
        ("أجرى وزير الخارجية السعودي فيصل بن فرحان اتصالا هاتفيا أمس الثلاثاء مع نظيره الإيراني حسين أمير عبد اللهيان.",
         "ar", ("call", "2023-04-18")),
        ("تلقى وزير الخارجية المصري سامح شكري اتصالا هاتفيا اليوم من نظيره الأردني أيمن الصفدي.", "ar", ("call", "2023-04-19")),
        ("استقبل الرئيس السوري بشار الأسد أمس الثلاثاء وزير الخارجية السعودي فيصل بن فرحان.", "ar", ("meet", "2023-04-18")),
        ("Saudi Foreign Minister Faisal bin Farhan met Iranian Foreign Minister Hossein Amir-Abdollahian on Thursday.",
         "en", ("meet", "2023-04-13")),
        ("U.S. Secretary of State Antony Blinken spoke by phone on Monday with Russian Foreign Minister Sergei Lavrov.",
         "en", ("call", "2023-04-17")),
    ],
)
def test_events_paired_types_and_dates(text, lang, expect):
    found = [(e[0], e[3]) for e in _events(text, lang)]
    assert expect in found


def test_events_received_call_reverses_roles():
    evs = _events("تلقى وزير الخارجية المصري سامح شكري اتصالا هاتفيا اليوم من نظيره الأردني أيمن الصفدي.")
    call = next(e for e in evs if e[0] == "call")
    assert "safadi" in call[1][0] and "shoukry" in call[2][0]


@pytest.mark.parametrize(
    "text",
    [
        "لم يلتق وزير الخارجية السعودي فيصل بن فرحان نظيره الإيراني حسين أمير عبد اللهيان.",
        "Saudi Foreign Minister Faisal bin Farhan did not meet Iranian Foreign Minister Hossein Amir-Abdollahian.",
    ],
)
def test_events_negated_are_not_events(text):
    lang = "en" if text[0].isascii() else "ar"
    assert "meet" not in _types(text, lang)


def test_events_planned_visit_takes_future_date():
    evs = _events("سيزور وزير الخارجية السعودي فيصل بن فرحان دمشق يوم الخميس المقبل.")
    visit = next(e for e in evs if e[0] == "visit")
    assert visit[3] == "2023-04-20" and visit[4] == "planned"


def test_events_statement_in_a_call_takes_its_date_and_media_is_attribution():
    text = ("أجرى وزير الخارجية السعودي فيصل بن فرحان اتصالا هاتفيا أمس الثلاثاء مع نظيره الإيراني حسين أمير عبد اللهيان. "
            "وأكد الوزير السعودي دعم المملكة للحوار، وفق ما نقلته وكالة الأنباء السعودية.")
    x = extract(Article(id="t", text=text, language="ar", published=PUB))
    st = [e for e in x.events if e.type == "statement"]
    assert st and st[0].date == "2023-04-18"
    assert st[0].reported_by and all("media:" in r for r in st[0].reported_by)
    assert not any(s.startswith("media:") for e in x.events for s in e.source)


def test_events_appeal_content():
    assert "appeal" in _types("وشدد وزير الخارجية المصري سامح شكري أمس على ضرورة وقف إطلاق النار في غزة.")
    assert "appeal" in _types("Egyptian Foreign Minister Sameh Shoukry urged an immediate ceasefire on Tuesday.", "en")


def test_events_no_cue_no_date():
    evs = _events("وقال وزير الخارجية المصري سامح شكري إن الحوار هو السبيل الوحيد.")
    assert evs and all(e[3] is None for e in evs)


def test_events_have_codes_rule_and_evidence():
    x = extract(Article(id="t", text="استقبل الرئيس السوري بشار الأسد أمس الثلاثاء وزير الخارجية السعودي فيصل بن فرحان.",
                        language="ar", published=PUB))
    ev = next(e for e in x.events if e.type == "meet")
    assert ev.cameo == "040" and ev.plover_type == "CONSULT" and ev.rule and ev.evidence.startswith("استقبل")
    assert x.article.text[ev.start:ev.end].strip() == ev.evidence


def test_events_cross_language_fusion(tmp_path, write_article):
    """The same call told in Arabic and in English is one event with two mentions."""
    write_article("ar1.txt", "أجرى وزير الخارجية السعودي فيصل بن فرحان اتصالا هاتفيا أمس الثلاثاء مع نظيره الإيراني "
                             "حسين أمير عبد اللهيان.", published="2023-04-19")
    write_article("en1.txt", "Saudi Foreign Minister Faisal bin Farhan spoke by phone on Tuesday with Iranian Foreign "
                             "Minister Hossein Amir-Abdollahian.", published="2023-04-19")
    kg = sifara.build([str(tmp_path / "in")], out=tmp_path / "out")
    calls = [e for e in kg.store.events.values() if e["type"] == "call"]
    assert len(calls) == 1 and calls[0]["articles"] == ["ar1", "en1"] and calls[0]["date"] == "2023-04-18"
