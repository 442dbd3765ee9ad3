# The single entry point. `make run` and `make test` are the README's two commands.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-fast fuzz check fix system-deps bundle bench golden docs i18n clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Front-end assets of the public pages (MapLibre GL JS, DSFR; axe-core for the browser tests):
## installed from npm with the lock file, then the files the app serves are copied into
## src/proxisante/web/static/vendor (ignored by git). Node.js/npm come from Debian if missing.
VENDOR   := src/proxisante/web/static/vendor
WEBSTAMP := $(VENDOR)/.installed
$(WEBSTAMP): package.json package-lock.json
	command -v npm >/dev/null 2>&1 || bash scripts/install-system-deps.sh
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/maplibre $(VENDOR)/dsfr/utility/icons $(VENDOR)/axe-core
	cp node_modules/maplibre-gl/dist/maplibre-gl-csp.js node_modules/maplibre-gl/dist/maplibre-gl-csp-worker.js \
		node_modules/maplibre-gl/dist/maplibre-gl.css node_modules/maplibre-gl/LICENSE.txt $(VENDOR)/maplibre/
	cp -r node_modules/@gouvfr/dsfr/dist/dsfr.min.css node_modules/@gouvfr/dsfr/dist/dsfr.module.min.js \
		node_modules/@gouvfr/dsfr/dist/fonts node_modules/@gouvfr/dsfr/dist/icons \
		node_modules/@gouvfr/dsfr/dist/favicon $(VENDOR)/dsfr/
	cp node_modules/@gouvfr/dsfr/dist/utility/icons/icons.min.css $(VENDOR)/dsfr/utility/icons/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(VENDOR)/axe-core/
	cp node_modules/@gouvfr/dsfr/LICENSE.md $(VENDOR)/dsfr/
	touch $(WEBSTAMP)

## Only the DSFR icon rules the pages use (12 of about 1 600; the full file is 355 KB of
## render-blocking CSS): rebuilt when a template or script changes.
ICONS := $(VENDOR)/dsfr/utility/icons/icons.used.css
$(ICONS): $(STAMP) $(WEBSTAMP) scripts/subset_icons.py $(shell find src/proxisante/web/templates src/proxisante/web/static/js -type f)
	$(BIN)/python scripts/subset_icons.py

## Fingerprinted, pre-compressed (gzip, Brotli) copies of every static asset in static/dist, with
## a manifest the templates read (long cache lifetimes; see web/assets.py).
ASSETS := src/proxisante/web/static/dist/manifest.json
$(ASSETS): $(STAMP) $(WEBSTAMP) $(ICONS) scripts/build_assets.py $(shell find src/proxisante/web/static -type f -not -path '*/dist/*' -not -path '*/.dist.tmp/*')
	$(BIN)/python scripts/build_assets.py

setup: $(STAMP) $(WEBSTAMP) $(ICONS) $(ASSETS)

## The main job on the embedded data: the Diagnostic Santé Flash of CA Vichy Communauté.
run: setup
	$(BIN)/proxisante territory show 200071363
	$(BIN)/proxisante diagnostic 200071363 --out out/diagnostics

## System programs the tests use as real readers (Chromium, poppler); installed if missing.
system-deps:
	bash scripts/install-system-deps.sh

## Everything CI runs: lint, types, the whole test suite (browser and slow tests included).
test: setup system-deps check
	$(BIN)/pytest -q --durations=25

## The fast default suite for day-to-day work (no browser, no slow tests).
test-fast: setup
	$(BIN)/pytest -q -m "not slow and not browser"

## A longer, randomised run of the API fuzz (tests/integration/registry/test_api_fuzz.py): many
## examples per route (PROXISANTE_FUZZ_EXAMPLES, 200 by default), a new seed each run, SQLite and
## PostgreSQL. The default suite runs the same test derandomised, with 8 examples.
fuzz: setup
	PROXISANTE_FUZZ=long $(BIN)/pytest -q tests/integration/registry/test_api_fuzz.py

check: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

fix: setup
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

## Rebuild the embedded bundle from ../shared/data/raw (needs the build extra).
bundle: setup
	$(BIN)/python scripts/build_bundle.py --raw ../shared/data/raw --out src/proxisante/data/bundle

## Every benchmark (not run by CI: each prints its figures, machine and sizes).
bench: setup
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

## Regenerate the generated docs (CLI reference) and the golden files, for review.
docs: setup
	$(BIN)/python scripts/gen_cli_reference.py

## Translations: extract the messages (Python and Jinja, see babel.cfg), update the fr/de/en
## catalogues, compile the .mo files (committed; tests/unit/test_i18n.py checks they are current).
LOCALE := src/proxisante/locale
i18n: setup
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project ProxiSanté \
		--copyright-holder "ProxiSanté contributors" -o $(LOCALE)/proxisante.pot .
	for l in fr de en; do \
		if [ -f $(LOCALE)/$$l/LC_MESSAGES/proxisante.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete \
				-i $(LOCALE)/proxisante.pot -d $(LOCALE) -D proxisante -l $$l || exit 1; \
		else \
			$(BIN)/pybabel init -i $(LOCALE)/proxisante.pot -d $(LOCALE) -D proxisante -l $$l \
				|| exit 1; \
		fi; \
	done
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D proxisante

golden: setup
	PROXISANTE_REGEN_GOLDEN=1 $(BIN)/pytest -q tests/golden

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
