"""``proxisante diagnostic`` end to end: files, real readers, figures, errors."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyogrio import read_info
from pyogrio.raw import read as ogr_read

SECTION_KEYS = (
    "scope",
    "context",
    "demography",
    "supply",
    "proximity",
    "classification",
    "leads",
    "contacts",
)


class _Text(HTMLParser):
    """Visible text of a page (no <style>, no <svg>)."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "svg", "title", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "svg", "title", "script"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


NUMBER = re.compile(r"\d[\d\u00a0\u202f]*(?:[.,]\d+)?")


def numbers_in(text: str) -> set[str]:
    return {m.group(0).replace("\u202f", "\u00a0") for m in NUMBER.finditer(text)}


def json_tokens(data) -> set[str]:
    """Every number of the JSON, as raw values and inside its strings."""
    out: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            out.update(numbers_in(x))
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            out.add(str(x))

    walk(data)
    return out


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def vichy(tmp_path_factory):
    """One run for the whole module: the CA Vichy Communauté diagnosis in every format."""
    from proxisante.cli.__main__ import main

    out = tmp_path_factory.mktemp("vichy")
    home = tmp_path_factory.mktemp("home")
    code = main(
        ["diagnostic", "200071363", "--out", str(out), "--format", "html,pdf,json,csv,gpkg"],
        {"PROXISANTE_HOME": str(home)},
    )
    assert code == 0
    return out


def test_writes_html_pdf_json(vichy):
    names = sorted(p.name for p in vichy.iterdir())
    assert names == sorted(
        [
            "diagnostic-200071363.html",
            "diagnostic-200071363.pdf",
            "diagnostic-200071363.json",
            "diagnostic-200071363.csv",
            "diagnostic-200071363-figures.csv",
            "diagnostic-200071363.gpkg",
        ]
    )


def test_every_number_in_the_html_comes_from_the_json(vichy):
    data = json.loads((vichy / "diagnostic-200071363.json").read_text())
    html = (vichy / "diagnostic-200071363.html").read_text()
    allowed = json_tokens(data)
    shown = numbers_in(visible_text(html))
    assert shown, "the page shows no number at all"
    assert shown <= allowed, sorted(shown - allowed)


def test_templates_hold_no_figure():
    """No digit in the template's text: every number reaches the page through the data."""
    import proxisante.reports

    tpl = Path(proxisante.reports.__file__).parent / "templates" / "diagnostic.html.j2"
    text = re.sub(
        r"<style>.*?</style>|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>", " ", tpl.read_text(), flags=re.S
    )
    assert not re.search(r"\d", text), re.findall(r".{20}\d.{20}", text)


