"""Tests for ingest.dates: temporal expressions in Arabic and English news.

Every row is a sentence written for this file (in the style of wire copy, not
taken from the dev set or the seed article), the publication date it is read
against, the expression (as written; compared after normalisation), and the
expected resolution.
"""

from __future__ import annotations

import ast
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ingest.dates import find_dates, infer_publication_date, resolve_offset
from ingest.lexicon import load
from ingest.text import normalize, normalize_text
from tests.conftest import SHARED

SEED = SHARED / "corpus" / "seed" / "000_f1091ec8fa528e9a.txt"
DEV = SHARED / "eval" / "dev"

REL, ABS, EVT, UNR = "relative_publication", "absolute", "relative_event", "unresolved"

# Publication dates used below (weekday in the comment).
THU_FEB25 = "2025-02-13"  # Thursday
TUE_APR18 = "2018-04-03"  # Tuesday
TUE_JAN21 = "2021-01-05"  # Tuesday, early January: year boundaries
FRI_JUL16 = "2016-07-01"  # Friday, first of the month
MON_NOV23 = "2023-11-20"  # Monday
THU_JAN20 = "2020-01-16"  # Thursday
SUN_JAN20 = "2020-01-05"  # Sunday
THU_MAR87 = "1987-03-26"  # Thursday
MON_JUN87 = "1987-06-29"  # Monday


@dataclass(frozen=True)
class Row:
    sentence: str
    published: str | None
    expr: str
    value: str | None
    kind: str
    planned: str | None = None
    flags: tuple[str, ...] = ()
    offset: int | None = None
    anchor: str | None = None


def R(sentence: str, published: str | None, expr: str, value: str | None, kind: str, **kw: Any) -> Any:
    return pytest.param(Row(sentence, published, expr, value, kind, **kw), id=f"{expr}@{published}")


def _precision(value: str | None) -> str | None:
    return {10: "day", 7: "month", 4: "year"}.get(len(value)) if value else None


def _check(row: Row, lang: str) -> None:
    doc = normalize_text(row.sentence)
    pub = date.fromisoformat(row.published) if row.published else None
    mentions = find_dates(doc, lang, pub)
    want = normalize(row.expr)
    found = [m for m in mentions if m.text == want]
    assert found, f"{want!r} not found; got {[m.text for m in mentions]}"
    m = found[0]
    assert (m.value, m.kind) == (row.value, row.kind), m
    assert m.precision == _precision(row.value or row.planned), m
    assert m.value_if_planned == row.planned, m
    assert set(row.flags) <= set(m.flags), m
    if row.kind == EVT:
        assert m.offset_days == row.offset, m
        got_anchor = doc.text[m.anchor_span[0] : m.anchor_span[1]] if m.anchor_span else None
        assert got_anchor == (normalize(row.anchor) if row.anchor else None), m
    assert doc.text[m.start : m.end] == m.text


# --------------------------------------------------------------------------- Arabic

