"""The online template miner: one text in, its template and the values in its slots out.

How a text is mined (one ``Miner`` per kind of text):

1. split into tokens by the kind's separators (whitespace; ``/`` for paths; newlines
   for content signatures), keeping the separators so a template reads like its texts;
2. mask each token with the ``MaskSet`` (numbers, IPs, ... become ``<*>``); a token
   that still holds a digit after masking is a variable as a whole;
3. look the masked token sequence up in an exact index (the common case: one dict hit);
4. otherwise compare it with the templates of the same length: the most similar one
   at or above ``similarity`` absorbs it, generalising each differing position to
   ``<*>``; none close enough makes a new template;
5. a template that generalised is compared with its peers: two templates that now
   differ only where one of them has a slot are merged (the younger one points to the
   older through ``merged_into``), so a group never stays split in two.

Templates only ever widen, so an id handed out stays valid: it either keeps its
template or is merged into another, and ``resolve`` follows the chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from engine.mining.masks import SLOT, MaskSet

MAX_TOKEN = 256  # longer tokens are not masked: they are a value as a whole
CACHE_LIMIT = 200_000

SEPARATORS = {
    "path": re.compile(r"([/\\]+)"),
    "content": re.compile(r"(\n)"),
}
DEFAULT_SEPARATOR = re.compile(r"(\s+)")
_DIGIT = re.compile(r"\d")
_GLUED = re.compile(r"[A-Za-z0-9]<\*>|<\*>[A-Za-z0-9]")  # sda<*>: a slot inside a word


@dataclass(frozen=True)
class MinerConfig:
    """The one shared configuration of the miner (no per-system tuning)."""

    similarity: float = 0.5      # share of a template's literal tokens a text must share
    digits_are_variables: bool = True


@dataclass
class Cluster:
    """A template: its tokens (``<*>`` marks a whole-token slot) and the separators."""

    id: int
    tokens: list[str]
    seps: list[str]
    count: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    merged_into: int | None = None
    dirty: bool = True      # count/last_seen/template changed since last flush
    widened: bool = False   # the template gained slots: stored params must be re-read

    @property
    def template(self) -> str:
        return join_tokens(self.tokens, self.seps)

    def to_state(self) -> list:
        return [self.id, self.tokens, self.seps, self.merged_into]


@dataclass(frozen=True)
class Tokens:
    """A text split and masked: raw tokens, masked tokens, separators, slot values."""

    raw: tuple[str, ...]
    masked: tuple[str, ...]
    seps: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]  # per token: the values of its masked slots


@dataclass(frozen=True)
class Match:
    cluster: Cluster
    params: list[str]


class Miner:
    """Online template mining for one kind of text (see the module docstring)."""

    def __init__(self, kind: str, masks: MaskSet, new_id: Callable[[list[str], list[str]], int],
                 config: MinerConfig | None = None):
        self.kind = kind
        self.masks = masks
        self.config = config or MinerConfig()
        self._new_id = new_id
        self._split = SEPARATORS.get(kind, DEFAULT_SEPARATOR).split
        self.clusters: dict[int, Cluster] = {}
        self._by_length: dict[int, list[Cluster]] = {}
        self._exact: dict[tuple[str, ...], int] = {}
        self._token_cache: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.merges: dict[int, int] = {}  # merged id -> surviving id, since last flush

    # --- public API ---------------------------------------------------------------------

    def add(self, text: str, ts: str | None = None) -> Match:
        """Mine ``text``: the template it belongs to (created or widened) and its params."""
        tokens = self.tokenize(text)
        cluster = self._lookup(tokens.masked)
        if cluster is None:
            cluster = self._best(tokens.masked)
            if cluster is None:
                cluster = self._create(tokens)
            else:
                cluster = self._widen(cluster, tokens.masked)
            self._remember(tokens.masked, cluster)
        cluster.count += 1
        cluster.dirty = True
        if ts is not None:
            if cluster.first_seen is None or ts < cluster.first_seen:
                cluster.first_seen = ts
            if cluster.last_seen is None or ts > cluster.last_seen:
                cluster.last_seen = ts
        return Match(cluster, extract(cluster.tokens, tokens))

    def find(self, text: str) -> Match | None:
        """The template ``text`` would join without changing it, or None (learns nothing)."""
        tokens = self.tokenize(text)
        cluster = self._lookup(tokens.masked)
        if cluster is None:
            cluster = next((c for c in self._by_length.get(len(tokens.masked), ())
                            if _covers(c.tokens, tokens.masked)), None)
        return Match(cluster, extract(cluster.tokens, tokens)) if cluster else None

    def resolve(self, cluster_id: int) -> Cluster:
        cluster = self.clusters[cluster_id]
        while cluster.merged_into is not None:
            cluster = self.clusters[cluster.merged_into]
        return cluster

    def live(self) -> Iterator[Cluster]:
        return (c for c in self.clusters.values() if c.merged_into is None)

    def tokenize(self, text: str) -> Tokens:
        parts = self._split(text.strip())
        raw, seps = parts[0::2], parts[1::2]
        masked, values = [], []
        cache = self._token_cache
        for token in raw:
            hit = cache.get(token)
            if hit is None:
                hit = self._mask_token(token)
                if len(cache) < CACHE_LIMIT:
                    cache[token] = hit
            masked.append(hit[0])
            values.append(hit[1])
        return Tokens(tuple(raw), tuple(masked), tuple(seps), tuple(values))

    # --- state --------------------------------------------------------------------------

    def to_state(self) -> dict:
        return {"v": 1, "clusters": [c.to_state() for c in self.clusters.values()]}

    def load_state(self, state: dict, rows: dict[int, tuple]) -> None:
        """Restore clusters from ``to_state`` output; ``rows`` holds count/first/last by id."""
        for cid, tokens, seps, merged_into in state.get("clusters", []):
            count, first, last = rows.get(cid, (0, None, None))
            cluster = Cluster(cid, list(tokens), list(seps), count, first, last, merged_into,
                              dirty=False)
            self.clusters[cid] = cluster
            if merged_into is None:
                self._by_length.setdefault(len(tokens), []).append(cluster)
                self._exact[tuple(tokens)] = cid

    # --- internals ----------------------------------------------------------------------

    def _mask_token(self, token: str) -> tuple[str, tuple[str, ...]]:
        if len(token) > MAX_TOKEN:
            return SLOT, (token,)
        masked, values, _ = self.masks.mask(token)
        if masked != SLOT and self.config.digits_are_variables and (
                _DIGIT.search(masked) or _GLUED.search(masked)):
            return SLOT, (token,)
        return masked, tuple(values)

    def _lookup(self, masked: tuple[str, ...]) -> Cluster | None:
        cid = self._exact.get(masked)
        return self.resolve(cid) if cid is not None else None

    def _remember(self, masked: tuple[str, ...], cluster: Cluster) -> None:
        if len(self._exact) < CACHE_LIMIT:
            self._exact[masked] = cluster.id

    def _best(self, masked: tuple[str, ...]) -> Cluster | None:
        best, best_score = None, (self.config.similarity, -1)
        for cluster in self._by_length.get(len(masked), ()):
            score = _similarity(cluster.tokens, masked)
            if score >= best_score:
                best, best_score = cluster, score
        return best

    def _create(self, tokens: Tokens) -> Cluster:
        cid = self._new_id(list(tokens.masked), list(tokens.seps))
        cluster = Cluster(cid, list(tokens.masked), list(tokens.seps))
        self.clusters[cid] = cluster
        self._by_length.setdefault(len(cluster.tokens), []).append(cluster)
        return cluster

    def _widen(self, cluster: Cluster, masked: tuple[str, ...]) -> Cluster:
        """Generalise ``cluster`` to cover ``masked``; return the template that survives."""
        changed = False
        for i, (mine, theirs) in enumerate(zip(cluster.tokens, masked)):
            if mine != theirs and mine != SLOT:
                cluster.tokens[i] = SLOT
                changed = True
        if not changed:
            return cluster
        cluster.widened = True
        return self._merge_peers(cluster)

    def _merge_peers(self, cluster: Cluster) -> Cluster:
        """Absorb the templates of the same length that ``cluster`` now covers."""
        survivor = cluster
        for other in list(self._by_length[len(cluster.tokens)]):
            if other is not survivor and other.merged_into is None \
                    and _covers(survivor.tokens, other.tokens):
                survivor = self._merge(other, survivor)
        return survivor

    def _merge(self, gone: Cluster, into: Cluster) -> Cluster:
        """Fold ``gone`` into ``into`` (keeping the older id); return the survivor."""
        # The older id survives, so ids seen first stay the ones rules group on.
        if gone.id < into.id:
            gone, into = into, gone
            into.tokens = [t if t == o else SLOT for t, o in zip(into.tokens, gone.tokens)]
            into.widened = True
        self._by_length[len(gone.tokens)].remove(gone)
        gone.merged_into = into.id
        gone.dirty = True
        into.dirty = True
        into.count += gone.count
        gone.count = 0
        for stamp in (gone.first_seen, gone.last_seen):
            if stamp is not None:
                into.first_seen = min(into.first_seen or stamp, stamp)
                into.last_seen = max(into.last_seen or stamp, stamp)
        self.merges[gone.id] = into.id
        for old, new in list(self.merges.items()):
            if new == gone.id:
                self.merges[old] = into.id
        return into


def _similarity(template: list[str], masked: tuple[str, ...]) -> tuple[float, int]:
    """Share of the template's literal tokens the text has, then its count of slots."""
    literals = same = slots = 0
    for mine, theirs in zip(template, masked):
        if mine == SLOT:
            slots += 1
        else:
            literals += 1
            if mine == theirs:
                same += 1
    return (same / literals if literals else 1.0), slots


def _covers(template: list[str], masked) -> bool:
    return all(mine == SLOT or mine == theirs for mine, theirs in zip(template, masked))


def join_tokens(tokens: list[str], seps: list[str]) -> str:
    out = [tokens[0]] if tokens else []
    for sep, token in zip(seps, tokens[1:]):
        out.append(sep)
        out.append(token)
    return "".join(out)


def extract(template: list[str], tokens: Tokens) -> list[str]:
    """The values of the template's slots in ``tokens``, in order."""
    params: list[str] = []
    for mine, masked, raw, values in zip(template, tokens.masked, tokens.raw, tokens.values):
        if mine == SLOT:
            params.append(raw)
        elif SLOT in mine:
            params.extend(values)
    return params