def test_pdf_text_shows_sections_and_figures(vichy):
    data = json.loads((vichy / "diagnostic-200071363.json").read_text())
    text = norm(
        subprocess.run(
            ["pdftotext", str(vichy / "diagnostic-200071363.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for key in SECTION_KEYS:
        assert data["section_titles"][key] in text
    for key, fig in data["figures"].items():
        assert norm(fig["display"]) in text, key
    for row in data["communes"]:
        assert row["name"] in text


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [norm(p) for p in text.split("\f") if p.strip()]


def test_pdf_opens_with_the_synthesis_and_ends_with_the_sources(vichy):
    """Page 1: class, key figures against neighbours and département, the map legend and the
    main leads; no source list. The sources are in the annex at the end."""
    data = json.loads((vichy / "diagnostic-200071363.json").read_text())
    pages = _pdf_pages(vichy / "diagnostic-200071363.pdf")
    first, last = pages[0], " ".join(pages[-2:])
    s = data["synthesis"]
    assert data["section_titles"]["synthesis"] in first
    assert data["classification"]["label"] in first
    assert norm(s["reference_label"]) in first and "Allier" in first
    for row in s["key_figures"]:
        assert norm(row["territory"]) in first and norm(row["neighbours"]) in first, row
    assert norm(s["trend"])[:60] in first
    for lead in s["leads"]:
        assert norm(lead)[:40] in first
    assert "APL 2023 (DREES) par commune" in first
    sources = [x for x in data["sources"] if x["content"]]
    assert sources and not any(norm(x["content"])[:50] in first for x in sources)
    assert all(norm(x["content"])[:50] in last for x in sources)
    assert data["section_titles"]["annex"] in last


def test_csv_figures_hold_the_departement_figures_with_level_and_source(vichy):
    text = (vichy / "diagnostic-200071363-figures.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    by_key = {r["figure"]: r for r in rows}
    for key in ("dep_gp_2020", "dep_gp_2024", "dep_nurses_per_10k", "dep_dentists_per_10k"):
        assert "niveau départemental : Allier" in by_key[key]["label"], key
        assert "INSEE BPE" in by_key[key]["source"], key
    assert by_key["dep_pharmacies_per_10k"]["source"].startswith("INSEE BPE 2024")


def test_json_holds_the_report_structure(vichy):
    data = json.loads((vichy / "diagnostic-200071363.json").read_text())
    assert data["meta"]["name"] == "CA Vichy Communauté"
    assert data["figures"]["communes"]["value"] == 39
    assert data["figures"]["population"]["value"] == 83_990
    assert data["figures"]["apl_2023"]["nature"] == "official"
    assert data["figures"]["apl_computed"]["nature"] == "estimate"
    far = data["figures"]["share_beyond_30_hospital"]
    assert far["nature"] == "estimate" and "SAE 2025" in far["source"] and "SMUR" in far["label"]
    assert data["classification"]["class"] in ("urgence", "vigilance", "proche")
    assert {r["role"] for r in data["comparison"]} == {"territory", "neighbour", "reference"}
    assert data["leads"]


def test_geopackage_and_csv_read_back(vichy):
    gpkg = vichy / "diagnostic-200071363.gpkg"
    info = read_info(gpkg, layer="communes")
    assert info["features"] == 39
    assert info["crs"] == "EPSG:4326"
    meta, _, geometry, fields = ogr_read(gpkg, layer="communes")
    names = list(meta["fields"])
    assert len(geometry) == 39
    data = json.loads((vichy / "diagnostic-200071363.json").read_text())
    by_code = {c["code"]: c["values"]["apl_2023"] for c in data["communes"]}
    codes, apl = fields[names.index("code")], fields[names.index("apl_2023")]
    assert {c: round(float(a), 3) for c, a in zip(codes, apl, strict=True)} == {
        c: round(v, 3) for c, v in by_code.items()
    }
    with sqlite3.connect(gpkg) as db:  # a GeoPackage is an SQLite file with its own tables
        kinds = {r[0] for r in db.execute("select data_type from gpkg_contents")}
    assert kinds == {"features"}
    csv_lines = (vichy / "diagnostic-200071363.csv").read_text().splitlines()
    assert csv_lines[0].startswith("code,name,population")
    assert len(csv_lines) == 40


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["diagnostic", "ch-district:2312", "--format", "html,json"], "Sion"),
        (
            [
                "diagnostic",
                "--communes",
                "03310,03095,03141",
                "--name",
                "CPTS fictive",
                "--format",
                "html,json",
            ],
            "CPTS fictive",
        ),
        (["diagnostic", "03310", "--format", "json", "--lang", "de"], "Vichy"),
    ],
    ids=["valais-district", "communes-set", "commune-in-german"],
)
def test_other_territories(cli, tmp_path, argv, expected):
    r = cli(*argv, "--out", str(tmp_path), "--json")
    assert r.code == 0, r.err
    files = r.json()["files"]
    data = json.loads(Path(next(f for f in files if f.endswith(".json"))).read_text())
    assert data["meta"]["name"] == expected


def test_valais_district_labels_what_is_missing(cli, tmp_path):
    r = cli("diagnostic", "ch-district:2312", "--out", str(tmp_path), "--format", "json", "--json")
    data = json.loads(Path(r.json()["files"][0]).read_text())
    assert data["classification"]["class"] == "non_classe"
    assert data["figures"]["gp"]["value"] is None
    assert data["figures"]["share_65_plus"]["value"] > 0
    assert any("Valais" in n for n in data["notes"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diagnostic", "200071364"], "Code de territoire inconnu : '200071364'"),
        (["diagnostic", "--communes", " , "], "--communes est vide"),
        (["diagnostic", "--communes", "03310,99999"], "Code de territoire inconnu : '99999'"),
        (["diagnostic", "--communes", "03310,dep:03"], "pas une commune"),
        (["diagnostic", "200071363", "--format", "docx"], "--format 'docx'"),
        (["diagnostic"], "donner exactement un de CODE"),
    ],
)
def test_user_errors_exit_2_and_write_nothing(cli, tmp_path, argv, message):
    out = tmp_path / "out"
    r = cli(*argv, "--out", str(out))
    assert r.code == 2
    assert message in r.err
    assert not out.exists() or not any(out.iterdir())


def test_unwritable_out_exits_2(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = cli("diagnostic", "200071363", "--out", str(blocker / "sub"))
    assert r.code == 2
    assert "--out" in r.err
    assert blocker.read_text() == "not a folder"


def test_failure_while_rendering_leaves_no_partial_file(cli, tmp_path, monkeypatch):
    import proxisante.reports.writer as writer

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "write_pdf", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("already here")
    r = cli("diagnostic", "200071363", "--out", str(out))
    assert r.code == 1
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


@pytest.mark.slow
def test_batch_allier_writes_every_epci_and_an_index(cli, tmp_path, vichy):
    from proxisante.territory import load_territory

    terr = load_territory()
    expected = [
        a for a in terr.areas.itertuples() if a.level == "epci" and a.parents[0] == "dep:03"
    ]
    r = cli(
        "diagnostic", "--batch", "dep:03", "--out", str(tmp_path), "--format", "html,json,csv",
        "--json",
    )  # fmt: skip
    assert r.code == 0, r.err
    summary = r.json()
    assert summary["epci"] == len(expected) == 11
    index = Path(summary["index"]).read_text()
    for a in expected:
        assert a.name.replace("'", "&#x27;") in index or a.name in index
    assert len(list(tmp_path.glob("diagnostic-*.json"))) == len(expected)
    # The batch (shared national computations and projection, forked workers) writes, for
    # Vichy, exactly what the single diagnosis of Vichy writes: every figure, projection included.
    for name in ("diagnostic-200071363.json", "diagnostic-200071363-figures.csv"):
        assert (tmp_path / name).read_bytes() == (vichy / name).read_bytes(), name
    together = json.loads((tmp_path / "diagnostic-200071363.json").read_text())
    assert together["figures"]["gp_10y"]["nature"] == "estimate"
    assert "gp_10y" in together["sections"]["perspectives"]


def test_batch_takes_any_parent_and_runs_on_several_processes(cli, tmp_path):
    """A Valais region: its districts, written by two worker processes, and an index."""
    from proxisante.territory import load_territory

    terr = load_territory()
    com = terr.communes.loc[terr.communes_in("ch-region:bas-valais")]
    expected = sorted(set(com["district"].dropna()))
    r = cli("diagnostic", "--batch", "ch-region:bas-valais", "--jobs", "2", "--out",
            str(tmp_path), "--format", "html,json", "--json", "--lang", "de")  # fmt: skip
    assert r.code == 0, r.err
    summary = r.json()
    assert summary["parent"] == "ch-region:bas-valais" and summary["jobs"] == 2
    assert sorted(d["code"] for d in summary["diagnostics"]) == expected
    assert summary["epci"] == len(expected) >= 2
    written = sorted(p.name for p in tmp_path.glob("diagnostic-*.json"))
    assert len(written) == len(expected)
    index = Path(summary["index"]).read_text(encoding="utf-8")
    assert index.count("<tr><td>") == len(expected) and 'lang="de"' in index
    assert not list(tmp_path.glob(".partial-*"))


def test_batch_goes_on_when_one_territory_fails_and_reports_it(cli, tmp_path, monkeypatch):
    import proxisante.diagnosis as diagnosis

    real = diagnosis.build_diagnostic

    def failing(terr, scope, inputs, lang="fr"):
        if scope.code == "ch-district:2312":
            raise RuntimeError("boom")
        return real(terr, scope, inputs, lang)

    monkeypatch.setattr(diagnosis, "build_diagnostic", failing)
    r = cli("diagnostic", "--batch", "ch-region:valais-central", "--jobs", "1", "--out",
            str(tmp_path), "--format", "json", "--json")  # fmt: skip
    assert r.code == 1
    summary = r.json()
    assert [f["code"] for f in summary["failed"]] == ["ch-district:2312"]
    assert "boom" in summary["failed"][0]["error"] and "ch-district:2312" in r.err
    assert len(list(tmp_path.glob("diagnostic-*.json"))) == summary["epci"] >= 1
    assert Path(summary["index"]).exists()


def test_an_epci_with_communes_without_town_hall_point(cli, tmp_path):
    """CC Hautes Terres (Cantal): four merged communes have no point; they are shown, with
    no travel time, and the others are computed."""
    r = cli("diagnostic", "200066637", "--format", "json", "--out", str(tmp_path))
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "diagnostic-200066637.json").read_text())
    rows = {c["code"]: c for c in data["communes"]}
    assert rows["15031"]["values"]["minutes_gp"] is None
    assert data["figures"]["apl_computed"]["value"] is not None


def test_an_epci_without_any_official_apl(cli, tmp_path):
    """CC de Petite-Terre (Mayotte): the DREES publishes no APL there; the diagnostic is written,
    its APL figures empty, not a crash (found by the France batch)."""
    r = cli("diagnostic", "200050532", "--format", "json", "--out", str(tmp_path))
    assert r.code == 0, r.err
    figures = json.loads((tmp_path / "diagnostic-200050532.json").read_text())["figures"]
    assert figures["apl_2023"]["value"] is None
    assert figures["share_sous_dense"]["value"] is None


def test_batch_members_of_france_and_of_a_region():
    from proxisante.cli._diagnostic_batch import batch_members
    from proxisante.territory import load_territory

    terr = load_territory()
    france = batch_members(terr, "fr")
    epci = [a for a in terr.areas.itertuples() if a.level == "epci"]
    assert len(france) == len(set(france)) == len(epci) == 1255
    regions = [a.code for a in terr.areas.itertuples() if a.level == "region"]
    by_region = [c for reg in regions for c in batch_members(terr, reg)]
    assert sorted(by_region) == sorted(france)  # each EPCI in exactly one région
    assert set(batch_members(terr, "dep:03")) <= set(batch_members(terr, "reg:84"))


@pytest.mark.parametrize("parent", ["200071363", "03310", "ch-district:2312"])
def test_batch_of_a_territory_without_epci_exits_2(cli, tmp_path, parent):
    r = cli("diagnostic", "--batch", parent, "--out", str(tmp_path / "o"))
    assert r.code == 2
    assert "--batch" in r.err and "reg:84" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "o").exists()