AR_ROWS = [
    # Levantine / Iraqi month names, with a year
    R("أعلنت الحكومة الجديدة برنامجها في 3 كانون الثاني 2019 أمام البرلمان", None, "3 كانون الثاني 2019", "2019-01-03", ABS),
    R("وكان الرئيس قد زار بغداد في 2 كانون ثاني 2011", None, "2 كانون ثاني 2011", "2011-01-02", ABS),
    R("اغتيل رئيس الوزراء الأسبق في 14 شباط 2005 في بيروت", None, "14 شباط 2005", "2005-02-14", ABS),
    R("بدأت العمليات العسكرية في 20 آذار 2003", None, "20 آذار 2003", "2003-03-20", ABS),
    R("دخلت القوات الأمريكية العاصمة في 9 نيسان 2003", None, "9 نيسان 2003", "2003-04-09", ABS),
    R("انسحب الجيش من الجنوب في 25 أيار 2000", None, "25 أيار 2000", "2000-05-25", ABS),
    R("التقى الوزيران في 12 حزيران 2024 في عمّان", None, "12 حزيران 2024", "2024-06-12", ABS),
    R("وقّع البلدان الاتفاقية في 30 تموز 2019", None, "30 تموز 2019", "2019-07-30", ABS),
    R("وقع الانفجار في المرفأ يوم 4 آب 2020", None, "يوم 4 آب 2020", "2020-08-04", ABS),
    R("عقد المؤتمر في 11 أيلول 2012 بحضور الوزراء", None, "11 أيلول 2012", "2012-09-11", ABS),
    R("شارك الوفد في الاجتماع الذي عقد في 6 تشرين الأول 1973", None, "6 تشرين الأول 1973", "1973-10-06", ABS),
    R("نالت البلاد استقلالها في 22 تشرين الثاني 1943", None, "22 تشرين الثاني 1943", "1943-11-22", ABS),
    R("وأرسل رسالة إلى نظيره في 31 كانون الأول 2022", None, "31 كانون الأول 2022", "2022-12-31", ABS),
    R("أغلقت الحدود في 8 من كانون الأول 2024 بسبب السيول", None, "8 من كانون الأول 2024", "2024-12-08", ABS),
    R("وفي 17 من تشرين الأول 2019 خرج المحتجون", None, "17 من تشرين الأول 2019", "2019-10-17", ABS),
    # Egyptian / Gulf names and spellings
    R("استقبل الرئيس نظيره في 18 يناير 2020", None, "18 يناير 2020", "2020-01-18", ABS),
    R("وقعت الدولتان مذكرة تفاهم في 7 فبراير 2022", None, "7 فبراير 2022", "2022-02-07", ABS),
    R("أجرى اتصالاً هاتفياً في 30 مارس 2019", None, "30 مارس 2019", "2019-03-30", ABS),
    R("وصل الوفد إلى القاهرة في 14 أبريل 2021", None, "14 أبريل 2021", "2021-04-14", ABS),
    R("وصل الوفد إلى القاهرة في 15 إبريل 2021", None, "15 إبريل 2021", "2021-04-15", ABS),
    R("وصل الوفد إلى القاهرة في 16 ابريل 2021", None, "16 ابريل 2021", "2021-04-16", ABS),
    R("بحث الجانبان الملف في 5 مايو 2017", None, "5 مايو 2017", "2017-05-05", ABS),
    R("أعلنت الرئاسة في 21 يونيو 2018 عن القمة", None, "21 يونيو 2018", "2018-06-21", ABS),
    R("أعلنت الرئاسة في 22 يونيه 2018 عن القمة", None, "22 يونيه 2018", "2018-06-22", ABS),
    R("اجتمع المجلس في 9 يوليو 2014", None, "9 يوليو 2014", "2014-07-09", ABS),
    R("اجتمع المجلس في 10 يوليه 2014", None, "10 يوليه 2014", "2014-07-10", ABS),
    R("افتتحت القناة الجديدة في 6 أغسطس 2015", None, "6 أغسطس 2015", "2015-08-06", ABS),
    R("افتتحت القناة الجديدة في 7 اغسطس 2015", None, "7 اغسطس 2015", "2015-08-07", ABS),
    R("زار الأمير العاصمة في 13 سبتمبر 2016", None, "13 سبتمبر 2016", "2016-09-13", ABS),
    R("أدلى بتصريحاته في 27 أكتوبر 2020", None, "27 أكتوبر 2020", "2020-10-27", ABS),
    R("تلقى الملك برقية في 3 نوفمبر 2017", None, "3 نوفمبر 2017", "2017-11-03", ABS),
    R("انعقدت القمة الخليجية في 19 ديسمبر 2023", None, "19 ديسمبر 2023", "2023-12-19", ABS),
    # Maghrebi and Moroccan names (final ى or ي both fold to ي)
    R("غادر الرئيس السابق البلاد يوم 14 جانفي 2011", None, "يوم 14 جانفي 2011", "2011-01-14", ABS),
    R("أعلن الحزب موقفه يوم 15 جانفى 2011", None, "يوم 15 جانفى 2011", "2011-01-15", ABS),
    R("خرجت المسيرات في 22 فيفري 2019", None, "22 فيفري 2019", "2019-02-22", ABS),
    R("أكد البيان الصادر في 23 فيفرى 2019 الموقف", None, "23 فيفرى 2019", "2019-02-23", ABS),
    R("استقبل الوزير نظيره في 12 مارس 2020", None, "12 مارس 2020", "2020-03-12", ABS),
    R("استقبل رئيس الحكومة الوفد في 9 أفريل 2015", None, "9 أفريل 2015", "2015-04-09", ABS),
    R("انتهت الحرب في أوروبا في 8 ماي 1945", None, "8 ماي 1945", "1945-05-08", ABS),
    R("انطلقت المشاورات في 5 جوان 2022", None, "5 جوان 2022", "2022-06-05", ABS),
    R("أعلن الرئيس إجراءاته في 25 جويلية 2021", None, "25 جويلية 2021", "2021-07-25", ABS),
    R("زار الوفد الجزائر في 20 أوت 2023", None, "20 أوت 2023", "2023-08-20", ABS),
    R("استقبل العاهل المغربي الوزير في 2 يوليوز 2019", None, "2 يوليوز 2019", "2019-07-02", ABS),
    R("ألقى الملك خطابا في 14 غشت 2020", None, "14 غشت 2020", "2020-08-14", ABS),
    R("وقعت المملكة الاتفاق في 5 شتنبر 2021", None, "5 شتنبر 2021", "2021-09-05", ABS),
    R("انطلقت المسيرة في 6 نونبر 2018", None, "6 نونبر 2018", "2018-11-06", ABS),
    R("وقع البلدان الإعلان المشترك في 10 دجنبر 2022", None, "10 دجنبر 2022", "2022-12-10", ABS),
    # Paired forms are one date; a conflicting pair takes the non-Levantine name
    R("وصل الوزير في 23 تموز/يوليو 2020 إلى أنقرة", None, "23 تموز/يوليو 2020", "2020-07-23", ABS),
    R("وصل الوزير في 24 يوليو/تموز 2020 إلى أنقرة", None, "24 يوليو/تموز 2020", "2020-07-24", ABS),
    R("اندلعت الاحتجاجات في مارس/ آذار 2011", None, "مارس/ آذار 2011", "2011-03", ABS),
    R("يفتتح المعرض في 12 يونيو (حزيران) 2016", None, "12 يونيو (حزيران) 2016", "2016-06-12", ABS),
    R("بدأ الحوار الوطني في فبراير/شباط 2016", None, "فبراير/شباط 2016", "2016-02", ABS),
    R("وأغلقت السفارة أبوابها منذ تشرين الثاني/نوفمبر 2017", None, "تشرين الثاني/نوفمبر 2017", "2017-11", ABS),
    R("عقدت جولة المحادثات في 5 نيسان/أبريل الماضي", THU_FEB25, "5 نيسان/أبريل الماضي", "2024-04-05", ABS,
      flags=("inferred_year",)),
    R("التقى وزراء المياه في يناير/كانون الأول الماضي في أديس أبابا", TUE_APR18, "يناير/كانون الأول الماضي", "2018-01",
      ABS, flags=("pair_conflict",)),
    R("اجتمع الطرفان في كانون الأول/يناير 2019", None, "كانون الأول/يناير 2019", "2019-01", ABS,
      flags=("pair_conflict",)),
    R("قدمت الحكومة استقالتها في 15 فبراير/شباط الماضي", TUE_APR18, "15 فبراير/شباط الماضي", "2018-02-15", ABS),
    R("انطلق الحوار الاستراتيجي في مارس/آذار عام 2015", None, "مارس/آذار عام 2015", "2015-03", ABS),
    R("تأسست اللجنة في أغسطس/آب من عام 2013", None, "أغسطس/آب من عام 2013", "2013-08", ABS),
    # Arabic-Indic digits
    R("عقد الاجتماع في ١٥ آذار ٢٠٢٣ في الدوحة", None, "١٥ آذار ٢٠٢٣", "2023-03-15", ABS),
    R("وقع الطرفان الاتفاق في ٣ يناير ٢٠٢٤", None, "٣ يناير ٢٠٢٤", "2024-01-03", ABS),
    R("تأسس المجلس عام ١٩٨١", None, "عام ١٩٨١", "1981", ABS),
    # Ordinal day words
    R("افتتح الجسر الجديد في الثالث من نوفمبر", THU_FEB25, "الثالث من نوفمبر", "2024-11-03", ABS,
      planned="2025-11-03"),
    R("وصل الوفد في التاسع والعشرين من آب 2019", None, "التاسع والعشرين من آب 2019", "2019-08-29", ABS),
    R("تغيرت السياسة الأمريكية بعد الحادي عشر من سبتمبر 2001", None, "الحادي عشر من سبتمبر 2001", "2001-09-11",
      ABS),
    R("يطبق القرار منذ الأول من يناير 2020", None, "الأول من يناير 2020", "2020-01-01", ABS),
    R("بدأت الحرب في العشرين من مارس 2003", None, "العشرين من مارس 2003", "2003-03-20", ABS),
    R("افتتح السفارة يوم الخامس عشر من مايو 2018", None, "يوم الخامس عشر من مايو 2018", "2018-05-15", ABS),
    R("خرجت الحشود في الثلاثين من حزيران 2013", None, "الثلاثين من حزيران 2013", "2013-06-30", ABS),
    R("ينتهي العمل بالاتفاق في الحادي والثلاثين من ديسمبر 2019", None, "الحادي والثلاثين من ديسمبر 2019",
      "2019-12-31", ABS),
    R("التقى الوزير نظيره في الثاني من شباط الجاري", THU_FEB25, "الثاني من شباط الجاري", "2025-02-02", ABS),
    R("سيزور الرئيس الجزائر في الخامس من الشهر المقبل", THU_FEB25, "الخامس من الشهر المقبل", "2025-03-05", REL),
    R("وصل السفير في العاشر من الشهر الماضي", THU_FEB25, "العاشر من الشهر الماضي", "2025-01-10", REL),
    R("يعقد المجلس جلسته في 15 من الشهر الجاري", THU_FEB25, "15 من الشهر الجاري", "2025-02-15", REL),
    # Years
    R("أنشئ الصندوق عام 2015 بمبادرة خليجية", None, "عام 2015", "2015", ABS),
    R("انطلقت الوساطة في العام 2011 برعاية أممية", None, "العام 2011", "2011", ABS),
    R("تم توقيع المعاهدة 2015م في الرياض", None, "2015م", "2015", ABS),
    R("تم توقيع المعاهدة 2016 م في الرياض", None, "2016 م", "2016", ABS),
    R("قامت الدولة سنة 1948 وفق القرار", None, "سنة 1948", "1948", ABS),
    R("تعود جذور الخلاف لعام 2003 بين البلدين", None, "لعام 2003", "2003", ABS),
    R("انضمت البلاد إلى المنظمة في 2014 بعد مفاوضات طويلة", None, "2014", "2014", ABS),
    R("توقفت الرحلات الجوية في2016 لأسباب أمنية", None, "2016", "2016", ABS),
    R("تتواصل الأزمة منذ 2011 دون حل", None, "2011", "2011", ABS),
    R("يتوقع إطلاق المشروع مطلع 2026", None, "2026", "2026", ABS),
    R("وقع الاتفاق في 3 مارس من عام 2015", None, "3 مارس من عام 2015", "2015-03-03", ABS),
    R("أفرج عن الرهائن في 10 أغسطس 2015 م بعد وساطة", None, "10 أغسطس 2015 م", "2015-08-10", ABS),
    # "in the same year" = the year of the last absolute date before it
    R("أعيد فتح السفارة في العام 2014 وتبادل البلدان السفراء في نفس العام", None, "نفس العام", "2014", ABS),
    R("زار الملك واشنطن في مايو 2017 وعاد إليها في العام نفسه", None, "العام نفسه", "2017", ABS),
    R("قطعت العلاقات عام 2016 وأعيدت في العام التالي", None, "العام التالي", "2017", ABS),
    R("عقدت القمة في مارس 2019 ووقعت الاتفاقية في الشهر نفسه", None, "الشهر نفسه", "2019-03", ABS),
    R("وقعت الدولتان اتفاقا في ذات العام", THU_FEB25, "ذات العام", None, UNR),
    # Numeric dates (day/month/year in Arabic news)
    R("صدر المرسوم بتاريخ 4/8/2015م", None, "4/8/2015م", "2015-08-04", ABS),
    R("آخر تحديث للخبر كان في 06/10/2020", None, "06/10/2020", "2020-10-06", ABS),
    R("نشر القرار في الجريدة الرسمية 2015/8/4", None, "2015/8/4", "2015-08-04", ABS),
    R("أعلنت النتائج بتاريخ 12-05-2021", None, "12-05-2021", "2021-05-12", ABS),
    # Hijri dates, converted; a Hijri + Gregorian dateline is one Gregorian date
    R("صدر الأمر الملكي في 25 شوال 1436 هـ", None, "25 شوال 1436 ه", "2015-08-10", ABS, flags=("hijri",)),
    R("أعلن في 1 رمضان 1445 هـ عن المبادرة", None, "1 رمضان 1445 ه", "2024-03-11", ABS, flags=("hijri",)),
    R("أقيمت الصلاة يوم 10 ذو الحجة 1440 في مكة", None, "يوم 10 ذو الحجة 1440", "2019-08-11", ABS, flags=("hijri",)),
    R("احتفلت المملكة في 12 ربيع الأول 1444 هـ", None, "12 ربيع الأول 1444 ه", "2022-10-08", ABS, flags=("hijri",)),
    R("تكثفت الزيارات في رمضان 1445 هـ بين العواصم", None, "رمضان 1445 ه", "2024", ABS, flags=("hijri",)),
    R("الرياض، الاثنين 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م - استقبل ولي العهد الوزير", None,
      "الاثنين 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م", "2015-08-10", ABS, flags=("hijri_pair",)),
    # Relative to publication: days
    R("التقى الوزير نظيره الفرنسي اليوم في باريس", THU_FEB25, "اليوم", "2025-02-13", REL),
    R("أكد الرئيس اليوم الخميس دعم بلاده", THU_FEB25, "اليوم الخميس", "2025-02-13", REL),
    R("أعلنت الوزارة اليوم (الخميس) عن الزيارة", THU_FEB25, "اليوم (الخميس)", "2025-02-13", REL),
    R("وصل الرئيس إلى الرياض أمس", THU_FEB25, "أمس", "2025-02-12", REL),
    R("زار الوزير روسيا اليوم في جولة قصيرة", THU_FEB25, "اليوم", "2025-02-13", REL),
    R("أكد الوزير اليوم من القاهرة أن الحوار مستمر", THU_FEB25, "اليوم", "2025-02-13", REL),
    R("أعلنت الوزارة أن الاتفاق سيوقع قبل يوم الخميس", THU_FEB25, "يوم الخميس", "2025-02-13", REL,
      planned="2025-02-13"),
    R("افتتح الرئيس أمس الأربعاء مستشفى جديدا", THU_FEB25, "أمس الأربعاء", "2025-02-12", REL),
    R("هطلت الأمطار يوم أمس الأربعاء على العاصمة", THU_FEB25, "يوم أمس الأربعاء", "2025-02-12", REL),
    R("وأمس التقى الأمير بالسفير", THU_FEB25, "أمس", "2025-02-12", REL),
    R("استقبل الملك بالأمس وفدا برلمانيا", THU_FEB25, "بالأمس", "2025-02-12", REL),
    R("قال المتحدث أمس الثلاثاء إن المحادثات مستمرة", THU_FEB25, "أمس الثلاثاء", "2025-02-12", REL,
      flags=("weekday_mismatch",)),
    R("اجتمع الوزراء أول أمس في القاهرة", THU_FEB25, "أول أمس", "2025-02-11", REL),
    R("اجتمع الوزراء أول من أمس في القاهرة", THU_FEB25, "أول من أمس", "2025-02-11", REL),
    R("اجتمع الوزراء أمس الأول في القاهرة", THU_FEB25, "أمس الأول", "2025-02-11", REL),
    R("يصل الوفد غداً إلى بغداد", THU_FEB25, "غداً", "2025-02-14", REL),
    R("يصل الوفد غدا الجمعة إلى بغداد", THU_FEB25, "غدا الجمعة", "2025-02-14", REL),
    R("تبدأ الجولة صباح الغد من عمان", THU_FEB25, "صباح الغد", "2025-02-14", REL),
    R("تنطلق المحادثات بعد غد في جنيف", THU_FEB25, "بعد غد", "2025-02-15", REL),
    R("استهدفت الغارات المنطقة الليلة الماضية", THU_FEB25, "الليلة الماضية", "2025-02-12", REL),
    R("وصلت الطائرة فجر اليوم إلى المطار", THU_FEB25, "فجر اليوم", "2025-02-13", REL),
    R("يلقي الرئيس كلمة مساء اليوم", THU_FEB25, "مساء اليوم", "2025-02-13", REL),
    R("وقعت الاشتباكات مساء أمس قرب الحدود", THU_FEB25, "مساء أمس", "2025-02-12", REL),
    R("قال الوزير أمس الخميس إن بلاده مستعدة", FRI_JUL16, "أمس الخميس", "2016-06-30", REL),
    R("وقع الطرفان أمس الاثنين على البيان", TUE_JAN21, "أمس الاثنين", "2021-01-04", REL),
    R("التقى الرئيسان أول أمس في المنامة", TUE_JAN21, "أول أمس", "2021-01-03", REL),
    # Weekdays: bare (two readings), past, next
    R("وصل المبعوث مساء الخميس إلى العاصمة", TUE_APR18, "مساء الخميس", "2018-03-29", REL,
      planned="2018-04-05"),
    R("افتتح الأمير الأربعاء معرضا للكتاب", THU_FEB25, "الأربعاء", "2025-02-12", REL, planned="2025-02-19"),
    R("أكد الوزير الخميس في مؤتمر صحفي أن", THU_FEB25, "الخميس", "2025-02-13", REL, planned="2025-02-13"),
    R("وصل المبعوث إلى دمشق الأحد", THU_FEB25, "الأحد", "2025-02-09", REL, planned="2025-02-16"),
    R("التقى الأمين العام بالوزير يوم الأحد في نيويورك", THU_FEB25, "يوم الأحد", "2025-02-09", REL,
      planned="2025-02-16"),
    R("اندلعت المواجهات مساء يوم الجمعة في الضاحية", THU_FEB25, "مساء يوم الجمعة", "2025-02-07", REL,
      planned="2025-02-14"),
    R("ووصل الوفد السبت إلى مسقط", THU_FEB25, "السبت", "2025-02-08", REL, planned="2025-02-15"),
    R("عقد الاجتماع الأحد الماضي في الرياض", THU_FEB25, "الأحد الماضي", "2025-02-09", REL),
    R("ألقى خطابه الخميس الماضي أمام البرلمان", THU_FEB25, "الخميس الماضي", "2025-02-06", REL),
    R("التقى الوفدان السبت الفائت في مسقط", THU_FEB25, "السبت الفائت", "2025-02-08", REL),
    R("يبدأ الوزير جولته الأحد المقبل", THU_FEB25, "الأحد المقبل", "2025-02-16", REL),
    R("تعقد القمة الخميس المقبل في بغداد", THU_FEB25, "الخميس المقبل", "2025-02-20", REL),
    R("يلتقي وزراء المالية يوم الخميس المقبل في الدوحة", TUE_APR18, "يوم الخميس المقبل", "2018-04-05", REL),
    R("يصل الضيف الجمعة القادمة إلى المنامة", THU_FEB25, "الجمعة القادمة", "2025-02-14", REL),
    R("يزور الرئيس المغرب يوم الاثنين المقبل", THU_FEB25, "يوم الاثنين المقبل", "2025-02-17", REL),
    R("سقطت القذائف الجمعة الماضية على البلدة", TUE_JAN21, "الجمعة الماضية", "2021-01-01", REL),
    R("التقى الوزراء السبت في الكويت", TUE_JAN21, "السبت", "2021-01-02", REL, planned="2021-01-09"),
    # Weeks, months, years relative to publication
    R("التقى المبعوث الأسبوع الماضي بقادة الأحزاب", THU_FEB25, "الأسبوع الماضي", "2025-02", REL),
    R("يتوجه الوزير إلى أنقرة الأسبوع المقبل", THU_FEB25, "الأسبوع المقبل", "2025-02", REL),
    R("ارتفعت أسعار النفط هذا الأسبوع", THU_FEB25, "هذا الأسبوع", "2025-02", REL),
    R("والأسبوع الماضي افتتح الرئيس محطة للطاقة", FRI_JUL16, "الأسبوع الماضي", "2016-06", REL),
    R("انتهت المحادثات الأسبوع الماضي دون اتفاق", TUE_JAN21, "الأسبوع الماضي", None, UNR),
    R("يعود المبعوث إلى المنطقة الأسبوع القادم", TUE_JAN21, "الأسبوع القادم", "2021-01", REL),
    R("عقدت اللجنة اجتماعا طارئا في نهاية الأسبوع", SUN_JAN20, "نهاية الأسبوع", "2020-01", REL),
    R("التقى الزعيمان في نهاية الأسبوع الماضي", FRI_JUL16, "نهاية الأسبوع الماضي", "2016-06", REL),
    R("وقعت الشركتان عقدا الشهر الماضي", THU_FEB25, "الشهر الماضي", "2025-01", REL),
    R("انتخب البرلمان رئيسا جديدا الشهر الماضي", TUE_JAN21, "الشهر الماضي", "2020-12", REL),
    R("تعقد الانتخابات الشهر المقبل", THU_FEB25, "الشهر المقبل", "2025-03", REL),
    R("وانتقد الوزير في وقت سابق من الشهر الجاري سياسة الجوار", THU_FEB25,
      "في وقت سابق من الشهر الجاري", "2025-02", REL),
    R("أعلنت الشركة أرباحها الشهر الحالي", THU_FEB25, "الشهر الحالي", "2025-02", REL),
    R("وقعت الاتفاقية مطلع الشهر الجاري", THU_FEB25, "مطلع الشهر الجاري", "2025-02", REL),
    R("تراجعت الصادرات العام الماضي", THU_FEB25, "العام الماضي", "2024", REL),
    R("يستضيف البلد القمة العام المقبل", THU_FEB25, "العام المقبل", "2026", REL),
    R("ارتفعت المبادلات التجارية هذا العام", THU_FEB25, "هذا العام", "2025", REL),
    R("تراجعت الاستثمارات خلال السنة الماضية", TUE_JAN21, "السنة الماضية", "2020", REL),
    R("زار الرئيس باريس في أواخر العام الماضي", TUE_JAN21, "أواخر العام الماضي", "2020", REL),
    R("التقى الزعيمان قبل يومين في أبوظبي", THU_FEB25, "قبل يومين", "2025-02-11", REL),
    R("زار الوزير الموقع قبل ثلاثة أيام", THU_FEB25, "قبل ثلاثة أيام", "2025-02-10", REL),
    R("اندلعت المواجهات قبل 5 أيام", THU_FEB25, "قبل 5 أيام", "2025-02-08", REL),
    R("عاد السفير إلى بلاده منذ يومين", THU_FEB25, "منذ يومين", "2025-02-11", REL),
    R("وقعت الحادثة قبل أسبوع في المدينة", THU_FEB25, "قبل أسبوع", "2025-02", REL),
    R("بدأت الوساطة قبل شهرين تقريبا", THU_FEB25, "قبل شهرين", "2024-12", REL),
    R("تسلم منصبه قبل عام", THU_FEB25, "قبل عام", "2024", REL),
    R("غادر البلاد قبل عامين", THU_FEB25, "قبل عامين", "2023", REL),
    R("يعلن الفريق نتائجه بعد يومين", THU_FEB25, "بعد يومين", None, REL, planned="2025-02-15"),
    R("يعلن الفريق نتائجه بعد يومين من الآن", THU_FEB25, "بعد يومين من الآن", "2025-02-15", REL),
    # A day and month with no year: الجاري, الماضي, المقبل, or neither
    R("أقر المجلس الموازنة في 11 شباط الجاري", THU_FEB25, "11 شباط الجاري", "2025-02-11", ABS,
      flags=("inferred_year",)),
    R("تنعقد الجلسة في 20 شباط الجاري", THU_FEB25, "20 شباط الجاري", "2025-02-20", ABS),
    R("وفي 28 من كانون الثاني الماضي افتتح المعرض الدولي", THU_FEB25, "28 من كانون الثاني الماضي", "2025-01-28",
      ABS),
    R("أبرم الاتفاق في 28 ديسمبر الماضي", TUE_JAN21, "28 ديسمبر الماضي", "2020-12-28", ABS),
    R("يبدأ تطبيق الإجراءات في 3 مارس المقبل", THU_FEB25, "3 مارس المقبل", "2025-03-03", ABS),
    R("جرت الانتخابات في 5 مارس", THU_FEB25, "5 مارس", "2024-03-05", ABS, planned="2025-03-05"),
    R("أعلن الحزب استقالته في 10 فبراير", THU_FEB25, "10 فبراير", "2025-02-10", ABS, planned="2026-02-10"),
    R("وصل الموفد في 13 شباط إلى العاصمة", THU_FEB25, "13 شباط", "2025-02-13", ABS, planned="2025-02-13"),
    R("اجتمع الطرفان في 3 مارس من العام الماضي", THU_FEB25, "3 مارس من العام الماضي", "2024-03-03", ABS),
    R("تنطلق الدورة في 9 أبريل من العام المقبل", THU_FEB25, "9 أبريل من العام المقبل", "2026-04-09", ABS),
    R("وصل الرئيس في 2 و3 أغسطس إلى الجزائر", FRI_JUL16, "2 و3 أغسطس", "2015-08-02", ABS,
      planned="2016-08-02", flags=("range",)),
    # A month alone
    R("وكانت الوزيرة قد التقت نظيرها في مارس", THU_FEB25, "مارس", "2024-03", ABS, planned="2025-03"),
    R("وكانت الوزيرة قد التقت نظيرها في يناير", THU_FEB25, "يناير", "2025-01", ABS, planned="2026-01"),
    R("ووصل الوفد في شهر آب", THU_FEB25, "شهر آب", "2024-08", ABS, planned="2025-08"),
    R("رفعت العقوبات في آب/أغسطس الماضي", THU_FEB25, "آب/أغسطس الماضي", "2024-08",
      ABS),
    R("التقيا في فبراير الماضي في ميونيخ", THU_FEB25, "فبراير الماضي", "2024-02", ABS),
    R("يستضيف البلد معرضا للطاقة في أكتوبر (تشرين الأول) المقبل", THU_FEB25, "أكتوبر (تشرين الأول) المقبل",
      "2025-10", ABS),
    R("وقعت المذكرة في مارس من العام الماضي", THU_FEB25, "مارس من العام الماضي", "2024-03", ABS),
    R("تصدر النتائج في منتصف ديسمبر", TUE_JAN21, "ديسمبر", "2020-12", ABS, planned="2021-12"),
    R("تعقد القمة في شباط الجاري", THU_FEB25, "شباط الجاري", "2025-02", ABS),
    # Relative to another event
    R("وصل الوفد قبل يوم واحد من تصريحات الوزير.", THU_FEB25, "قبل يوم واحد من تصريحات الوزير", None, EVT,
      offset=-1, anchor="تصريحات الوزير"),
    R("وصل الوفد بعد يومين من الزيارة الرسمية للرئيس.", THU_FEB25, "بعد يومين من الزيارة الرسمية للرئيس", None,
      EVT, offset=2, anchor="الزيارة الرسمية للرئيس"),
    R("أعلن استقالته بعد ثلاثة أيام على وصوله", THU_FEB25, "بعد ثلاثة أيام على وصوله", None, EVT, offset=3,
      anchor="وصوله"),
    R("صدر البيان قبل أسبوع من القمة الخليجية", THU_FEB25, "قبل أسبوع من القمة الخليجية", None, EVT, offset=-7,
      anchor="القمة الخليجية"),
    R("غادرت الوزيرة القاعة عقب الاجتماع مع السفراء.", THU_FEB25, "عقب الاجتماع مع السفراء", None, EVT, offset=0,
      anchor="الاجتماع مع السفراء"),
    R("وغادر الوزير غداة زيارته إلى القاهرة", THU_FEB25, "غداة زيارته", None, EVT, offset=1, anchor="زيارته"),
    R("واتصل به عشية القمة العربية", THU_FEB25, "عشية القمة العربية", None, EVT, offset=-1,
      anchor="القمة العربية"),
    R("صرح الوزير قبيل اللقاء بأن الأجواء إيجابية", THU_FEB25, "قبيل اللقاء", None, EVT, offset=0, anchor="اللقاء"),
    R("أكد المتحدث قبل ساعات من الاجتماع أن", THU_FEB25, "قبل ساعات من الاجتماع", None, EVT, offset=0,
      anchor="الاجتماع"),
    R("وفي اليوم التالي التقى الوزير بالرئيس", THU_FEB25, "في اليوم التالي", None, EVT, offset=1),
    R("وبعد ذلك بيومين أعلن الحزب موقفه", THU_FEB25, "بعد ذلك بيومين", None, EVT, offset=2),
    # No publication date: relative expressions stay unresolved, absolute ones resolve
    R("وصل الرئيس إلى الرياض أمس", None, "أمس", None, UNR),
    R("التقى الوزيران الأحد الماضي", None, "الأحد الماضي", None, UNR),
    R("وقع الاتفاق في 28 كانون الثاني الماضي", None, "28 كانون الثاني الماضي", None, UNR),
]


