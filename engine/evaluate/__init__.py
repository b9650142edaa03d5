"""Evaluate checked, compiled packs against the telemetry at a fixed `now`."""