# --- languages: German and English reports hold no French sentence, Swiss numbers ------------

# Words that only French sentences use (none is a German or English word; "des" is German too).
FRENCH_WORDS = {
    "le", "la", "les", "du", "de", "et", "est", "sont", "une", "pour", "par", "au",
    "aux", "dans", "sur", "avec", "ou", "sous", "pas", "ne", "vers", "entre", "leur", "ont",
    "d'un", "d'une", "l'accès", "n'a", "été", "habitants", "médecins", "généralistes",
    "généraliste", "données", "population", "communes", "valeur", "calcul", "pistes",
}  # fmt: skip
ENGLISH_WORDS = {"population", "communes"}  # shared with English: checked only in German


def _proper_names(data) -> list[str]:
    """Names quoted as published: communes, areas, hospitals and their FINESS categories,
    publishers and licences."""
    names = [data["meta"]["name"]]
    names += [c["name"] for c in data["communes"]]
    names += [r["name"] for r in data["comparison"]]
    names += [h["name"] for h in data["hospitals"]]
    # FINESS categories, quoted as the official nomenclature publishes them.
    names += [h["type"] for h in data["hospitals"] if h.get("type")]
    names += [s[k] for s in data["sources"] for k in ("publisher", "licence")]
    return sorted(set(names), key=len, reverse=True)


