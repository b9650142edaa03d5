"""autopattern: turns repeated automation telemetry into reusable patterns.

The package is a pipeline of stages (telemetry -> language -> compile -> evaluate ->
registry -> report); the CLI in ``engine.cli`` is a thin layer over it.
"""

__version__ = "0.1.0"