@pytest.mark.parametrize("row", AR_ROWS)
def test_dates_arabic(row: Row) -> None:
    _check(row, "ar")


# --------------------------------------------------------------------------- English

EN_ROWS = [
    R("The envoy met rebel leaders on Tuesday in Doha.", THU_JAN20, "Tuesday", "2020-01-14", REL, planned="2020-01-21"),
    R("The minister will travel to Oman on Tuesday.", THU_JAN20, "Tuesday", "2020-01-14", REL, planned="2020-01-21"),
    R("The minister said Thursday that talks would resume.", THU_JAN20, "Thursday", "2020-01-16", REL,
      planned="2020-01-16"),
    R("Police said Sunday that the border was closed.", SUN_JAN20, "Sunday", "2020-01-05", REL, planned="2020-01-05"),
    R("Protests erupted after last Friday's vote.", THU_JAN20, "last Friday", "2020-01-10", REL),
    R("The talks resume next Monday in Geneva.", THU_JAN20, "next Monday", "2020-01-20", REL),
    R("He arrived this past Sunday.", THU_JAN20, "this past Sunday", "2020-01-12", REL),
    R("The envoy returns this coming Saturday.", THU_JAN20, "this coming Saturday", "2020-01-18", REL),
    R("The two leaders spoke late on Wednesday.", THU_JAN20, "late on Wednesday", "2020-01-15", REL,
      planned="2020-01-22"),
    R("Shelling resumed on Monday night near the border.", THU_JAN20, "Monday night", "2020-01-13", REL,
      planned="2020-01-20"),
    R("The ministers met early Saturday morning.", THU_JAN20, "early Saturday morning", "2020-01-11", REL,
      planned="2020-01-18"),
    R("The premier spoke yesterday with union leaders.", THU_JAN20, "yesterday", "2020-01-15", REL),
    R("The president said today that he would attend.", THU_JAN20, "today", "2020-01-16", REL),
    R("The ministers signed the accord earlier today in Oslo.", THU_JAN20, "earlier today", "2020-01-16", REL),
    R("The delegation arrives tomorrow in Cairo.", THU_JAN20, "tomorrow", "2020-01-17", REL),
    R("They had spoken the day before yesterday.", THU_JAN20, "the day before yesterday", "2020-01-14", REL),
    R("The vote takes place the day after tomorrow.", THU_JAN20, "the day after tomorrow", "2020-01-18", REL),
    R("Missiles struck the base last night, officials said.", THU_JAN20, "last night", "2020-01-15", REL),
    R("The king received the envoy yesterday afternoon.", THU_JAN20, "yesterday afternoon", "2020-01-15", REL),
    R("Officials confirmed late yesterday that the talks ended.", THU_JAN20, "late yesterday", "2020-01-15", REL),
    R("The premier addresses the nation tonight.", THU_JAN20, "tonight", "2020-01-16", REL),
    R("The foreign minister landed this morning in Doha.", THU_JAN20, "this morning", "2020-01-16", REL),
    R("He spoke yesterday (Wednesday) to reporters.", THU_JAN20, "yesterday (Wednesday)", "2020-01-15", REL),
    R("He said late yesterday, Tuesday, that", THU_JAN20, "late yesterday, Tuesday", "2020-01-15", REL,
      flags=("weekday_mismatch",)),
    R("The agreement was signed on July 21 in Vienna.", THU_JAN20, "July 21", "2019-07-21", ABS,
      planned="2020-07-21"),
    R("Talks are due to open July 21.", THU_JAN20, "July 21", "2019-07-21", ABS, planned="2020-07-21"),
    R("The embassy reopened Oct 19 after repairs.", THU_JAN20, "Oct 19", "2019-10-19", ABS, planned="2020-10-19"),
    R("The embassy reopened Oct. 19 after repairs.", THU_JAN20, "Oct. 19", "2019-10-19", ABS,
      planned="2020-10-19"),
    R("The exhibition runs from April 29 in Tokyo.", THU_MAR87, "April 29", "1986-04-29", ABS,
      planned="1987-04-29"),
    R("The summit was held on March 31, 2020 by video link.", THU_JAN20, "March 31, 2020", "2020-03-31", ABS),
    R("The treaty was signed on 21 July 2020 in Brussels.", THU_JAN20, "21 July 2020", "2020-07-21", ABS),
    R("Ministers met on the 21st of July, 2019 in Rome.", THU_JAN20, "the 21st of July, 2019", "2019-07-21", ABS),
    R("Ministers met on 3rd September 2018 in Rome.", THU_JAN20, "3rd September 2018", "2018-09-03", ABS),
    R("The envoy visited Kabul on Monday, March 30, 2020.", THU_JAN20, "Monday, March 30, 2020", "2020-03-30", ABS),
    R("The envoy visited Kabul on Tuesday, March 30, 2020.", THU_JAN20, "Tuesday, March 30, 2020", "2020-03-30",
      ABS, flags=("weekday_mismatch",)),
    R("Leaders gather in Rome on August 2-3, 2021.", THU_JAN20, "August 2-3, 2021", "2021-08-02", ABS,
      flags=("range",)),
    R("Leaders gather in Rome on 2 and 3 August 2021.", THU_JAN20, "2 and 3 August 2021", "2021-08-02", ABS,
      flags=("range",)),
    R("The statement was issued Sept. 14, 2019.", THU_JAN20, "Sept. 14, 2019", "2019-09-14", ABS),
    R("Posted on Feb 11, 2021 by the newsroom.", THU_JAN20, "Feb 11, 2021", "2021-02-11", ABS),
    R("The data were released on 2020-03-31.", THU_JAN20, "2020-03-31", "2020-03-31", ABS),
    R("The data were released on 3/31/2020.", THU_JAN20, "3/31/2020", "2020-03-31", ABS),
    R("The data were released on 31/3/2020.", THU_JAN20, "31/3/2020", "2020-03-31", ABS),
    R("The company opened its office last November.", MON_JUN87, "last November", "1986-11", ABS),
    R("He first visited Tehran in March.", THU_JAN20, "March", "2019-03", ABS, planned="2020-03"),
    R("Elections are expected next March.", THU_JAN20, "next March", "2020-03", ABS),
    R("The deal was struck in March 2015 in Lausanne.", THU_JAN20, "March 2015", "2015-03", ABS),
    R("MINISTER TO TOUR GULF IN LATE APRIL", THU_MAR87, "LATE APRIL", "1986-04", ABS, planned="1987-04"),
    R("Fighting intensified in early April.", THU_JAN20, "early April", "2019-04", ABS, planned="2020-04"),
    R("The mission was set up in 2015 by the council.", THU_JAN20, "2015", "2015", ABS),
    R("Sanctions have been in place since 2011.", THU_JAN20, "2011", "2011", ABS),
    R("The pipeline should be finished by mid-2021.", THU_JAN20, "2021", "2021", ABS),
    R("They met in 2014 and agreed in the same year to continue.", THU_JAN20, "the same year", "2014", ABS),
    R("Relations were cut in 2016 and restored the following year.", THU_JAN20, "the following year", "2017", ABS),
    R("The bloc will meet next week in Brussels.", THU_JAN20, "next week", "2020-01", REL),
    R("Inspectors visited the site last week.", THU_JAN20, "last week", "2020-01", REL),
    R("Inspectors visited the site last week.", TUE_JAN21, "last week", None, UNR),
    R("Tensions rose this week along the border.", THU_JAN20, "this week", "2020-01", REL),
    R("Talks on the ceasefire took place this weekend.", SUN_JAN20, "this weekend", "2020-01", REL),
    R("Talks continued over the weekend in Doha.", THU_JAN20, "over the weekend", "2020-01", REL,
      planned="2020-01"),
    R("Prices fell sharply last month.", THU_JAN20, "last month", "2019-12", REL),
    R("The envoy will report next month.", THU_JAN20, "next month", "2020-02", REL),
    R("Three ships were seized earlier this month.", THU_JAN20, "earlier this month", "2020-01", REL),
    R("The ceasefire collapsed last year.", THU_JAN20, "last year", "2019", REL),
    R("A new round is expected later this year.", THU_JAN20, "later this year", "2020", REL),
    R("The embassy closed two days ago.", THU_JAN20, "two days ago", "2020-01-14", REL),
    R("The envoy resigned a week ago.", THU_JAN20, "a week ago", "2020-01", REL),
    R("The agreement lapsed three years ago.", THU_JAN20, "three years ago", "2017", REL),
    R("The ministers first met a month ago.", THU_JAN20, "a month ago", "2019-12", REL),
    R("He flew to Riyadh two days after the meeting with Pompeo.", THU_JAN20, "two days after the meeting", None,
      EVT, offset=2, anchor="the meeting"),
    R("The statement came a day before the summit in Sochi.", THU_JAN20, "a day before the summit", None, EVT,
      offset=-1, anchor="the summit"),
    R("He resigned the day after the vote, aides said.", THU_JAN20, "the day after the vote", None, EVT, offset=1,
      anchor="the vote"),
    R("The leaders spoke on the eve of the talks.", THU_JAN20, "on the eve of the talks", None, EVT, offset=-1,
      anchor="the talks"),
    R("Shortly after the call, the ministry issued a statement.", THU_JAN20, "Shortly after the call", None, EVT,
      offset=0, anchor="the call"),
    R("The envoy left Baghdad the next day.", THU_JAN20, "the next day", None, EVT, offset=1),
    R("Three days later the two sides signed the accord.", THU_JAN20, "Three days later", None, EVT, offset=3),
    R("He had met the king a day earlier.", THU_JAN20, "a day earlier", None, EVT, offset=-1),
    R("CAIRO, May 3 - The central bank kept rates unchanged.", "1990-05-03", "May 3", "1990-05-03", ABS,
      flags=("dateline",)),
    R("TOKYO, March 27 - Exports rose in February.", "1991-03-26", "March 27", "1991-03-27", ABS,
      flags=("dateline",)),
    R("He met the minister on Tuesday.", None, "Tuesday", None, UNR),
]


