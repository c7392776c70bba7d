"""Importers of existing actor lists (Wikidata SPARQL JSON, PETRARCH dictionaries) into the dictionary schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ingest.errors import InputError
from ingest.importers import dump_yaml, from_petrarch, from_wikidata_json, to_actors, write_yaml
from ingest.model import Role

FIXTURES = Path(__file__).parent / "fixtures"
WIKIDATA = FIXTURES / "wikidata_presidents.json"
PETRARCH = FIXTURES / "petrarch_actors.txt"


# -- Wikidata --------------------------------------------------------------------

def test_wikidata_one_entry_per_person_with_terms_and_both_languages():
    entries = from_wikidata_json(WIKIDATA, "head_of_state", "RUS")
    assert [e["id"] for e in entries] == ["Q7747", "Q23530"]
    putin, medvedev = entries
    assert putin == {
        "id": "Q7747", "kind": "person", "en": ["Vladimir Putin"], "ar": ["فلاديمير بوتين"], "country": "RUS",
        "roles": [
            {"office": "head_of_state", "org": "RUS", "since": "2000-05-07", "until": "2008-05-07"},
            {"office": "head_of_state", "org": "RUS", "since": "2012-05-07"},  # open: no end binding
        ],
    }
    # labels from rows repeated per language; the repeated term is one role
    assert medvedev["en"] == ["Dmitry Medvedev"] and medvedev["ar"] == ["دميتري ميدفيديف"]
    assert medvedev["roles"] == [{"office": "head_of_state", "org": "RUS", "since": "2008-05-07",
                                  "until": "2012-05-07"}]


def test_wikidata_accepts_dict_and_text_and_organisation_orgs():
    data = json.loads(WIKIDATA.read_text(encoding="utf-8"))
    assert from_wikidata_json(data, "head_of_state", "RUS") == from_wikidata_json(
        WIKIDATA.read_text(encoding="utf-8"), "head_of_state", "RUS")
    un = from_wikidata_json(data, "un_secretary_general", "org:un")
    assert "country" not in un[0] and un[0]["roles"][0]["org"] == "org:un"


def test_wikidata_alt_labels_unlabelled_people_and_unknown_dates():
    row = {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
           "personLabel": {"type": "literal", "xml:lang": "en", "value": "Q1"},  # label service fallback
           "personAltLabel": {"type": "literal", "xml:lang": "en", "value": "A. Person, Person"},
           "start": {"type": "bnode", "value": "t42"}}  # an unknown value
    found: list[str] = []
    [entry] = from_wikidata_json({"results": {"bindings": [row]}}, "minister", "EGY", warnings=found)
    assert entry["en"] == ["A. Person", "Person"] and entry["roles"] == [{"office": "minister", "org": "EGY"}]
    assert not found
    row.pop("personAltLabel")
    from_wikidata_json({"results": {"bindings": [row]}}, "minister", "EGY", warnings=found)
    assert found and "Q1 has no English or Arabic label" in found[0]


def test_wikidata_bad_json_names_file_and_line():
    with pytest.raises(InputError, match=r"wikidata_bad\.json:4: malformed JSON"):
        from_wikidata_json(FIXTURES / "wikidata_bad.json", "head_of_state", "RUS")


@pytest.mark.parametrize("data, message", [
    ({"head": {}}, "no results.bindings"),
    ({"results": {"bindings": [{"person": {"value": "Vladimir Putin"}}]}}, "row 1: 'person' is not a Wikidata"),
    ({"results": {"bindings": [{"person": {"value": "http://www.wikidata.org/entity/Q1"},
                                "start": {"type": "literal", "value": "2012-13-01T00:00:00Z"}}]}},
     "row 1: 'start' '2012-13-01T00:00:00Z' is not an xsd:dateTime"),
])
def test_wikidata_malformed_results_are_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        from_wikidata_json(data, "head_of_state", "RUS")


def test_wikidata_unknown_office_or_bad_org_is_a_caller_error():
    with pytest.raises(ValueError, match=r"offices\.yaml"):
        from_wikidata_json(WIKIDATA, "tsar", "RUS")
    with pytest.raises(ValueError, match="alpha-3"):
        from_wikidata_json(WIKIDATA, "head_of_state", "Russia")


# -- PETRARCH --------------------------------------------------------------------

def test_petrarch_excerpt_maps_codes_dates_and_aliases():
    found: list[str] = []
    entries = from_petrarch(PETRARCH, warnings=found)
    assert [e["id"] for e in entries] == ["person:vladimir-putin", "person:sergey-lavrov", "person:bashar-al-assad"]
    putin, lavrov, assad = entries
    assert putin["en"] == ["Vladimir Putin", "Putin", "Vladimir Vladimirovich Putin"]
    assert putin["country"] == "RUS" and "ar" not in putin
    assert putin["roles"] == [
        {"office": "minister", "org": "RUS", "since": "2000-01-01", "until": "2008-05-07"},  # GOV: generic
        {"office": "head_of_state", "org": "RUS", "since": "2012-05-07"},  # open end
    ]
    # ELI has no office; >YYMMDD opens a role
    assert lavrov["en"] == ["Sergey Lavrov", "Lavrov"]
    assert lavrov["roles"] == [{"office": "foreign_minister", "org": "RUS", "since": "2004-03-09"}]
    # closed range; the unknown code keeps the country, gives no role and a warning with its line
    assert assad["en"] == ["Bashar al-Assad", "Assad"] and assad["country"] == "SYR"
    assert assad["roles"] == [{"office": "head_of_state", "org": "SYR", "since": "2000-07-17",
                               "until": "2024-12-08"}]
    assert len(found) == 1 and "petrarch_actors.txt:16" in found[0] and "'XYZ'" in found[0]


def test_petrarch_warnings_go_to_python_warnings_without_a_list():
    with pytest.warns(UserWarning, match="unknown CAMEO role code"):
        from_petrarch(PETRARCH)


def test_petrarch_date_forms_pivot_and_generic_gov():
    text = "\n".join([
        "A_PERSON_ [EGYGOV 000101-] [EGYHOS 120101-131231]",  # GOV overlaps a specific office: dropped
        "B_PERSON_",
        "\t[ROMGOVMIL 19991231-<!-- inline comment -->]",  # YYYYMMDD, a CAMEO code that is not ISO
        "\t[ROMGOVCOP -491231]",  # open start; 49 → 2049
        "C_PERSON_ [USAGOV <500101]",  # 50 → 1950
        "<!-- a comment",
        "over two lines -->",
        "D_PERSON_ [EGYHOS 130101-120101]",  # inverted: skipped with a warning
        "EGYPT_ [EGY]",  # a country: skipped with a warning
        "E_PERSON_ [IGOUNO] [---]",
    ])
    found: list[str] = []
    a, b, c, d, e = from_petrarch(text, warnings=found)
    assert a["roles"] == [{"office": "head_of_state", "org": "EGY", "since": "2012-01-01", "until": "2013-12-31"}]
    assert b["country"] == "ROU" and b["roles"] == [
        {"office": "defence_minister", "org": "ROU", "since": "1999-12-31"},
        {"office": "interior_minister", "org": "ROU", "until": "2049-12-31"},
    ]
    assert c["roles"] == [{"office": "minister", "org": "USA", "until": "1950-01-01"}]
    assert d["roles"] == [] and "country" not in e and e["roles"] == []
    assert [w.split(": ", 1)[0] for w in found] == ["<string>:8", "<string>:9", "<string>:10"]
    assert "starts (2013-01-01) after it ends" in found[0]
    assert "names a country" in found[1] and "not start with a country code" in found[2]


def test_petrarch_same_name_twice_is_one_entry():
    entries = from_petrarch("X_Y_ [EGYHOS 120101-]\nX_Y_ [EGYGOVFRM 100101-111231]\n+XY_")
    assert len(entries) == 1
    assert entries[0]["en"] == ["X Y", "Xy"] and [r["office"] for r in entries[0]["roles"]] == [
        "head_of_state", "foreign_minister"]


def test_petrarch_bad_date_names_file_and_line():
    with pytest.raises(InputError, match=r"petrarch_bad_date\.txt:3: bad date '041309'"):
        from_petrarch(FIXTURES / "petrarch_bad_date.txt")


@pytest.mark.parametrize("text, message", [
    ("+PUTIN_", "<string>:1: alias '\\+PUTIN_' comes before any entry"),
    ("\t[RUSGOV]", "<string>:1: code block"),
    ("PUTIN_\n\t[RUSGOV 0001-]", "<string>:2: bad date restriction '0001-'"),
    ("PUTIN_\n\t[RUSGOV -]", "<string>:2: bad date restriction"),
    ("PUTIN_\n\t[rusgov]", "<string>:2: .* does not start with a CAMEO code"),
    ("PUTIN_ [RUSGOV 000101-", "<string>:1: unbalanced"),
])
def test_petrarch_malformed_lines_are_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        from_petrarch(text)


# -- output ----------------------------------------------------------------------

def test_to_actors_builds_model_actors():
    putin, _ = to_actors(from_wikidata_json(WIKIDATA, "head_of_state", "RUS"))
    assert putin.id == putin.wikidata == "Q7747" and putin.name == "Vladimir Putin"
    assert putin.name_ar == "فلاديمير بوتين" and putin.country == "RUS" and putin.kind == "person"
    assert putin.roles[1] == Role(office="head_of_state", org="country:RUS", title="head of state",
                                  since="2012-05-07")
    [lavrov] = [a for a in to_actors(from_petrarch(PETRARCH, warnings=[])) if a.id == "person:sergey-lavrov"]
    assert lavrov.wikidata is None and set(lavrov.names) == {"Sergey Lavrov", "Lavrov"}


def test_to_actors_rejects_bad_entries():
    with pytest.raises(InputError, match="entry 1: needs an 'id'"):
        to_actors([{"kind": "person"}])
    with pytest.raises(InputError, match=r"entry 1 \(Q1\): role .* no office"):
        to_actors([{"id": "Q1", "kind": "person", "roles": [{"office": "tsar", "org": "RUS"}]}])


@pytest.mark.parametrize("load", [
    lambda: from_wikidata_json(WIKIDATA, "head_of_state", "RUS"),
    lambda: from_petrarch(PETRARCH, warnings=[]),
])
def test_write_yaml_round_trips(tmp_path, load):
    entries = load()
    path = tmp_path / "people_imported.yaml"
    write_yaml(entries, path, header="Imported for the tests")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Imported for the tests\n")
    assert "\\u" not in text  # Arabic is written as is
    assert yaml.safe_load(text) == entries  # dates load back as strings, not datetime.date
    assert to_actors(yaml.safe_load(text)) == to_actors(entries)


def test_dump_yaml_style_matches_the_people_files():
    [putin, _] = from_wikidata_json(WIKIDATA, "head_of_state", "RUS")
    assert dump_yaml([putin]).splitlines() == [
        "- id: Q7747",
        "  kind: person",
        "  en: [Vladimir Putin]",
        "  ar: [فلاديمير بوتين]",
        "  country: RUS",
        "  roles:",
        '    - {office: head_of_state, org: RUS, since: "2000-05-07", until: "2008-05-07"}',
        '    - {office: head_of_state, org: RUS, since: "2012-05-07"}',
    ]
    # names YAML would misread are quoted; an empty role list stays a list
    tricky = {"id": "person:x", "kind": "person", "en": ["Smith, John", "NO", "a: b"], "roles": []}
    assert yaml.safe_load(dump_yaml([tricky])) == [tricky]
    # ids and organisation refs stay unquoted, as in the hand-written files
    un = {"id": "person:y", "kind": "person", "roles": [{"office": "un_secretary_general", "org": "org:un"}]}
    assert dump_yaml([un]).splitlines()[::3] == ["- id: person:y", "    - {office: un_secretary_general, org: org:un}"]
