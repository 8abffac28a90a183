# The two set-up commands are `make run` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint lock clean messages

$(STAMP): requirements.lock pyproject.toml
	ldconfig -p | grep -q libpangoft2-1.0 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Start the product on SQLite with demo data and demo logins (http://127.0.0.1:8000).
run: $(STAMP)
	$(BIN)/tryggve demo

# Run the whole test suite (honours DATABASE_URL; browser tests need Debian's chromium).
test: $(STAMP) /usr/bin/chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Refresh the English catalogue from the marked Swedish text and compile it (needs gettext).
messages: $(STAMP)
	command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(BIN)/tryggve makemessages -l en --add-location=file --ignore=.venv --ignore=data --ignore=test-artifacts --ignore='*.egg-info'
	$(BIN)/tryggve compilemessages --ignore=.venv

# Re-pin requirements.lock from requirements*.in.
lock:
	$(PY) -m venv /tmp/tryggve-lock && /tmp/tryggve-lock/bin/pip install --quiet -r requirements.in -r requirements-dev.in
	/tmp/tryggve-lock/bin/pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV)
