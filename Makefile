# Malmö Internationell Redovisning – the two commands a new machine needs:
#   make demo   runs the application with demo data on SQLite
#   make test   runs the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv messages lint format check serve clean mutation

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
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Öppna http://$(HOST):$(PORT)/ och logga in med en av demoinloggningarna ovan."
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: venv messages
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
	DEBUG=0 SECRET_KEY=check-only-$$(date +%s)-a-long-random-string-for-the-deploy-check-xyz \
		ALLOWED_HOSTS=internationell.malmo.se CSRF_TRUSTED_ORIGINS=https://internationell.malmo.se \
		$(PY) manage.py check --deploy --fail-level WARNING

# Mutation testing of the modules that hold the rules (setup.cfg [mutmut]); slow, not in CI.
mutation: venv messages
	rm -rf mutants
	-$(BIN)/mutmut run
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache build *.egg-info mutants
