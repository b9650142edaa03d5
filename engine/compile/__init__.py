"""Compile a checked rule into SQL text plus bound parameters. Holds no connection."""

from engine.compile.sql import Binding, CompiledRule, OutputColumn, compile_rule

__all__ = ["Binding", "CompiledRule", "OutputColumn", "compile_rule"]