@pytest.mark.parametrize("row", EN_ROWS)
def test_dates_english(row: Row) -> None:
    _check(row, "en")


# --------------------------------------------------------------------------- negatives

NEGATIVES = [
    ("ar", "قتل 2024 شخصا في الهجمات على القرى"),
    ("ar", "بلغت قيمة الصادرات 74 مليار دولار"),
    ("ar", "للاستفسار يرجى الاتصال على الرقم 0112345678"),
    ("ar", "للحجز اتصلوا على 011-234-5678 أو 0500 123 456"),
    ("ar", "يبدأ الحفل في تمام الساعة 3 عصرا"),
    ("ar", "ارتفع معدل التضخم إلى 12.5% خلال الربع الثالث"),
    ("ar", "سجلت الوزارة في 2024 حالة إصابة جديدة"),
    ("ar", "وزعت الجمعية 2015 سلة غذائية على الأسر"),
    ("ar", "تحدث الوزير عن تداعيات هجوم السابع من أكتوبر على المنطقة"),
    ("ar", "تحدث الكاتب عن أحداث 14 مارس في العاصمة"),
    ("ar", "يحيي المصريون ذكرى ثورة 25 يناير كل عام"),
    ("ar", "استذكر الخطاب هجمات الحادي عشر من سبتمبر"),
    ("ar", "يشارك الرئيس في قمة مجموعة G20 المقبلة"),
    ("ar", "دعا البيان إلى تطبيق القرار 2254 بشكل كامل"),
    ("ar", "التقى الأمين العام الحالي بالسفراء"),
    ("ar", "نقلت قناة روسيا اليوم عن مصادر مطلعة"),
    ("ar", "شارك الوزير في فعاليات اليوم الوطني للمملكة"),
    ("ar", "جرت الزيارة في اليوم الأول من الجولة"),
    ("ar", "تصاعد الخلاف بين الاثنين حول الحقائب الوزارية"),
    ("ar", "مارس الوزير ضغوطا على الحكومة"),
    ("ar", "استقبل الرئيس أب الضحية وأسرته"),
    ("ar", "اشترت الشرطة سيارة نيسان جديدة"),
    ("ar", "تعقد الجولة في الأسبوع الثاني من نوفمبر"),
    ("ar", "انخفض مؤشر البورصة إلى صفر تقريبا"),
    ("ar", "يضم المجلس 15 عضوا من 5 دول"),
    ("ar", "أكد الوزيران أهمية التعاون بين البلدين"),
    ("ar", "زار الوزير المنطقة منذ أيام"),
    ("ar", "يستمر البرنامج في الأسابيع المقبلة"),
    ("ar", "غادر الوفد المدينة في تلك الليلة"),
    ("ar", "منذ ذلك اليوم تغيرت المعادلة"),
    ("ar", "نقلت صحيفة الغد عن مصادر حكومية"),
    ("ar", "كما حدث بالأمس القريب في المنطقة"),
    ("ar", "استقبلت وزارة الخارجية الأمين العام المساعد"),
    ("en", "The minister condemned the October 7 attack on Israel."),
    ("en", "Officials recalled the September 11 attacks in their remarks."),
    ("en", "Protesters march through the capital every year."),
    ("en", "The talks may resume if conditions allow."),
    ("en", "G20 leaders will discuss climate finance."),
    ("en", "Prices rose by 20% in the third quarter."),
    ("en", "About 2015 people were evacuated from the area."),
    ("en", "For details call 555-1234 or 800 555 0199."),
    ("en", "The meeting starts at 3 pm local time."),
    ("en", "Russia Today reported the remarks."),
    ("en", "The story first ran in the Sunday Times."),
    ("en", "Mondays are usually quiet at the ministry."),
    ("en", "The council adopted Resolution 2254 unanimously."),
    ("en", "Jan Egeland said aid was urgently needed."),
    ("en", "Trade grew strongly over the past year."),
    ("en", "The two sides met and discussed the situation."),
]


