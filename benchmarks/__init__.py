"""Benchmarks of Sifara: a synthetic corpus generator and the runner of every figure.

``python -m benchmarks.corpus --help`` writes a corpus (and its gold events);
``python -m benchmarks.run [--quick]`` (or ``make bench``) measures extraction
throughput, parallel speed-up, memory, incremental builds, Neo4j loading and
query latency, and writes ``bench/results.json`` and ``bench/results.md``.
Nothing generated is committed (``bench/`` is git-ignored).
"""
