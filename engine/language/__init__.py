"""The rule language: grammar loading, parsing to a typed AST, the catalog and checks.

It knows nothing of SQLite: the compiler turns its AST into SQL.
"""
