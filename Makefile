# The single entry point. `make run` and `make test` are the README's two commands.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-fast check fix system-deps bundle bench golden docs i18n clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## The main job on the embedded data: the Diagnostic Santé Flash of CA Vichy Communauté.
run: setup
	$(BIN)/proxisante territory show 200071363
	$(BIN)/proxisante diagnostic 200071363 --out out/diagnostics

## System programs the tests use as real readers (Chromium, poppler); installed if missing.
system-deps:
	bash scripts/install-system-deps.sh

## Everything CI runs: lint, types, the whole test suite (browser and slow tests included).
test: setup system-deps check
	$(BIN)/pytest -q

## The fast default suite for day-to-day work (no browser, no slow tests).
test-fast: setup
	$(BIN)/pytest -q -m "not slow and not browser"

check: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

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
