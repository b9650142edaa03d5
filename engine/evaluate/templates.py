"""The template step of evaluate (AUTO-008): member texts in, literal parts and slots out.

A `template` rule decides which groups get a template and lists the group's texts in
its ``members`` field (``members = sample(command, 20)``: the newest ones, read by the
rule's own SQL). Building a template from texts is the template miner's job, not SQL's,
so this step runs between the rule and the registry: it replaces ``members`` with the
``template`` (``{slot}`` placeholders) and its ``slots`` (name and values seen), and
keeps the number of texts it was built from. The texts themselves stay in the store.
"""

from __future__ import annotations

from typing import Any, Iterable

from engine.mining.masks import build_mask_set
from engine.mining.templating import build_template
from engine.results import Finding

MEMBERS = "members"


def add_templates(findings: Iterable[Finding], masks: list[dict[str, Any]] | None = None) -> int:
    """Fill ``template`` and ``slots`` of every template finding that lists its members.

    Returns how many templates were built. A finding without members keeps whatever
    template fields its rule emitted.
    """
    mask_set = None
    built = 0
    for finding in findings:
        if finding.kind != "template" or MEMBERS not in finding.fields:
            continue
        texts = [str(text) for text in finding.fields.pop(MEMBERS) or [] if text is not None]
        if not texts:
            continue
        mask_set = mask_set or build_mask_set(masks)
        draft = build_template(texts, mask_set)
        finding.fields.update(
            template=draft.text,
            slots=[{"name": slot.name, "values": list(slot.values)} for slot in draft.slots],
            built_from=draft.samples)
        built += 1
    return built