@pytest.mark.parametrize(("lang", "sentence"), NEGATIVES, ids=[s[:40] for _, s in NEGATIVES])
def test_dates_negative(lang: str, sentence: str) -> None:
    mentions = find_dates(normalize_text(sentence), lang, date(2024, 5, 15))
    assert mentions == [], [(m.text, m.value) for m in mentions]


# --------------------------------------------------------------------------- data files


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_dates_data_entries_are_normalised(lang: str) -> None:
    entries = _strings(load(lang, "dates"))
    assert len(entries) > 100
    bad = [x for x in entries if normalize(x) != x]
    assert bad == []


def test_dates_english_entries_are_lower_case() -> None:
    assert [x for x in _strings(load("en", "dates")) if x != x.lower()] == []


def test_dates_no_vocabulary_in_the_module() -> None:
    """Month, weekday and relative-day names live only in the data files, never in Python string literals."""
    source = (Path(__file__).parents[2] / "ingest" / "dates.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    literals = [
        n.value.lower()
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    for lang in ("ar", "en"):
        data = load(lang, "dates")
        words = _strings([data["months"], data["weekdays"], data["relative_days"], data.get("hijri_months", [])])
        for word in (w for w in words if len(w) >= 4):
            assert not [lit for lit in literals if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lit)], word


