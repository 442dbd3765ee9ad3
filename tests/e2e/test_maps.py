"""Maps people can read (issue 24), in Debian's Chromium against ``proxisante serve --demo``:
place names, roads and département outlines from the app's own data, a scale, a reset button,
cooperative gestures (the wheel scrolls the page; Ctrl + wheel zooms the map), the overseas
départements in insets on the map of France, a commune framed with its neighbours; axe-core
finds no violation. Screenshots go to ``$PROXISANTE_SCREENSHOTS`` when set."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_server
from tests.e2e._demo_server import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
OVERSEAS = ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("maps-e2e"), "/", timeout_s=180) as url:
        # The maps' data is computed on first use (seconds, minutes on a loaded machine): once
        # here, as the start-up warm-up would, so that the browser's timeouts time the pages.
        for path in ("/territoires/dep:03", "/territoires/03190", "/carte"):
            with urllib.request.urlopen(url + path, timeout=900) as r:  # noqa: S310
                assert r.status == 200
        yield url


def _page(browser: Any, lang: str = "fr", viewport: dict[str, int] = DESKTOP) -> Any:
    locale = {"fr": "fr-FR", "de": "de-CH"}[lang]
    phone = viewport is PHONE
    ctx = browser.new_context(
        locale=locale,
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        extra_http_headers={"Accept-Language": locale},
    )
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    return page


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#carte[data-idle][data-fond-pret]")


def _labels(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".ps-label:visible").all_inner_texts()]


def _view(page: Any) -> tuple[float, float, float]:
    zoom, lng, lat = page.locator("#carte").get_attribute("data-vue").split()
    return float(zoom), float(lng), float(lat)


def _until(page: Any, expression: str, timeout_s: float = 30) -> None:
    """Poll ``expression`` in the page until it is true (``wait_for_function`` evaluates a
    string, which the pages' CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {expression}"
        page.wait_for_timeout(100)


def test_departement_map_has_names_roads_scale_reset_and_lets_the_page_scroll(
    server: str, browser: Any
) -> None:
    page = _page(browser)
    _open(page, server + "/territoires/dep:03")
    # Place names of the département's main towns, from the app's own data.
    names = _labels(page)
    assert {"Moulins", "Vichy", "Montluçon"} <= set(names), names
    assert len(names) <= 30
    # The background's legend: roads and département outlines are drawn.
    legend = page.locator("#legende-fond").inner_text()
    for word in ("Autoroute", "Route nationale", "Limite de département"):
        assert word in legend
    # A metric scale; the controls speak French.
    scale = page.locator(".maplibregl-ctrl-scale")
    assert scale.count() == 1 and scale.inner_text().strip().endswith("km")
    assert page.locator(".maplibregl-ctrl-zoom-in").get_attribute("title") == "Zoomer"
    start = _view(page)

    # The wheel without Ctrl, over the map, scrolls the page, not the map.
    page.evaluate(
        "() => window.scrollTo(0, window.scrollY - 200"
        " + document.getElementById('carte').getBoundingClientRect().top)"
    )
    box = page.locator("#carte").bounding_box()
    assert box["y"] > 100  # the pointer below is over the map
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 100)
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 200)
    _until(page, f"window.scrollY > {before}")
    page.wait_for_timeout(500)
    assert _view(page) == start

    # Ctrl + wheel zooms the map (a few notches: MapLibre reads the first to tell a wheel
    # from a touchpad).
    box = page.locator("#carte").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    for _ in range(3):
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(150)
    page.keyboard.up("Control")
    _until(page, f"parseFloat(document.getElementById('carte').dataset.vue) > {start[0] + 0.2}")

    # The reset button brings the opening view back.
    page.get_by_role("button", name="Revenir à la vue de départ").click()
    _until(
        page,
        f"Math.abs(parseFloat(document.getElementById('carte').dataset.vue) - {start[0]}) < 0.01",
    )
    _zoom, lng, lat = _view(page)
    assert abs(lng - start[1]) < 1e-3 and abs(lat - start[2]) < 1e-3
    _shot(page, "map-dep03-desktop-fr")
    assert _axe(page) == []
    assert page.errors == []


