# Malmö Internationell Redovisning – the two commands a new machine needs:
#   make demo   runs the application with demo data on SQLite (CITY=exempelstad: the
#               fictional second demo city instead of Malmö)
#   make test   runs the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
CITY ?= malmo

.PHONY: demo test venv messages lint format check serve clean mutation oidc-provider

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

venv: $(VENV)/.installed

messages: venv
	DEBUG=1 $(PY) manage.py compilemessages --ignore "$(VENV)" -v0

demo: venv messages
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py load_demo --city $(CITY) --publish-memo
# Links in the e-mails the demo sends point at the port it runs on, unless SITE_URL is set.
# Two task workers, started here and stopped with the server: the memo's PDF, Word file and
# publishing on the queue "memo" (a new process per file: `memo_worker`), the Excel exports on
# "default". The logins are printed again once the server has started, so that they are the
# last lines a newcomer sees.
	DEBUG=1 $(PY) manage.py memo_worker & memo_worker=$$!; \
		DEBUG=1 $(PY) manage.py db_worker --no-reload -v0 --queue-name default & export_worker=$$!; \
		trap 'kill $$memo_worker $$export_worker 2>/dev/null' EXIT INT TERM; \
		(sleep 4; DEBUG=1 $(PY) manage.py load_demo --city $(CITY) --logins-only 2>/dev/null; \
		echo "Öppna http://$(HOST):$(PORT)/ och logga in med en av demoinloggningarna ovan.") & \
		SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The local OpenID Connect provider of the single sign-on browser test (Node.js, npm).
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the single sign-on browser test will be skipped."; \
	fi

oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

test: venv messages oidc-provider
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-like checks that CI also runs.
check: venv
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=internationell.malmo.se CSRF_TRUSTED_ORIGINS=https://internationell.malmo.se \
		$(PY) manage.py check --deploy --fail-level WARNING

# Mutation testing of the modules that hold the rules (setup.cfg [mutmut]); slow (about 3 700
# mutants, hours on two cores), not in CI. One module at a time:
#   make mutation MUTANTS="projects.access.*"
MUTANTS ?=
mutation: venv messages
	rm -rf mutants
	-$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache build *.egg-info mutants \
		$(OIDC_PROVIDER)/node_modules