# --------------------------------------------------------------------------- seed article


@pytest.fixture(scope="module")
def seed_doc() -> Any:
    if not SEED.is_file():
        pytest.skip(f"seed article not available at {SEED}")
    return normalize_text(SEED.read_text(encoding="utf-8"))


def test_dates_seed_article(seed_doc: Any) -> None:
    mentions = find_dates(seed_doc, "ar", date(2025, 2, 13))
    by_text = {m.text: m for m in mentions}
    expected = {
        "امس الاربعاء": "2025-02-12",
        "11 شباط الجاري": "2025-02-11",
        "8 من كانون الاول 2024": "2024-12-08",
        "28 من كانون الثاني الماضي": "2025-01-28",
    }
    for text, value in expected.items():
        assert by_text[text].value == value
        assert by_text[text].precision == "day"
    rel = by_text["قبل يوم واحد من تصريحات بوغدانوف"]
    assert (rel.kind, rel.offset_days, rel.value) == ("relative_event", -1, None)
    assert rel.anchor_span is not None
    assert seed_doc.text[rel.anchor_span[0] : rel.anchor_span[1]] == "تصريحات بوغدانوف"
    # and the events stage resolves it against the 11 February statement
    assert resolve_offset("2025-02-11", "day", rel.offset_days) == ("2025-02-10", "day")
    assert len(mentions) == 5


