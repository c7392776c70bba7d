# Sifara: `make demo` and `make test` are the two commands a new user needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
export SIFARA_SHARED := $(abspath $(SHARED))

.PHONY: demo test lint neo4j neo4j-stop notebook bench soak clean venv install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

## demo: build the bundled sample corpus into out/, print its events, run one canned query
demo: install
	$(BIN)/sifara demo --out out

## lint: ruff over the code and tests
lint: install-test
	$(BIN)/ruff check .

## test: lint, start Neo4j, run the whole suite (database tests included), stop Neo4j
test: install-test lint
	scripts/neo4j.sh start
	scripts/neo4j.sh wait
	status=0; NEO4J_URI=$${NEO4J_URI:-bolt://127.0.0.1:$${NEO4J_PORT:-7687}} NEO4J_USERNAME=$${NEO4J_USERNAME:-neo4j} \
	  NEO4J_PASSWORD=$${NEO4J_PASSWORD:-sifara-test-pw} \
	  $(BIN)/python -m pytest -q --timeout 600 --doctest-modules ingest graph queries sifara tests || status=$$?; \
	  scripts/neo4j.sh stop; exit $$status

## neo4j: start a local Neo4j Community server (bolt://127.0.0.1:7687, neo4j / sifara-test-pw)
neo4j:
	scripts/neo4j.sh start
	scripts/neo4j.sh wait

neo4j-stop:
	scripts/neo4j.sh stop

## notebook: open the exploration notebook (after `make demo`)
notebook: install
	$(BIN)/pip install --quiet -e ".[notebook]"
	$(BIN)/jupyter lab notebooks/explore.ipynb

clean:
	rm -rf out out-* .pytest_cache .ruff_cache build dist *.egg-info
