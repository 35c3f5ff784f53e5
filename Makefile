# Interview Console. `make run` sets everything up and runs the product;
# `make test` sets up and runs the whole test suite.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
export FLASK_APP := wsgi

.PHONY: install install-dev run test test-postgres bench browser pdf-libs lint clean translations

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install it or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-nodeps.txt | $(BIN)/python
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps -r requirements-nodeps.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install pdf-libs
	$(BIN)/python scripts/run_stack.py

# Headless Chromium for the browser tests (Debian's package; Playwright drives it).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

# Pango and fonts for the PDF reports (WeasyPrint); Debian's packages.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-microhei
pdf-libs:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi -e wqy -e "noto sans cjk"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Pango and fonts for the PDF reports"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	else \
	  echo "PDF reports need Pango and fonts: sudo apt-get install $(PDF_PACKAGES)"; \
	fi

# Tests use Redis database 15 on 127.0.0.1:6379 when it answers, else an embedded
# server they start themselves; TEST_REDIS_URL overrides both.
test: install-dev browser pdf-libs
	$(BIN)/ruff check webapp tests bench scripts
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL (the database-independent analysis tests are skipped).
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/interview_test
test-postgres: install-dev browser pdf-libs
	TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python -m pytest --ignore=tests/analysis $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check webapp tests bench scripts

# The interface's translations (webapp/translations): extract every gettext string into
# messages.pot, merge it into each catalog (zh), then compile the .mo files the app loads.
# Commit the .pot, .po and .mo together; tests/test_i18n.py checks they agree.
PYBABEL      := $(BIN)/pybabel
TRANSLATIONS := webapp/translations
translations: install
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --project="Interview Console" -o $(TRANSLATIONS)/messages.pot .
	$(PYBABEL) update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	$(PYBABEL) compile -d $(TRANSLATIONS)

clean:
	rm -rf $(VENV) .pytest_cache