def test_dates_seed_publication_date_is_not_pinnable(seed_doc: Any) -> None:
    """'امس الاربعاء' + '11 شباط الجاري' allow any Thursday of February in 2024 or 2025: no guess."""
    value, reason = infer_publication_date(seed_doc, "ar")
    assert value is None
    assert reason.startswith("not pinnable")
    assert "2025-02-13" in reason or "..." in reason


# --------------------------------------------------------------------------- publication date inference

INFER_ROWS = [
    ("ar", "الرباط 3 مارس 2021 /وقع البلدان اتفاقا للتعاون", date(2021, 3, 3)),
    ("ar", "عنوان الخبر\nآخر تحديث: 07/11/2022\nوقع الوزيران مذكرة تفاهم", date(2022, 11, 7)),
    ("ar", "زيارة رسمية\nبيروت\n5 أيلول/سبتمبر 2023\nاستقبل رئيس الحكومة وفدا", date(2023, 9, 5)),
    ("ar", "جدة، الاثنين 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م - استقبل ولي العهد", date(2015, 8, 10)),
    ("en", "Trade talks resume\n\nMar 09, 2021\n\nNegotiators met in Geneva.", date(2021, 3, 9)),
    # no dateline: "اليوم الخميس 13 شباط" pins a Thursday 13 February; 2024-2025 hold one
    ("ar", "قال الوزير اليوم الخميس 13 شباط إن الاتفاق الموقع في 8 كانون الأول 2024 ساري", date(2025, 2, 13)),
    ("ar", "التقى الرئيس أمس الاربعاء بنظيره", None),
    ("ar", "القمة العربية في 20 مارس 2019\nاجتمع القادة في تونس", None),
    ("en", "Summit talks\nPosted on 4 June 2021 by the desk\nLeaders met.", date(2021, 6, 4)),
    ("ar", "التقى الرئيس في 5 مارس 2019 بنظيره", None),
    ("en", "CAIRO, May 3 - The central bank governor met bankers on Monday.", None),
]


