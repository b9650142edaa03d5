"""Template mining: masks, the online miner, content signatures, params and templating.

Pure functions and the miner's in-memory state; persistence lives in
``engine.telemetry.templates``.
"""

from engine.mining import native

native.guard()  # before masks, align and miner are imported: never a stale compiled build
