# The README's two commands are `make run` and `make test`; everything else is a step of them.
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
# The LINKWRIGHT_* environment is honoured: `LINKWRIGHT_INDEX=/srv/x make serve` works.
INDEX  ?= $(or $(LINKWRIGHT_INDEX),var/index)
BIND   ?= $(LINKWRIGHT_BIND)
export HF_HUB_OFFLINE = 1

.PHONY: run test install install-test index serve lint typecheck unit bench clean

## make run: install, index sample_corpus/, serve the API with gunicorn (on BIND, else
## LINKWRIGHT_BIND, else 0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000)
run: install index serve

## make test: install with test tools, then lint, type-check and run the whole suite
test: install-test lint typecheck
	$(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	@# The browser test drives Debian's chromium (never `playwright install`).
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; \
	fi

index:
	$(BIN)/linkwright --index $(INDEX) index sample_corpus/site --sources sample_corpus/sources.yaml

serve:
	LINKWRIGHT_INDEX=$(INDEX) LINKWRIGHT_BIND=$(BIND) $(BIN)/gunicorn -c service/http/gunicorn_conf.py "service.http.app:create_app()"

lint:
	$(BIN)/ruff check indexer service tests bench
	$(BIN)/ruff format --check indexer service tests bench

typecheck:
	$(BIN)/mypy

bench:
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