@pytest.mark.parametrize(("lang", "text", "expected"), INFER_ROWS, ids=[t[:30] for _, t, _ in INFER_ROWS])
def test_dates_infer_publication_date(lang: str, text: str, expected: date | None) -> None:
    value, reason = infer_publication_date(normalize_text(text), lang)
    assert value == expected, reason
    assert reason and "\n" not in reason


def _dev_articles() -> list[tuple[str, date, str]]:
    out = []
    for lang in ("ar", "en"):
        for path in sorted((DEV / lang).glob("*.txt")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            published = re.search(r"^published:\s*(\S+)", front, re.M)
            assert published
            out.append((lang, date.fromisoformat(published.group(1)), body))
    return out


def test_dates_dev_set_inference_is_never_wrong() -> None:
    """On the dev articles, an inferred publication date is either right or None (never a guess)."""
    if not DEV.is_dir():
        pytest.skip("dev set not available")
    inferred = 0
    for lang, published, body in _dev_articles():
        value, reason = infer_publication_date(normalize_text(body), lang)
        assert value in (None, published), reason
        inferred += value is not None
    assert inferred >= 4


def test_dates_dev_set_values_are_well_formed() -> None:
    if not DEV.is_dir():
        pytest.skip("dev set not available")
    iso = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    for lang, published, body in _dev_articles():
        doc = normalize_text(body)
        for m in find_dates(doc, lang, published):
            assert doc.text[m.start : m.end] == m.text
            for v in (m.value, m.value_if_planned):
                assert v is None or iso.match(v)
            no_value = m.value is None and m.value_if_planned is None
            assert no_value == (m.kind in ("relative_event", "unresolved"))


# --------------------------------------------------------------------------- resolve_offset


@pytest.mark.parametrize(
    ("anchor", "precision", "offset", "expected"),
    [
        ("2025-02-11", "day", -1, ("2025-02-10", "day")),
        ("2025-03-01", "day", -1, ("2025-02-28", "day")),
        ("2024-12-31", "day", 1, ("2025-01-01", "day")),
        ("2025-02", "month", 0, ("2025-02", "month")),
        ("2025-02", "month", 2, ("2025", "year")),
        ("2024-12", "month", 1, (None, None)),
        ("2019", "year", 0, ("2019", "year")),
        ("2019", "year", -1, (None, None)),
        (None, None, 1, (None, None)),
        ("2019-05-05", None, 1, (None, None)),
    ],
)
def test_dates_resolve_offset(anchor: str | None, precision: str | None, offset: int, expected: tuple) -> None:
    assert resolve_offset(anchor, precision, offset) == expected


# --------------------------------------------------------------------------- dateparser cross-check

EN_ABSOLUTE = [
    ("July 21", THU_JAN20, "2019-07-21"),
    ("Oct 19", THU_JAN20, "2019-10-19"),
    ("March 31, 2020", THU_JAN20, "2020-03-31"),
    ("21 July 2020", THU_JAN20, "2020-07-21"),
    ("Sept. 14, 2019", THU_JAN20, "2019-09-14"),
    ("3rd September 2018", THU_JAN20, "2018-09-03"),
    ("yesterday", THU_JAN20, "2020-01-15"),
    ("two days ago", THU_JAN20, "2020-01-14"),
]


@pytest.mark.parametrize(("expr", "published", "value"), EN_ABSOLUTE)
def test_dates_agree_with_dateparser(expr: str, published: str, value: str) -> None:
    """Our past readings of English dates agree with dateparser's (which we do not call at run time)."""
    dateparser = pytest.importorskip("dateparser")
    pub = date.fromisoformat(published)
    ours = [m.value for m in find_dates(normalize_text(expr), "en", pub)]
    theirs = dateparser.parse(
        expr,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day), "PREFER_DATES_FROM": "past"},
    )
    assert ours == [value]
    assert theirs is not None and theirs.date().isoformat() == value


# --------------------------------------------------------------------------- speed


FILLER = {
    "ar": [
        "وبحث الجانبان سبل تعزيز العلاقات الثنائية في المجالات الاقتصادية والتجارية والثقافية.",
        "وأكد الطرفان أهمية مواصلة التنسيق والتشاور إزاء القضايا الإقليمية ذات الاهتمام المشترك.",
        "ونقلت وكالة الأنباء الرسمية عن مصادر دبلوماسية أن المحادثات جرت في أجواء إيجابية وبناءة.",
    ],
    "en": [
        "The two sides discussed ways to strengthen bilateral ties in trade, energy and culture.",
        "Officials said the talks were held in a positive and constructive atmosphere.",
        "Diplomats familiar with the matter said further consultations were expected.",
    ],
}


def _article(lang: str, size: int = 3000, dense: bool = False) -> str:
    """A news-like text of ``size`` characters from the rows above (and, unless dense, filler sentences)."""
    dated = [r.values[0].sentence for r in (AR_ROWS if lang == "ar" else EN_ROWS)][::3]
    text, i = "", 0
    while len(text) < size:
        text += dated[i % len(dated)] + ("\n" if i % 4 == 3 else " ")
        if not dense:
            text += FILLER[lang][i % 3] + " "
        i += 1
    return text[:size]


@pytest.mark.parametrize(("lang", "dense", "limit"), [("ar", False, 0.005), ("en", False, 0.005),
                                                      ("ar", True, 0.010), ("en", True, 0.010)])
def test_dates_speed(lang: str, dense: bool, limit: float) -> None:
    """A 3,000-character article in well under 5 ms; a text made only of dated sentences in under 10 ms."""
    doc = normalize_text(_article(lang, dense=dense))
    pub = date(2025, 2, 13)
    find_dates(doc, lang, pub)  # warm-up: builds the grammar
    best = min(_timed(lambda: find_dates(doc, lang, pub)) for _ in range(9))
    assert best < limit, f"{best * 1000:.2f} ms for {len(doc.text)} characters"


def _timed(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
