# Accord — two commands: `make demo` (run with demo data) and `make test` (the whole suite).
# Everything is installed into ./.venv and ./node_modules; nothing global except, for the
# browser tests and PDFs, Debian's chromium and Pango packages.

HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails (printed on the console by the demo) point where the demo serves.
export DJANGO_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# Test processes (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never

# The first interpreter that is Python 3.12 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)

.PHONY: demo test python-check install install-dev assets system-packages messages translations lint format bench clean

python-check:
	@if [ -z "$(PYTHON)" ]; then echo "Accord needs Python 3.12 or newer: install it (e.g. apt install python3.12 or pyenv install 3.12) and run make again."; exit 1; fi

$(VENV)/bin/uv: | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(VENV) holds an old Python: remove it (rm -rf $(VENV)) and run make again."; exit 1; }
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.base-installed: requirements/base.txt $(VENV)/bin/uv
	@$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/base.txt requirements/dev.txt $(VENV)/bin/uv
	@$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements/base.txt -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

install: $(VENV)/.base-installed assets
install-dev: $(VENV)/.dev-installed assets

accord/core/static/vendor/pico/pico.min.css: package.json package-lock.json frontend/copy-assets.mjs
	@command -v npm >/dev/null 2>&1 || { echo "Accord needs Node.js and npm to install its CSS: install them (e.g. apt install nodejs npm)."; exit 1; }
	@npm ci --no-audit --no-fund --loglevel=error

assets: accord/core/static/vendor/pico/pico.min.css

# The French catalogue (locale/fr/LC_MESSAGES/django.po) compiled into its git-ignored .mo
# with polib (a Python requirement): running Accord needs no GNU gettext.
messages: $(VENV)/.base-installed
	@DJANGO_DEBUG=1 $(PY) manage.py compile_translations

# After changing text: regenerate the guidance strings module and re-extract every string
# into the French catalogue (needs GNU gettext), then translate what is new or fuzzy.
translations: $(VENV)/.base-installed
	@DJANGO_DEBUG=1 $(PY) manage.py guidance_strings
	@DJANGO_DEBUG=1 $(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules \
		--ignore=benchmarks --ignore=var --ignore=staticfiles --ignore=tests --ignore='*/tests/*'

demo: install messages
	@DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	@DJANGO_DEBUG=1 $(PY) manage.py load_demo --if-empty
	@echo "Accord runs on http://$(HOST):$(PORT)/ with a background worker (reminders; Ctrl+C stops both)."
	@DJANGO_DEBUG=1 $(PY) manage.py accord_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Debian packages the tests need: Chromium for the browser tests, Pango for WeasyPrint's PDFs,
# GNU gettext for the test that re-extracts the strings to translate (makemessages) and checks
# the French catalogue has them all.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian packages for the tests:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "The tests need these packages:$$missing (Debian/Ubuntu: sudo apt-get install$$missing). Install them and run make test again."; exit 1; \
		fi; \
	fi

test: install-dev system-packages messages
	@$(VENV)/bin/pytest -q -n $(TEST_WORKERS)

lint:
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	@$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

# wrk (Debian package) loads gunicorn for the HTTP benchmark; without it that benchmark falls
# back to a slower Python load generator.
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing wrk for the HTTP benchmark"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "wrk is not installed (Debian/Ubuntu: sudo apt-get install wrk): the HTTP benchmark uses its Python load generator."; \
		fi; \
	}

bench: install-dev bench-tools
	@$(PY) benchmarks/run.py
	@$(PY) benchmarks/http_bench.py --reuse

clean:
	rm -rf $(VENV) node_modules accord/core/static/vendor staticfiles