def _french_left(html: str, data, lang: str) -> list[str]:
    from proxisante import i18n

    text = norm(visible_text(html))
    for name in _proper_names(data):
        text = text.replace(norm(name), " ")
    words = set(re.findall(r"[a-zà-ÿ']+", text.lower()))
    stop = FRENCH_WORDS - (ENGLISH_WORDS if lang == "en" else set())
    found = sorted(words & stop)
    # Every French label of the catalogues that the target language writes differently.
    catalogue = i18n.translations(lang)
    labels = [
        m
        for m in getattr(catalogue, "_catalog", {})
        if isinstance(m, str) and len(m) > 12 and "{" not in m and catalogue.gettext(m) != m
    ]
    found += [m for m in labels if norm(m) in text]
    return found


@pytest.fixture(scope="module")
def sion_languages(tmp_path_factory):
    from proxisante.cli.__main__ import main

    out = {}
    for lang in ("de", "en"):
        folder = tmp_path_factory.mktemp(f"sion-{lang}")
        home = tmp_path_factory.mktemp("home")
        code = main(
            [
                "diagnostic",
                "ch-district:2312",
                "--lang",
                lang,
                "--format",
                "html,json,pdf,csv",
                "--out",
                str(folder),
            ],
            {"PROXISANTE_HOME": str(home)},
        )
        assert code == 0
        out[lang] = (
            (folder / "diagnostic-ch-district-2312.html").read_text(encoding="utf-8"),
            json.loads((folder / "diagnostic-ch-district-2312.json").read_text()),
        )
        out[f"{lang}-folder"] = folder
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_german_and_english_pdf_and_csv_hold_no_french_sentence(sion_languages, lang):
    """The PDF text and the labels of the figures CSV, not only the HTML."""
    from html import escape

    _html, data = sion_languages[lang]
    folder = sion_languages[f"{lang}-folder"]
    pages = _pdf_pages(folder / "diagnostic-ch-district-2312.pdf")
    assert _french_left(f"<p>{escape(' '.join(pages))}</p>", data, lang) == []
    text = (folder / "diagnostic-ch-district-2312-figures.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    labels = " ".join(r["label"] + " " + r["source"] for r in rows)
    assert _french_left(f"<p>{escape(labels)}</p>", data, lang) == []


def test_a_french_epci_in_german_and_english(cli, tmp_path):
    """CA Vichy Communauté: 83’990 inhabitants and APL 3.47 in German, 83,990 in English; the
    département figures say their level in the reader's language."""
    for lang, population, level in (
        ("de", "83’990", "Ebene Département: Allier"),
        ("en", "83,990", "département level: Allier"),
    ):
        out = tmp_path / lang
        r = cli("diagnostic", "200071363", "--lang", lang, "--format", "html,json", "--out",
                str(out))  # fmt: skip
        assert r.code == 0, r.err
        data = json.loads((out / "diagnostic-200071363.json").read_text())
        html = (out / "diagnostic-200071363.html").read_text(encoding="utf-8")
        text = visible_text(html)
        assert data["figures"]["population"]["display"] == population and population in text
        assert data["figures"]["apl_2023"]["display"] == "3.47" and "3.47" in text
        assert level in data["figures"]["dep_nurses_per_10k"]["label"] and level in text
        assert not re.search(r"\d,\d", text) if lang == "de" else True
        # Communes and areas keep their French names; nothing else is French.
        assert _french_left(html, data, lang) == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_german_and_english_reports_hold_no_french_sentence(sion_languages, lang):
    html, data = sion_languages[lang]
    assert data["meta"]["lang"] == lang
    assert f'<html lang="{lang}">' in html
    assert _french_left(html, data, lang) == []


def test_the_french_detector_finds_french(sion_languages):
    """The check above can fail: French words and French labels are found."""
    html, data = sion_languages["de"]
    french = html.replace("Zweck und Perimeter", "Objet et périmètre du diagnostic")
    assert _french_left(french, data, "de") == ["du", "et", "Objet et périmètre"]
    label = html.replace("Territorialer Kontext", "Contexte territorial")  # no stop-word in it
    assert _french_left(label, data, "de") == ["Contexte territorial"]


def test_german_report_writes_numbers_the_swiss_way(sion_languages):
    html, data = sion_languages["de"]
    text = visible_text(html)
    assert data["figures"]["population"]["display"] == "47’925"
    assert "47’925" in text
    assert data["figures"]["density"]["display"] == "366.8"
    assert data["figures"]["share_65_plus"]["display"].endswith("%")
    assert "." in data["figures"]["share_65_plus"]["display"]
    assert not re.search(r"\d,\d", text), re.findall(r".{20}\d,\d.{20}", text)
    assert not re.search(r"\d[\u00a0\u202f]\d", text)
    assert "Klasse: im Wallis nicht anwendbar" in text  # no class without an official APL


def test_english_report_writes_numbers_the_english_way(sion_languages):
    html, data = sion_languages["en"]
    text = visible_text(html)
    assert data["figures"]["population"]["display"] == "47,925"
    assert "47,925" in text and "366.8" in text
    assert "Class: not applicable in Valais" in text


def test_german_messages_with_lang_de(cli, tmp_path):
    r = cli("diagnostic", "200071363", "--format", "docx", "--lang", "de", "--out", str(tmp_path))
    assert r.code == 2
    assert "--format 'docx': erwartet" in r.err
    r = cli("diagnostic", "200071363", "--format", "docx", "--out", str(tmp_path))
    assert "--format 'docx' : attendu" in r.err  # French again by default
