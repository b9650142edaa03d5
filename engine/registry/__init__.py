"""The pattern registry: documents in patterns/, their index and audit in the database.

Public entry points::

    apply_findings(db, patterns_dir, run, findings) -> EmitSummary    (engine.registry.emit)
    decide(db, patterns_dir, id, action, actor, reason)              (engine.registry.decisions)
    list_entries(db, kind=, status=) -> [{id, name, kind, status, ...}]  (engine.registry.index)
    status_of / is_quarantined / list_patterns / get_pattern          (engine.registry.index)
    pattern_id(pack_id, rule, key)                                    (engine.registry.ids)
    validate_document(kind, document)                                 (engine.registry.schemas)
"""

from engine.registry.decisions import DecisionResult, RegistryError, decide
from engine.registry.emit import EmitSummary, apply_findings
from engine.registry.ids import pattern_id
from engine.registry.index import (decisions_for, get_pattern, is_quarantined, list_entries, list_patterns,
                                   quarantined_ids, status_of)
from engine.registry.schemas import validate_document

__all__ = ["DecisionResult", "EmitSummary", "RegistryError", "apply_findings", "decide",
           "decisions_for", "get_pattern", "is_quarantined", "list_entries", "list_patterns", "pattern_id",
           "quarantined_ids", "status_of", "validate_document"]
