# Sifara: `make demo` and `make test` are the two commands a new user needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
export SIFARA_SHARED := $(abspath $(SHARED))

.PHONY: demo test lint neo4j neo4j-stop notebook bench soak clean install install-test

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

## bench: benchmarks on a synthetic corpus (extraction, --jobs, memory, incremental build, Neo4j load,
##        query latency) → bench/results.md and bench/results.json; BENCH_ARGS=--quick for a short run.
##        The Neo4j parts wipe their database: they use their own instance (BENCH_NEO4J_PORT, default 7697).
##        Its memory: BENCH_NEO4J_HEAP (default 2g) and BENCH_NEO4J_PAGECACHE (3g; a million events take ~2 GB).
BENCH_NEO4J := NEO4J_PORT=$${BENCH_NEO4J_PORT:-7697} NEO4J_HEAP=$${BENCH_NEO4J_HEAP:-2g} \
               NEO4J_PAGECACHE=$${BENCH_NEO4J_PAGECACHE:-3g}
bench: install
	$(BENCH_NEO4J) scripts/neo4j.sh start
	$(BENCH_NEO4J) scripts/neo4j.sh wait
	status=0; $(BENCH_NEO4J) $(BIN)/python -m benchmarks.run --neo4j-port $${BENCH_NEO4J_PORT:-7697} $(BENCH_ARGS) \
	  || status=$$?; $(BENCH_NEO4J) scripts/neo4j.sh stop; exit $$status

## soak: the fuzzers and store-interruption loops, run longer than in `make test`
##       (the Neo4j fault tests start their own server on port 7731, SIFARA_FAULTS_NEO4J_PORT)
soak: install-test
	HYPOTHESIS_PROFILE=soak SIFARA_SOAK=1 $(BIN)/python -m pytest -q --timeout 3600 tests/ingest/test_fuzz.py tests/graph/test_store.py \
	  tests/queries/test_runner.py tests/sifara/test_interruption.py tests/sifara/test_hostile_input.py \
	  tests/graph/test_neo4j_faults.py
