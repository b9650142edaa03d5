"""Helpers that test modules import, always absolutely: ``from tests.support.x import y``.

- factories.py: whole CI folders (JUnit reports, OTLP and GitHub Actions exports).
- pack_events.py: hand-built events for the shipped packs, at a fixed now (tests/rules, tests/heal).
- pack_env.py: ``Env``, a workspace holding only the packs under test (see ``make_env``).
- report_pages.py: a demo with weekly runs, and a reader of a report page's numbers.
- reliability.py: the CLI in-process and as real processes, events, queries.
- rule_files.py: rule packs and rule tests written by a test, the shipped AUTO-001 pack.
- postgres_server.py: the suite's own PostgreSQL server (fixture ``postgres_server``).
- differential.py: comparing what SQLite and PostgreSQL answered (values to 1e-9, findings).
- paths.py: the repository root and the importer sample files, from any test's depth.

Fixtures live in conftest.py files, never imported: shared ones in tests/conftest.py.
"""
