"""Template ids for events at ingest: the bridge between the miner and the store.

Ingest calls ``TemplateAssigner.assign`` for each event's command, message, resolution,
path and content signature, stores the returned id and params with the event, then calls
``flush`` once per batch *after* storing the batch's rows and *before* committing.

Template notation: a template is the text with each variable part replaced by the slot
``<*>``; ``params`` are the values of the slots, left to right (``No module named
'<*>'`` with params ``["lxml"]``). Separators between tokens are kept as in the first
text of the template.

Ids are rows of the ``templates`` table. A template only widens; when it widens enough
to cover another one, the two are merged: the younger row gets ``merged_into`` and
``flush`` re-points every stored event (and re-reads its params), so no stored event
keeps a stale id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from engine.clock import utc_now_text
from engine.errors import AutopatternError, Location
from engine.mining.masks import shared_mask_set
from engine.mining.miner import (STATE_VERSION, Match, Miner, MinerConfig, Preparer,
                                 extract_params)
from engine.store import Store

# The one JSON text of stored values (params, attrs): ingest writes rows with it and
# re-labelling rewrites params with it, so a value reads the same whichever wrote it
# ("café", not "caf\\u00e9"). One encoder object: ``json.dumps`` with options builds a new
# encoder per call, and rows need millions of calls.
json_text = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True)
class Assignment:
    template_id: int      # row id in the `templates` table
    template: str         # the text with <*> slots
    params: list[str]     # the values in each slot, in order


@dataclass(frozen=True)
class EventColumns:
    """Where the events of one kind of text keep it, its template id and its params."""

    table: str
    text: str
    template_id: str
    params: str | None


KINDS: dict[str, EventColumns] = {
    "command": EventColumns("execution_logs", "command", "command_template_id", "command_params"),
    "message": EventColumns("error_events", "message", "message_template_id", "message_params"),
    "resolution": EventColumns("error_events", "resolution", "resolution_template_id",
                               "resolution_params"),
    "path": EventColumns("file_events", "path", "path_template_id", "path_params"),
    "content": EventColumns("file_events", "content_signature", "content_template_id", None),
}


# the oldest state version that still loads (``Miner.load_state`` rebuilds what it lacks)
OLDEST_STATE = 2
_CHUNK = 400   # ids per statement (SQLite allows 32766 parameters, PostgreSQL 65535)


def _valid_clusters(clusters, known: set[int]) -> bool:
    """Whether a stored state lists exactly the stored templates, each well formed."""
    if not isinstance(clusters, list):
        return False
    ids = set()
    for entry in clusters:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int)
                and isinstance(entry[1], str) and (entry[2] is None or entry[2] in known)):
            return False
        ids.add(entry[0])
    return ids == known


class TemplateAssigner:
    """Assigns template ids to texts, one miner per kind, persisted in the database.

    ``preparers`` (kind -> ``Preparer``) lets assigners made one after the other (ingest
    makes one per batch) share the masking of texts they have already met; the dict is
    filled as kinds are first used.
    """

    def __init__(self, db: Store, extra_masks: list[dict] | None = None,
                 config: MinerConfig | None = None,
                 preparers: dict[str, Preparer] | None = None):
        self.db = db
        self.masks = shared_mask_set(extra_masks)
        self.config = config or MinerConfig()
        self._miners: dict[str, Miner] = {}
        self._preparers = preparers if preparers is not None else {}

    # --- the interface ingest uses ---------------------------------------------------------

    def assign(self, kind: str, text: str, ts: str) -> Assignment:
        """The template of ``text`` (learning from it) and the values of its slots."""
        found = self._miner(kind).add(text, ts)
        return Assignment(found.cluster.id, found.cluster.template, found.params)

    def add(self, kind: str, text: str, ts: str) -> Match:
        """``assign``'s work without building an ``Assignment``: the miner's match, whose
        params are only read if asked (ingest's path, once per text of every event)."""
        miner = self._miners.get(kind) or self._miner(kind)
        return miner.add(text, ts)

    def match(self, kind: str, text: str) -> Assignment | None:
        """The existing template ``text`` belongs to, or None; learns nothing."""
        found = self._miner(kind).find(text)
        return Assignment(found.cluster.id, found.cluster.template, found.params) if found else None

    def flush(self) -> None:
        """Persist templates and miner state; re-point stored events of merged templates.

        Runs inside the caller's transaction and does not commit.
        """
        for kind, miner in self._miners.items():
            changed = [c for c in miner.clusters.values() if c.dirty]
            if not changed and not miner.merges:
                continue
            self._write_templates(changed)
            self._follow_merges(kind, miner)
            if miner.state_changed:  # most batches only count texts of known templates
                self._write_state(kind, miner)
                miner.state_changed = False
            for cluster in changed:
                cluster.dirty = cluster.widened = False
            miner.merges.clear()

    # --- loading ---------------------------------------------------------------------------

    def _miner(self, kind: str) -> Miner:
        miner = self._miners.get(kind)
        if miner is None:
            if kind not in KINDS:
                raise AutopatternError(f"unknown template kind {kind!r}",
                                       Location(field="kind"),
                                       hint="one of: " + ", ".join(KINDS))
            preparer = self._preparers.get(kind)
            if preparer is None or preparer.source is not self.masks:
                preparer = self._preparers[kind] = Preparer(kind, self.masks)
            miner = Miner(kind, self.masks, self._inserter(kind), self.config, preparer)
            self._load(kind, miner)
            self._miners[kind] = miner
        return miner

    def _load(self, kind: str, miner: Miner) -> None:
        """Restore a kind's miner; the templates table alone suffices if the state is lost.

        The state adds the skeletons that lead to each template (so every text assigned
        before is found again); a missing, unreadable or older state is rebuilt from the
        templates rows instead of failing, since those rows are the source of truth.
        """
        rows = self.db.execute(
            "SELECT id, template, merged_into, count, first_seen, last_seen FROM templates "
            "WHERE kind = ? ORDER BY id", [kind]).fetchall()
        row = self.db.execute("SELECT state FROM miner_state WHERE kind = ?", [kind]).fetchone()
        try:
            state = json.loads(row[0]) if row else None
        except ValueError:
            state = None
        known = {r[0] for r in rows}
        versions = range(OLDEST_STATE, STATE_VERSION + 1)
        rebuilt = not (isinstance(state, dict) and state.get("v") in versions
                       and _valid_clusters(state.get("clusters"), known)
                       and isinstance(state.get("skeletons", {}), dict))
        if rebuilt:
            state = {"v": STATE_VERSION, "clusters": [list(r[:3]) for r in rows]}
        miner.load_state(state, {r[0]: tuple(r[3:]) for r in rows})
        if rebuilt:
            miner.state_changed = True  # the stored state is missing or stale: save it anew

    def _inserter(self, kind: str):
        def new_id(template: str) -> int:
            return self.db.execute("INSERT INTO templates (kind, template, count) VALUES (?, ?, 0) "
                                   "RETURNING id", [kind, template]).fetchone()[0]
        return new_id

    # --- flushing --------------------------------------------------------------------------

    def _write_templates(self, clusters) -> None:
        self.db.executemany(
            "UPDATE templates SET template = ?, count = ?, first_seen = ?, last_seen = ?, "
            "merged_into = ? WHERE id = ?",
            [(c.template, c.count, c.first_seen, c.last_seen, c.merged_into, c.id)
             for c in clusters])

    def _follow_merges(self, kind: str, miner: Miner) -> None:
        """Re-point events of merged templates, then re-read params of widened ones."""
        cols = KINDS[kind]
        if miner.merges:
            merges = sorted(miner.merges.items())
            column = f'"{cols.template_id}"'
            for start in range(0, len(merges), _CHUNK):
                part = merges[start:start + _CHUNK]
                cases = " ".join("WHEN ? THEN ?" for _ in part)
                self.db.execute(
                    f'UPDATE "{cols.table}" SET {column} = CASE {column} {cases} END '
                    f"WHERE {column} IN ({', '.join('?' for _ in part)})",
                    [v for pair in part for v in pair] + [old for old, _new in part])
        if cols.params is None:
            return
        touched = {miner.resolve(old).id for old in miner.merges}
        touched |= {c.id for c in miner.live() if c.widened}
        if touched:
            self._refresh_params(cols, miner, sorted(touched))

    def _refresh_params(self, cols: EventColumns, miner: Miner, ids: list[int]) -> None:
        rows = []
        for start in range(0, len(ids), _CHUNK):
            part = ids[start:start + _CHUNK]
            rows += self.db.execute(
                f'SELECT "seq", "{cols.template_id}", "{cols.text}" FROM "{cols.table}" '
                f'WHERE "{cols.template_id}" IN ({", ".join("?" for _ in part)})', part).fetchall()
        updates = []
        for rowid, template_id, text in rows:
            if text is None:
                continue
            template = miner.resolve(template_id).template
            updates.append((json_text(extract_params(template, miner.prepare(text))), rowid))
        self.db.executemany(
            f'UPDATE "{cols.table}" SET "{cols.params}" = ? WHERE "seq" = ?', updates)

    def _write_state(self, kind: str, miner: Miner) -> None:
        self.db.upsert("miner_state", {"kind": kind, "state": json.dumps(miner.to_state(), separators=(",", ":")),
                                       "updated": utc_now_text()}, key=("kind",))