def test_departement_map_on_a_phone_in_german(server: str, browser: Any) -> None:
    page = _page(browser, "de", PHONE)
    _open(page, server + "/territoires/dep:03")
    assert {"Moulins", "Vichy"} <= set(_labels(page))
    # The map leaves room for the page around it.
    assert page.locator("#carte").bounding_box()["height"] <= 0.5 * PHONE["height"]
    legend = page.locator("#legende-fond").inner_text()
    assert "Autobahn" in legend and "Départementsgrenze" in legend
    assert page.get_by_role("button", name="Zur Ausgangsansicht zurück").count() == 1
    _shot(page, "map-dep03-phone-de")
    assert _axe(page) == []
    assert page.errors == []


def test_france_map_shows_overseas_departements_in_insets(server: str, browser: Any) -> None:
    page = _page(browser)
    _open(page, server + "/carte")
    titles = [t.strip() for t in page.locator(".ps-label--title:visible").all_inner_texts()]
    assert titles == list(OVERSEAS)
    names = _labels(page)
    assert {"Paris", "Lyon", "Marseille"} <= set(names)
    assert "Outre-mer" in page.locator("#legende-fond").inner_text()
    # Each inset title sits left of metropolitan France (the insets' column, west of Brest).
    brest = page.locator(".ps-label", has_text="Brest").bounding_box()
    for name in OVERSEAS:
        title = page.locator(".ps-label--title", has_text=name).bounding_box()
        assert title["x"] + title["width"] < brest["x"]
    # La Réunion is on the map, in its inset: the table's button frames it there.
    page.locator('[data-voir="dep:974"]').click()
    _until(page, "document.getElementById('chiffres').innerText.includes('La Réunion')")
    page.wait_for_timeout(600)
    _zoom, lng, _lat = _view(page)
    assert lng < -6.5  # the inset column (metropolitan France starts at -5.2°)
    assert page.locator(".ps-label--title", has_text="La Réunion").is_visible()
    assert page.locator(".maplibregl-ctrl-scale").is_hidden()  # not the metropole's scale
    _shot(page, "map-france-desktop-fr")
    assert _axe(page) == []
    assert page.errors == []


def test_commune_page_frames_the_commune_among_its_named_neighbours(
    server: str, browser: Any
) -> None:
    page = _page(browser)
    _open(page, server + "/territoires/03190")  # Moulins
    neighbours = page.locator("#voisins tbody th").all_inner_texts()  # the neighbours table
    assert len(neighbours) >= 4
    names = set(_labels(page))
    assert "Moulins" in names
    assert len(names & set(neighbours)) >= 3, (names, neighbours)
    assert page.locator(".ps-label--in", has_text="Moulins").is_visible()
    assert "Communes voisines" in page.locator("#legende-fond").inner_text()
    # Framed on the commune and its neighbours: every neighbour's name is inside the map.
    map_box = page.locator("#carte").bounding_box()
    for label in page.locator(".ps-label:visible").all():
        b = label.bounding_box()
        assert map_box["x"] <= b["x"] and b["x"] + b["width"] <= map_box["x"] + map_box["width"]
    zoom, lng, lat = _view(page)
    assert 9 < zoom < 12 and abs(lng - 3.33) < 0.1 and abs(lat - 46.56) < 0.1
    _shot(page, "map-moulins-desktop-fr")
    assert _axe(page) == []
    assert page.errors == []


def test_first_tap_on_the_phone_menu_opens_it_before_the_map_is_drawn(
    server: str, browser: Any
) -> None:
    """DSFR's script starts after the first map; a tap on the menu made before that (the map's
    data held back here) still opens the menu once DSFR has taken the button over."""
    page = _page(browser, "fr", PHONE)
    held: list[Any] = []
    page.route("**/zones.geojson*", lambda route: held.append(route))
    page.goto(server + "/territoires/dep:03", wait_until="domcontentloaded")
    assert page.locator("#carte[data-idle]").count() == 0  # no map yet, DSFR not started
    page.locator("#bouton-menu").tap()
    _until(page, "document.getElementById('menu-principal').classList.contains('fr-modal--opened')")
    assert page.locator("#bouton-menu").get_attribute("data-fr-opened") == "true"
    for route in held:
        route.continue_()
    page.context.close()
