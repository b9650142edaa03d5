"""The online template miner: one text in, its template (and on demand its params) out.

A template is the text with each variable part replaced by the slot ``<*>``; a slot may
stand for any text, including none or several words. How a text finds its template
(one ``Miner`` per kind of text):

1. **mask**: the ``MaskSet`` replaces numbers, IPs, paths, dates, ... by ``<*>`` and
   runs of whitespace collapse to one space: the *masked form*;
2. **exact**: a masked form seen before maps straight to its template (one dict hit,
   the common case);
3. **skeleton**: the masked form without its slots is its *skeleton*; texts with the
   same skeleton are the same template even when their slots differ in number or place
   (``bytes sent`` and ``bytes (1.2 KB) sent``). The template widens to cover both;
4. **family**: templates of the same token count that differ in exactly one token form
   a family; once a family holds ``family_size`` distinct values there (or two values
   that both contain digits, which are presumed variable), its members merge into one
   template with a slot at that token. Pure words need more evidence than
   ``sda1``/``sdb7``, so ``stored as bytes`` and ``stored as values`` stay apart, and
   the evidence is read across the family, not from one token's shape: values that keep
   repeating (distinct values squared below the lines the family holds, or one value
   holding more than a third of them: ``state Active`` six times before ``Inactive``
   and ``Pending`` show) are an enumeration, which the ground truth of log benchmarks
   keeps as separate events (``key=value`` values are exempt: the key names a value;
   so is a word after ``user``, ``host``, ... from the one-value test). The first word of
   a quoted phrase (``"Started <*>"``) needs five values. The slot keeps the punctuation
   all values share around it (``pool[<*>]``, ``key=<*>``, ``'<*>'``): a constant glued
   to a variable stays a constant. Texts whose value-like tokens (a digit, or a slot
   glued to text) all differ at once, with every other token equal, share an *outline*
   and are one template after two texts (the digit rule over several positions);
   templates whose outlines differ in one plain word form an *outline family*, which
   merges like a family at five values;
5. otherwise the text starts a new template.

Templates only widen, and merging keeps the older id, so an id once handed out stays
valid: it keeps its template or points (``merged_into``) to the one that absorbed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Final, Iterator, Sequence

from engine.mining.align import bracket_slots, covers, generalize, skeleton_of, slot_spans
from engine.mining.masks import SLOT, MaskSet, ShapeCache, ascii_mode_agrees

CACHE_LIMIT: Final = 200_000
MAX_TEXT: Final = 4_096  # longer texts are cut before mining: a template is about the start

_HAS_DIGIT: Final = re.compile(r"\d")
_WORDY: Final = re.compile(r"[A-Za-z]")
# (<*>) is one value, brackets included; name[<*>] keeps them. The bracket comes first and
# the look-behind (two characters: what precedes it, and the bracket) after, so that the
# engine scans for a bracket instead of trying the look-behind at every position.
_BRACKETED: Final = re.compile(r"[(\[{<](?<![\w\]\)][(\[{<])<\*>[)\]}>]")
_BRACKETED_ASCII: Final = re.compile(_BRACKETED.pattern, re.ASCII)  # see ascii_mode_agrees
_QUOTES: Final = ("'", '"')
_QUOTED_SLOTS: Final = re.compile(r"(?<=['\"])<\*>(?: <\*>)+(?=['\"])")  # '<*> <*>' is one value
_GLUE: Final = re.compile(r"[^\w<>*]")  # punctuation: where a constant glued to a value ends
_TWO: Final = 2  # a word fewer outlined templates used than this is new or rare (``_outline_keys``)
# Words after which a plain word is a value, however often one value repeats
# (``session opened for user <*>``): general log vocabulary, not read from one system.
_NAMING: Final = {"user", "uid", "gid", "pid", "host", "hostname", "port", "id", "account", "node", "client"}
_KEY: Final = re.compile(r"[A-Za-z][\w.\-]*[=:]")  # the key of key=value
TOKEN_SPLIT: Final = {"path": re.compile(r"[/\\]"), "content": re.compile(r"\n")}
TOKEN_JOIN: Final = {"path": "/", "content": "\n"}  # and " " for every other kind
# an outline family's key: "~" and the outline's tokens joined by this (``_outline_keys``)
_OUTLINE_JOIN: Final = "\x1f"
# every other kind splits on one space (with ``str.split``, see ``Miner.__init__``)
KIND_MASK_EXCLUDES: Final = {"path": ("path", "relpath", "url")}
# A path keeps its meaning with one literal folder (tests/<*>); a message does not (<*> true).
KIND_FAMILY_LITERALS: Final = {"path": 1}
# Paths are structured: two files that differ in one segment (src/a/service.py,
# src/b/service.py) already show the variable part — AUTO-002 batches start at two files.
KIND_FAMILY_SIZE: Final = {"path": 2}
# 3: the state carries the families' evidence (``online``); 2 (templates and skeletons)
# still loads, its families rebuilt from the templates
STATE_VERSION: Final = 3


@dataclass(frozen=True)
class MinerConfig:
    """The one shared configuration of the miner (the same for every system)."""

    family_size: int = 3            # distinct values at one token before it becomes a slot
    digit_family_size: int = 2      # the same when every value holds a digit
    family_literals: int = 2        # words a family's template must keep (no "<*> <*>")
    # A plain word is variable when its values do not keep repeating: the family's distinct
    # values, squared, must reach this share of the lines its members hold (an enumeration
    # seen often, a state or a verb, keeps few values over many lines and stays literal;
    # key=value values are exempt: the key names a value).
    spread: float = 1.0
    # ... and no one value may hold more than this share of those lines: an enumeration
    # seen often repeats its commonest value before its third value shows (``user <*>``
    # and other value-naming words are exempt: the word before says a value follows)
    dominance: float = 0.34
    # distinct values before the first word of a quoted phrase (``"Started <*>"``) is a
    # slot: the phrase's first word is where a message puts its verb or state
    quoted_family_size: int = 5
    # distinct values before a word that changes together with the value-like words of
    # an outline is a slot: two places change at once, which is weaker evidence
    outline_family_size: int = 5

    def __post_init__(self):
        if min(self.family_size, self.digit_family_size) < 2:
            raise ValueError("a family needs at least two distinct values to show a variable")


class Cluster:
    """A template and its bookkeeping; ``merged_into`` set means it was absorbed.

    A plain class, not a dataclass: compiled, a dataclass's generated ``__init__`` and
    ``__eq__`` run as bytecode (one template is one object: equal means the same)."""

    __slots__ = ("id", "template", "count", "first_seen", "last_seen", "merged_into",
                 "dirty", "widened")

    def __init__(self, id: int, template: str, count: int = 0, first_seen: str | None = None,
                 last_seen: str | None = None, merged_into: int | None = None,
                 dirty: bool = True, widened: bool = False):
        self.id = id
        self.template = template
        self.count = count
        self.first_seen = first_seen
        self.last_seen = last_seen
        self.merged_into = merged_into
        self.dirty = dirty      # count/last_seen/template changed since the last flush
        self.widened = widened  # the template gained slots: params stored with it are stale

    def __repr__(self) -> str:
        return (f"Cluster(id={self.id}, template={self.template!r}, count={self.count}, "
                f"merged_into={self.merged_into})")

    def set_template(self, template: str) -> None:
        if template != self.template:
            self.template = template
            self.widened = self.dirty = True


class Prepared:
    """A text ready for lookup: its masked form and skeleton; slot values on demand.

    Everything here is a pure function of the text and its kind's masks, so one
    ``Prepared`` serves every miner of that kind that meets the text (see ``Preparer``).
    ``memo`` is for a caller's result derived from the text and one template, kept with
    that template so it is recomputed when the template changes (ingest keeps the JSON
    of the params there: one text recurs far more often than its template widens).
    """

    __slots__ = ("raw", "masked", "_text", "_skeleton", "_values", "_form", "memo")

    def __init__(self, raw: str, masked: str, form: "TextForm"):
        self.raw = raw            # the text as given (cut to MAX_TEXT)
        self.masked = masked      # ``text`` with each masked value replaced by <*>
        self._text: str | None = None
        self._skeleton: str | None = None
        self._values: tuple[str, ...] | None = None
        self._form = form
        self.memo: tuple[str, object] | None = None   # (template, a result for it)

    @property
    def text(self) -> str:
        """The whitespace-normalised text (needed only to read the values)."""
        if self._text is None:
            self._text = self._form.normalize(self.raw)
        return self._text

    @property
    def skeleton(self) -> str:
        """``masked`` without its slots: what all texts of a template share."""
        if self._skeleton is None:
            self._skeleton = skeleton_of(self.masked)
        return self._skeleton

    @property
    def values(self) -> tuple[str, ...]:
        """The text each slot of ``masked`` replaced, in order."""
        if self._values is None:
            values: Any = _token_values(self.masked, self.text)
            if values is not None:
                self._values = values
                return values
            masked, values, _ = self._form.masks.apply(self.text)
            if masked != self.masked:  # brackets folded into their slot
                masked, values = bracket_slots(masked, values)
            if masked != self.masked or len(values) != masked.count(SLOT):
                # a mask saw a word boundary differently, or the text itself holds "<*>"
                pieces, spans = slot_spans(self.masked, self.text)
                values = ["".join(pieces[start:end]).strip() for start, end in spans]
            self._values = tuple(values)
        return self._values


class Match:
    """A text's template; ``params`` (the slot values) are computed on first use."""

    __slots__ = ("cluster", "prepared", "_params")

    def __init__(self, cluster: Cluster, prepared: Prepared):
        self.cluster = cluster
        self.prepared = prepared
        self._params: list[str] | None = None

    @property
    def params(self) -> list[str]:
        if self._params is None:
            self._params = extract_params(self.cluster.template, self.prepared)
        return self._params


class Family:
    """Templates that differ only at one token: their ids, the values seen there, and the
    template they merged into once the values showed the token is variable."""

    __slots__ = ("members", "values", "merged", "seen")

    def __init__(self, members: list[int] | None = None, values: set[str] | None = None):
        self.members = members if members is not None else []
        self.values = values if values is not None else set()
        self.merged: int | None = None
        self.seen: list[str] = list(self.values)  # the value of each member, in order


class TextForm:
    """How the texts of one kind are read: their masks and their whitespace.

    What a ``Prepared`` text keeps to compute its values later. Not the ``Preparer``
    itself: that would tie every prepared text in its cache back to the cache, a cycle
    only the garbage collector frees (slowly, and all at once, when a miner is done).
    """

    __slots__ = ("masks", "keep_lines")

    def __init__(self, masks: MaskSet, keep_lines: bool):
        self.masks = masks
        self.keep_lines = keep_lines

    def normalize(self, text: str) -> str:
        """Whitespace runs as one space (lines kept, trailing blanks dropped, for contents)."""
        if self.keep_lines:
            return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
        return " ".join(text.split())


class Preparer:
    """Turns the raw texts of one kind into ``Prepared`` ones (step 1, the masking), and
    remembers them.

    It lives apart from the ``Miner`` because ingest builds a fresh miner for every batch
    (so that each batch mines against the templates committed before it) while the same
    command lines and messages recur from batch to batch: one preparer per kind for the
    whole ingest masks a text once, not once per batch. Sharing it never changes a
    result, since a prepared text depends only on the text, the kind and the masks. The
    cache is bounded: when it holds ``limit`` texts it starts over.
    """

    def __init__(self, kind: str, masks: MaskSet, limit: int = CACHE_LIMIT):
        self.kind = kind
        self.source = masks   # the mask set it was made from (``Miner`` checks it)
        self.masks = masks.without(KIND_MASK_EXCLUDES.get(kind, ()))
        self.limit = limit
        self.cache: dict[str, Prepared] = {}
        self.form = TextForm(self.masks, keep_lines=kind == "content")
        # raw text shape -> masked form, for texts that differ only in their digits
        self._digit_shape = self.masks.digit_shape
        self._shapes = ShapeCache() if self._digit_shape else None

    def prepare(self, text: str) -> Prepared:
        hit = self.cache.get(text)
        if hit is None:
            hit = self.cache_new(text)
        return hit

    def cache_new(self, text: str) -> Prepared:
        """Prepare a text not in the cache (the caller has looked), and keep it."""
        prepared = self._prepare(text)
        if len(self.cache) >= self.limit:
            self.cache.clear()
        self.cache[text] = prepared
        return prepared

    def normalize(self, text: str) -> str:
        """Whitespace runs as one space (lines kept, trailing blanks dropped, for contents)."""
        return self.form.normalize(text)

    def _prepare(self, text: str) -> Prepared:
        text = text[:MAX_TEXT]
        shapes = self._shapes
        digit_shape = self._digit_shape
        shape: Any = None
        if shapes is not None and digit_shape is not None and shapes.active:
            # Normalising ignores digits and digit-blind masks find the same spans in every
            # text of one shape: a masked form without those digits fits them all (most
            # new texts stop here)
            shape = digit_shape.of(text)
            masked = shapes.get(shape)
            if masked is not None:
                return Prepared(text, masked, self.form)
        masked = (self.masks.mask(self.normalize(text)) if self.form.keep_lines
                  else self.masks.mask_words(text.split()))  # normalize's words, split once
        # (four substring searches find an opening bracket before a slot faster than a scan)
        if "<*>" in masked and ("(<*>" in masked or "[<*>" in masked or "{<*>" in masked
                                or "<<*>" in masked):
            masked = (_BRACKETED_ASCII if ascii_mode_agrees(masked)
                      else _BRACKETED).sub(SLOT, masked)
        if shapes is not None and digit_shape is not None and shape is not None \
                and digit_shape.shared(masked):
            shapes.put(shape, masked)
        return Prepared(text, masked, self.form)


class Miner:
    """Online template mining for one kind of text (see the module docstring).

    ``preparer`` shares step 1 (masking, see ``Preparer``) with other miners of the same
    kind and masks; by default the miner has its own.
    """

    def __init__(self, kind: str, masks: MaskSet, new_id: Callable[[str], int],
                 config: MinerConfig | None = None, preparer: Preparer | None = None):
        if preparer is None:
            preparer = Preparer(kind, masks)
        elif preparer.kind != kind or preparer.source is not masks:
            raise ValueError(f"a {kind!r} miner needs a preparer of its own kind and masks, "
                             f"not one for {preparer.kind!r}")
        self.kind = kind
        self.preparer = preparer
        self.masks = preparer.masks
        self.config = config or MinerConfig()
        self._new_id = new_id
        # None: words split on one space with ``str.split`` (not a regex scan)
        self._token_split = TOKEN_SPLIT[kind].split if kind in TOKEN_SPLIT else None
        self._separator = TOKEN_JOIN.get(kind, " ")  # joins tokens: a character none holds
        self.clusters: dict[int, Cluster] = {}
        self._exact: dict[str, int] = {}       # masked form -> template id
        self._skeletons: dict[str, int] = {}   # skeleton -> template id
        # family key (the tokens with one a slot, joined: see ``_family_keys``) -> Family,
        # or while one template alone has that key (id, its tokens joined as they were):
        # one tuple for all the keys of a template, the token read back from the key
        # (``_one_token``); outline family key -> Family, or (id, token) (``_outline_keys``)
        self._families: dict[str, Any] = {}
        self._outline_families: dict[str, Any] = {}
        # the tokens with every value-like one (a digit, or a slot glued to text) as a slot
        # -> the first template with that outline: several values that change at once
        self._outlines: dict[tuple, int] = {}
        # token -> its ``_token_kind``: 2 value-like (a slot in an outline), 1 a literal word
        self._token_kinds: dict[str, int] = {}
        self._outlined = kind not in TOKEN_SPLIT  # words split on spaces only
        self._family_size = KIND_FAMILY_SIZE.get(kind, self.config.family_size)
        # fewer distinct values than this can never make a family full (see ``_full``)
        self._family_floor = min(self._family_size, self.config.digit_family_size)
        self._prepared = preparer.cache
        # the last text no family took, with what ``_family_match`` made of it, for
        # ``_create``: (masked, tokens, keys, outline, found, several, whole)
        self._missed: tuple | None = None
        # whether the outline ``_outline`` last returned has two value-like tokens or more
        # (slots beyond the template's own): then two texts with that outline are one
        # template; with one, the outline only keys outline families
        self._several = False
        self._outline_merges = 0               # outline families merged so far
        # word -> outlined templates that used it (a dict: ``Counter.update`` runs as bytecode)
        self._word_uses: dict[str, int] = {}
        self._outline_heads: set[int] = set()  # ids outline families merged into
        # an outline family key may hold words word_uses did not count (a family
        # ``_head_outline_family`` rebuilt, or one restored from a state that says so)
        self._uncounted_keys = False
        # (outline length, slots) -> (id, outline) of each outlined template, for the sweep
        self._outline_bucket: dict[tuple[int, int], list[tuple[int, tuple]]] = {}
        self.merges: dict[int, int] = {}       # absorbed id -> surviving id, since last flush
        # whether ``to_state`` may differ from the state loaded or last saved: counts and
        # times change with every text, the state only when templates or skeletons do
        self.state_changed = False

    # --- public API ---------------------------------------------------------------------

    def add(self, text: str, ts: str | None = None) -> Match:
        """Mine ``text``: the template it belongs to, created or widened as needed."""
        prepared = self._prepared.get(text)
        if prepared is None:  # a new text: prepare it once, without a second lookup
            prepared = self.preparer.cache_new(text)
        cid = self._exact.get(prepared.masked)
        if cid is not None:  # the common case, kept free of calls
            cluster = self.clusters[cid]
            if cluster.merged_into is not None:
                cluster = self.resolve(cid)
        else:
            cluster = self._find(prepared, learn=True) or self._create(prepared)
        cluster.count += 1
        cluster.dirty = True
        if ts is not None:
            if cluster.first_seen is None or ts < cluster.first_seen:
                cluster.first_seen = ts
            if cluster.last_seen is None or ts > cluster.last_seen:
                cluster.last_seen = ts
        return Match(cluster, prepared)

    def find(self, text: str) -> Match | None:
        """The template ``text`` belongs to as things stand, or None. Learns nothing."""
        prepared = self.prepare(text)
        cluster = self._find(prepared, learn=False)
        return Match(cluster, prepared) if cluster is not None else None

    def resolve(self, cluster_id: int) -> Cluster:
        cluster = self.clusters[cluster_id]
        while cluster.merged_into is not None:
            cluster = self.clusters[cluster.merged_into]
        return cluster

    def live(self) -> Iterator[Cluster]:
        return (c for c in self.clusters.values() if c.merged_into is None)

    def prepare(self, text: str) -> Prepared:
        return self.preparer.prepare(text)

    # --- state --------------------------------------------------------------------------

    def to_state(self) -> dict:
        """Compact JSON-able state: the templates, the skeletons that lead to them, and
        (``online``) the evidence the families gathered, so that a miner rebuilt from it
        groups the next texts as this one would (see ``_online_state``)."""
        state = {"v": STATE_VERSION,
                 "clusters": [[c.id, c.template, c.merged_into] for c in self.clusters.values()],
                 "skeletons": {skeleton: self.resolve(cid).id
                               for skeleton, cid in self._skeletons.items()}}
        if self._outline_heads:
            state["outline_heads"] = sorted({self.resolve(cid).id for cid in self._outline_heads})
        state["online"] = self._online_state()
        return state

    def load_state(self, state: dict, rows: dict[int, tuple]) -> None:
        """Restore from ``to_state`` output; ``rows`` holds (count, first, last) by id.

        A state with the families' evidence (``online``, version 3) restores it as saved;
        an older one, or one whose ``online`` part does not read, rebuilds the families
        from the live templates alone, which forgets what a family had gathered but not
        yet merged on (Proxifier rebuilt every 200 lines: GA 1.000 -> 0.526)."""
        for cid, template, merged_into in state.get("clusters", []):
            count, first, last = rows.get(cid, (0, None, None))
            self.clusters[cid] = Cluster(cid, template, count, first, last, merged_into,
                                         dirty=False)
        self._outline_heads.update(state.get("outline_heads", ()))
        for skeleton, cid in state.get("skeletons", {}).items():
            if cid in self.clusters:
                self._skeletons[skeleton] = cid
        if len(self._skeletons) != len(state.get("skeletons", {})):
            self.state_changed = True  # the state named templates that are gone
        online = state.get("online")
        restored = online is not None and self._load_online(online)
        if not restored and state.get("v", 0) >= STATE_VERSION:
            self.state_changed = True  # the evidence did not read: save it anew
        for cluster in self.live():
            if skeleton_of(cluster.template) not in self._skeletons:
                self.state_changed = True  # the state lacked this template's own skeleton
            self._skeletons.setdefault(skeleton_of(cluster.template), cluster.id)
            self._exact[cluster.template] = cluster.id
            if restored:
                continue
            tokens = self._tokens(cluster.template)
            outline = self._outline(tokens)
            if outline is not None and self._several:
                self._outlines.setdefault(outline, cluster.id)
            self._join_families(cluster, merge=False)
            if outline is not None:
                self._join_outline_families(cluster, outline, merge=False)
            if cluster.id in self._outline_heads and self._outlined:
                self._head_outline_family(cluster, tokens)

    def _online_state(self) -> dict:
        """The families, outlines and word uses, as JSON. A family key (a template's
        tokens with one as a slot) is stored as a string of tokens and the position the
        slot takes, the strings shared through one table: the keys of one template are
        its one string, its families of one (which hold that string) one row of positions."""
        strings: dict[str, int] = {}
        join = self._join

        def intern(tokens) -> int:
            return strings.setdefault(join(tokens), len(strings))

        clusters = self.clusters
        # id -> [its template's tokens joined as a family key joins them, that string's index]
        owns: dict[int, Any] = {}
        families: list[list] = [
            [key, family.members, family.seen, family.merged] if isinstance(family, Family)
            else [key, family[0], family[1]]
            for key, family in self._outline_families.items()]  # as made: a string
        ones: dict[tuple[int, int], list[int]] = {}
        for key, family in self._families.items():
            if not isinstance(family, Family):  # (id, the tokens it came from, joined)
                whole = family[1]
                index = strings.setdefault(whole, len(strings))  # = intern(its tokens)
                ones.setdefault((index, family[0]), []).append(self._slot_index(key, whole))
                continue
            cid: Any = family.members[0] if family.members else family.merged
            token = family.seen[0] if family.seen else SLOT
            # Most keys are the template of the member they came from with one token a
            # slot: that template's string serves all of them
            own: Any = owns.get(cid)
            if own is None and cid in clusters:
                own = owns[cid] = [self._join(self._tokens(clusters[cid].template)), None]
            position = None
            if own is not None and len(key) - len(SLOT) == len(own[0]) - len(token):
                position = _slot_position(key, own[0], token, self._separator)
            if position is not None:
                if own[1] is None:
                    own[1] = intern(self._tokens(own[0]))
                index = own[1]
            else:  # the template widened since: the key's own tokens, the value put back
                tokens = self._tokens(key)
                position = tokens.index(SLOT)
                tokens[position] = token
                index = intern(tokens)
            families.append([index, position, family.members, family.seen, family.merged])
        online = {"families": families,
                  # the families of one: [string, id, position, ...], one row per template
                  "ones": [[index, cid, *positions] for (index, cid), positions in ones.items()],
                  "outlines": [[intern(outline), cid] for outline, cid in self._outlines.items()],
                  "buckets": [[intern(outline), cid] for bucket in self._outline_bucket.values()
                              for cid, outline in bucket],
                  "word_uses": dict(self._word_uses),
                  "outline_merges": self._outline_merges,
                  # every outline family key holds only words counted in word_uses (see
                  # ``_family_match``); a state without this may not: it is not assumed
                  "keys_counted": not self._uncounted_keys}
        # once every string is interned; one that is a template as saved is its id
        by_template = {c.template: c.id for c in self.clusters.values()}
        online["strings"] = [by_template.get(string, string) for string in strings]
        return online

    def _load_online(self, online: Any) -> bool:
        """Restore ``_online_state`` output; False (nothing restored) if it does not read."""
        try:
            strings = [self._tokens(self.clusters[s].template if type(s) is int else s)
                       for s in online["strings"]]
            families: dict[str, Any] = {}
            outline_families: dict[str, Any] = {}
            join = self._join
            for entry in online["families"]:
                if isinstance(entry[0], str):  # an outline family
                    if len(entry) == 3:
                        outline_families[entry[0]] = (int(entry[1]), str(entry[2]))
                    else:
                        family = outline_families[entry[0]] = Family(list(entry[1]),
                                                                     set(entry[2]))
                        family.seen, family.merged = list(entry[2]), entry[3]
                    continue
                tokens = strings[entry[0]]
                position = entry[1]
                key = join([*tokens[:position], SLOT, *tokens[position + 1:]])
                family = families[key] = Family(list(entry[2]), set(entry[3]))
                family.seen, family.merged = list(entry[3]), entry[4]
            for index, cid, *positions in online["ones"]:
                tokens = strings[index]
                one: Any = (int(cid), join(tokens))  # Any: boxed once, not per store
                for position in positions:
                    key = join([*tokens[:position], SLOT, *tokens[position + 1:]])
                    families[key] = one
            outlines = {tuple(strings[index]): int(cid) for index, cid in online["outlines"]}
            buckets: dict = {}
            kinds = self._token_kinds
            for index, cid in online["buckets"]:
                outline = tuple(strings[index])
                bucket = buckets.setdefault((len(outline), outline.count(SLOT)), [])
                bucket.append((int(cid), outline))
                for token in outline:  # ``_merge_outline_family`` reads whether each is a word
                    if token not in kinds:
                        kinds[token] = _token_kind(token)
            uses = {str(w): int(n) for w, n in online["word_uses"].items()}
            merges = int(online["outline_merges"])
            counted = online.get("keys_counted")
            if counted is None:  # saved before the state said: see whether they are
                counted = all(uses.get(token, 0) for key in outline_families
                              for token in key[1:].split(_OUTLINE_JOIN))
            uncounted = counted is not True
            known = self.clusters
            if not all(f[0] in known if isinstance(f, tuple) else
                       all(m in known for m in f.members)
                       and (f.merged is None or f.merged in known)
                       for table in (families, outline_families) for f in table.values()):
                return False
            if not (all(cid in known for cid in outlines.values())
                    and all(cid in known for bucket in buckets.values() for cid, _ in bucket)):
                return False
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            return False
        self._families, self._outline_families = families, outline_families
        self._outlines, self._outline_bucket = outlines, buckets
        self._word_uses, self._outline_merges = uses, merges
        self._uncounted_keys = uncounted
        return True

    # --- lookup -------------------------------------------------------------------------

    def normalize(self, text: str) -> str:
        """Whitespace runs as one space (lines kept, trailing blanks dropped, for contents)."""
        return self.preparer.normalize(text)

    def _find(self, prepared: Prepared, learn: bool) -> Cluster | None:
        cid = self._exact.get(prepared.masked)
        if cid is not None:
            return self.resolve(cid)
        cid = self._skeletons.get(prepared.skeleton)
        cluster = self.resolve(cid) if cid is not None else self._family_match(prepared.masked)
        if cluster is None:
            return None if learn else self._covering(prepared.masked)
        if not (self._outlined and _covers_by_words(cluster.template, prepared.masked)
                or covers(cluster.template, prepared.masked)):
            if not learn:
                return self._covering(prepared.masked)
            cluster = self._widen(cluster, prepared.masked)
        if learn:
            if len(self._exact) < CACHE_LIMIT:
                self._exact[prepared.masked] = cluster.id
            if len(self._skeletons) < CACHE_LIMIT and prepared.skeleton not in self._skeletons:
                self._skeletons[prepared.skeleton] = cluster.id
                self.state_changed = True
        return cluster

    def _covering(self, masked: str) -> Cluster | None:
        """Read-only fallback: the oldest live template that covers ``masked``.

        Only for ``find``: a scan, narrowed to templates whose words all occur in the text.
        """
        words = set(masked.split())
        for cluster in sorted(self.live(), key=lambda c: c.id):
            literal = {w for w in cluster.template.split() if SLOT not in w}
            if literal <= words and covers(cluster.template, masked):
                return cluster
        return None

    def _family_match(self, masked: str) -> Cluster | None:
        tokens = self._tokens(masked)
        # the keys of ``_family_keys``, made one at a time so that the search stops at
        # the first merged family (a text whose variable word comes first needs one key)
        whole = masked if self._token_split is None else self._join(tokens)
        keys: list[str] = []
        found: list = []   # most keys name no family yet (None) or one template (a tuple)
        families = self._families
        at = 0
        for token in tokens:
            end = at + len(token)
            key = f"{whole[:at]}{SLOT}{whole[end:]}"
            at = end + 1
            family = families.get(key)
            if isinstance(family, Family) and family.merged is not None:
                return self.resolve(family.merged)
            keys.append(key)
            found.append(family)
        outline = self._outline(tokens)
        several = self._several
        if outline is not None:
            cid = self._outlines.get(outline) if several else None
            if cid is not None:
                return self.resolve(cid)
            if self._outline_merges:  # none merged yet: nothing to look up
                outline_families = self._outline_families
                # A registered key holds only words its template counted as used: with
                # two words never used, every key of this outline holds one (most=1).
                # Not so for the families ``_head_outline_family`` rebuilt.
                most = 0 if self._uncounted_keys else 1
                for _, outline_key in self._outline_keys(outline, most=most):
                    family = outline_families.get(outline_key)
                    if isinstance(family, Family) and family.merged is not None:
                        return self.resolve(family.merged)
        # no family: the text most likely starts a template, which needs the same keys
        self._missed = (masked, tokens, keys, outline, found, several, whole)
        return None

    def _outline(self, tokens: list[str]) -> tuple | None:
        """The family key of templates that differ in several value-like tokens at once.

        One-position families need a text per variable to show it; two values that both
        hold digits already show a variable (the digit rule), so texts whose value-like
        tokens (a digit, or a slot glued to other text: ``kond253``, ``host-<*>.net``) all
        differ at once, and that agree on every other token, are one template. None when
        no token looks like a value or too few words would stay literal; the caller
        checks that at least two do before it treats two texts as one (``_several``, set
        here); with one, the outline only keys the outline families (see
        ``_join_outline_families``). Per token, one cached answer, its ``_token_kind``:
        value-like (a slot in the outline), a literal word, or neither. (Plain loops over
        typed containers: compiled, they beat ``map`` over bound methods.)"""
        self._several = False
        if not self._outlined:
            return None
        kinds = self._token_kinds
        if len(kinds) + len(tokens) > CACHE_LIMIT:
            for token in tokens:
                if token not in kinds:  # full, and a token to add: start over
                    kinds.clear()
                    break
        outline: list[str] = []
        added = literals = 0   # value-like tokens the outline makes slots; literal words
        for token in tokens:
            kind = kinds.get(token)
            if kind is None:
                # most new tokens are plain words: ``_token_kind``'s first test, inline
                kind = kinds[token] = (1 if token.isalpha() and token.isascii()
                                       else _token_kind(token))
            if kind == 2:
                outline.append(SLOT)
                added += 1
            else:
                outline.append(token)
                literals += kind
        self._several = added >= 2
        if added == 0 or literals < self.config.family_literals:
            return None
        return tuple(outline)

    # --- learning -----------------------------------------------------------------------

    def _create(self, prepared: Prepared) -> Cluster:
        cluster = Cluster(self._new_id(prepared.masked), prepared.masked)
        self.clusters[cluster.id] = cluster
        self._exact[prepared.masked] = cluster.id
        self._skeletons[prepared.skeleton] = cluster.id
        self.state_changed = True
        missed = self._missed
        if missed is not None and missed[0] == cluster.template:
            tokens, outline, several = missed[1], missed[3], missed[5]
        else:
            tokens = self._tokens(cluster.template)
            outline = self._outline(tokens)
            several = self._several
        if outline is not None and several:
            self._outlines.setdefault(outline, cluster.id)
        self._join_families(cluster, merge=True)
        if outline is not None and cluster.merged_into is None:
            self._join_outline_families(cluster, outline, merge=True)
        return self.resolve(cluster.id)

    def _outline_keys(self, outline: tuple, count: bool = False, most: int = 0) -> list:
        """(position, key) of each outline family: the outline with one literal word as a
        slot too, as one string (a string caches its hash and is no work for the garbage
        collector, unlike a tuple per position). Only for words that fewer than two
        outlined templates used before: a statement's constants recur in each of its
        templates, a value is new or rare. ``count``: a template is being registered,
        count its words as used; ``most``: no keys at all (an empty list) when more
        tokens than that are new."""
        uses = self._word_uses
        kinds = self._token_kinds  # a slot in the outline is never a literal word
        # how often outlined templates used each token (the first template of a
        # statement uses only new ones), and where each fresh word starts in the string
        new = 0
        fresh: list[tuple[int, int]] = []
        start = 0
        for position, token in enumerate(outline):
            used = uses.get(token, 0)
            if not used:
                new += 1
                if most and new > most and not count:
                    return []  # the answer already: no need to read the rest
            if used < _TWO and kinds.get(token) == 1:
                fresh.append((position, start))
            start += len(token) + 1
        if count:
            for token in outline:
                uses[token] = uses.get(token, 0) + 1
        if (most and new > most) or not fresh:
            return []
        whole = _OUTLINE_JOIN.join(outline)
        return [(p, f"~{whole[:at]}{SLOT}{whole[at + len(outline[p]):]}") for p, at in fresh]

    def _join_outline_families(self, cluster: Cluster, outline: tuple, merge: bool) -> None:
        """Register ``cluster`` in the families of templates that share its outline but
        for one word: value-like words all differing, and one plain word taking values."""
        families = self._outline_families
        self._outline_bucket.setdefault((len(outline), outline.count(SLOT)), []).append(
            (cluster.id, outline))
        # no keys for more than two never-used tokens, the first template of a statement
        # (all its words new): a merge sweeps it in (``_merge_outline_family``)
        for position, key in self._outline_keys(outline, count=True, most=2):
            token = outline[position]
            family = families.get(key)
            if family is None:
                families[key] = (cluster.id, token)
                continue
            if isinstance(family, tuple):
                family = families[key] = Family([family[0]], {family[1]})
            if family.merged is not None:
                continue
            family.members.append(cluster.id)
            family.values.add(token)
            family.seen.append(token)
            if (merge and len(family.values) >= self.config.outline_family_size
                    and self._full(family, outline, position)):
                family.merged = self._merge_outline_family(family, outline, position).id
                self._outline_heads.add(family.merged)
                self._outline_merges += 1
                if self.resolve(cluster.id) is not cluster:
                    return

    def _head_outline_family(self, cluster: Cluster, tokens: list[str]) -> None:
        """Make a template an outline family merged into head that family again, in a
        miner rebuilt from the saved state (each ingest batch): the state lists those
        templates (``outline_heads``), since their text alone does not tell them from a
        template whose slot a mask made (heading those too merged far more: Proxifier
        1.0 -> 0.52). The family's key is the template's own outline, its slots and
        value-like words all slots."""
        outline = tuple(SLOT if _token_kind(token) == 2 else token for token in tokens)
        key = "~" + _OUTLINE_JOIN.join(outline)
        family: Any = self._outline_families.get(key)
        if not isinstance(family, Family):
            family = self._outline_families[key] = (Family([family[0]], {family[1]})
                                                    if family else Family())
        if family.merged is None:
            family.merged = cluster.id
            self._outline_merges += 1
        self._uncounted_keys = True

    def _merge_outline_family(self, family: Family, outline: tuple, position: int) -> Cluster:
        """Merge the family's templates, and every template with the same outline but for
        a literal word at ``position``: those whose words were all new when they came (the
        first of a statement) are not registered in any outline family, to save keys."""
        live = self._live(family.members)
        before, after, kinds = outline[:position], outline[position + 1:], self._token_kinds
        for cid, other in self._outline_bucket.get((len(outline), outline.count(SLOT)), ()):
            if (other[:position] == before and other[position + 1:] == after
                    and kinds.get(other[position]) == 1):
                member = self.resolve(cid)
                if member not in live:
                    live.append(member)
        live.sort(key=lambda c: c.id)
        rows = [c.template.split(" ") for c in live]
        if len({len(r) for r in rows}) == 1:
            template = " ".join(words[0] if len(set(words)) == 1 else _glued_slot(set(words))
                                for words in zip(*rows))
        else:
            template = live[0].template
        return self._merge_all(live, template)

    def _live(self, members: list[int]) -> list[Cluster]:
        """The templates ``members`` survive as now (several may have merged into one),
        each once, in the order the members were listed."""
        live = []
        for cid in members:
            cluster = self.resolve(cid)
            if cluster not in live:
                live.append(cluster)
        return live

    def _merge_all(self, live: list[Cluster], template: str) -> Cluster:
        """Merge ``live`` (sorted by id) into its first and give the survivor ``template``
        widened to cover it; then register it in its families, without merging more."""
        survivor = live[0]
        for other in live[1:]:
            survivor = self._merge(other, survivor)
        template = generalize(survivor.template, template)
        # a quoted phrase whose first word turned out variable, '<*> <*>', is one value '<*>'
        # (a slot covers several words), the template of the same phrase with one word
        survivor = self._retemplate(survivor, _QUOTED_SLOTS.sub(SLOT, template))
        self._join_families(survivor, merge=False)
        return survivor

    def _tokens(self, template: str) -> list[str]:
        split = self._token_split
        return template.split(" ") if split is None else split(template)

    def _join(self, tokens) -> str:
        return self._separator.join(tokens)

    def _one_token(self, key: str, whole: str) -> str:
        """The token a family of one holds: the token of ``whole`` (the tokens of the
        template that made the family, joined) where ``key`` has its slot."""
        return self._tokens(whole)[self._slot_index(key, whole)]

    def _slot_index(self, key: str, whole: str) -> int:
        """The position of the token of ``whole`` that ``key`` has as a slot. The key is
        ``whole`` with that token a slot, so the two agree up to inside that token."""
        limit = min(len(key), len(whole))
        agree = 0
        while agree < limit and key[agree] == whole[agree]:
            agree += 1
        return whole.count(self._separator, 0, agree)

    def _join_families(self, cluster: Cluster, merge: bool) -> None:
        """Register ``cluster`` in the family of each of its tokens; merge full families."""
        missed, self._missed = self._missed, None
        families = self._families
        if missed is not None and missed[0] == cluster.template:
            # the families as ``_family_match`` just found them: nothing changed since,
            # until this loop merges a family (then they are looked up afresh)
            tokens, keys, found = missed[1], missed[2], missed[4]
            one: Any = (cluster.id, missed[6])  # every family of one of it holds this tuple
            if found.count(None) == len(found):
                # No family knows any of its keys (a new template, the common case): a
                # family of one at every word, and at a slot a family this template
                # heads (what the loop below does position by position, with nothing
                # to merge). Keys of one template repeat only with a slot in both places.
                if SLOT not in tokens:
                    for key in keys:  # compiled, a loop beats update(zip(.., repeat()))
                        families[key] = one
                    return
                for key, token in zip(keys, tokens):
                    if token == SLOT:
                        headed = families[key] = Family()
                        headed.merged = cluster.id
                    else:
                        families[key] = one
                return
        else:
            tokens = self._tokens(cluster.template)
            whole = cluster.template if self._token_split is None else self._join(tokens)
            keys = _family_keys(whole, tokens)
            found = None
            one = (cluster.id, whole)
        for position, (token, key) in enumerate(zip(tokens, keys)):
            family: Any = families.get(key) if found is None else found[position]
            if family is None and token != SLOT:  # the common case: a family of one
                families[key] = one
                continue
            found = None
            if family is None or isinstance(family, tuple):
                family = families[key] = (Family([family[0]], {self._one_token(key, family[1])})
                                          if family else Family())
            if token == SLOT:  # a known variable place: the template heads that family
                head = self.resolve(family.merged) if family.merged is not None else cluster
                if merge:
                    for member in family.members:
                        other = self.resolve(member)
                        if other is not head:
                            head = self._merge(other, head)
                family.merged = head.id
                if self.resolve(cluster.id) is not cluster:
                    return
                continue
            family.members.append(cluster.id)
            family.values.add(token)
            family.seen.append(token)
            if (merge and family.merged is None and len(family.values) >= self._family_floor
                    and self._full(family, tokens, position)):
                survivor = self._merge_family(family, tokens, position)
                family.merged = survivor.id
                if self.resolve(cluster.id) is not cluster:
                    return

    def _full(self, family: Family, tokens: Sequence[str], position: int) -> bool:
        """Whether the family's values show ``position`` of ``tokens`` is a variable."""
        size = len(family.values)
        digits = (size >= self.config.digit_family_size
                  and all(SLOT in v or _HAS_DIGIT.search(v) for v in family.values))
        quoted = all(v[:1] in _QUOTES for v in family.values)
        if not digits:
            if size < (self.config.quoted_family_size if quoted else self._family_size):
                return False
            if (self.config.spread
                    and self.kind not in KIND_FAMILY_SIZE and not _keyed(family.values)):
                # token statistics across the family, not one token's shape: values that
                # keep repeating are an enumeration (the ground truth's separate events)
                tally: dict[str, int] = {}
                for member, value in zip(family.members, family.seen):
                    tally[value] = tally.get(value, 0) + self.clusters[member].count
                counts = list(tally.values())
                lines = sum(counts) + 1
                if size * size < self.config.spread * lines:
                    return False
                if (max(counts) > self.config.dominance * lines
                        and not (position and tokens[position - 1].lower() in _NAMING)):
                    return False
        needed = KIND_FAMILY_LITERALS.get(self.kind, self.config.family_literals)
        # digits show a value: one literal word is enough (``kind <*>``); the first word
        # of a quoted phrase: the quotes stay literal
        words = digits + quoted
        for index, token in enumerate(tokens):
            if words >= needed:
                return True
            if index != position and _WORDY.search(token.replace(SLOT, "")):
                words += 1
        if words < needed and _WORDY.search(_glued_slot(family.values).replace(SLOT, "")):
            words += 1  # the constant glued to the slot is a word too (min=<*>, pool[<*>])
        return words >= needed

    def _merge_family(self, family: Family, tokens: list[str], position: int) -> Cluster:
        live = self._live(family.members)
        live.sort(key=lambda c: c.id)
        template = self._join([*tokens[:position], _glued_slot(family.values),
                               *tokens[position + 1:]])
        for cluster in live:
            template = generalize(template, cluster.template)
        return self._merge_all(live, template)

    def _widen(self, cluster: Cluster, masked: str) -> Cluster:
        """Generalise ``cluster`` to cover ``masked``; return the template that survives.

        Texts of as many words as the template (an outline or a family brought them) are
        generalised word by word, each differing word a slot that keeps the punctuation
        both share around it; only when that does not cover both does an alignment run
        (a ``difflib`` alignment of long lines costs tens of microseconds)."""
        if self._outlined:
            words, others = cluster.template.split(" "), masked.split(" ")
            if len(words) == len(others):
                out: list[str] = []
                bare = True  # every differing word a bare slot: covers both, surely
                for a, b in zip(words, others):
                    if a == b:
                        out.append(a)
                    else:
                        slot = _glued_slot((a, b))
                        out.append(slot)
                        bare = bare and slot == SLOT
                template = " ".join(out)
                if bare or (covers(template, masked) and covers(template, cluster.template)):
                    return self._retemplate(cluster, template)
        return self._retemplate(cluster, generalize(cluster.template, masked))

    def _retemplate(self, cluster: Cluster, template: str) -> Cluster:
        """Give ``cluster`` a wider template; one with the same skeleton is merged into it."""
        cluster.set_template(template)
        self.state_changed = True
        skeleton = skeleton_of(cluster.template)
        other = self._skeletons.get(skeleton)
        self._skeletons[skeleton] = cluster.id
        if other is None or self.resolve(other) is cluster:
            return cluster
        return self._merge(self.resolve(other), cluster)

    def _merge(self, gone: Cluster, into: Cluster) -> Cluster:
        """Fold one template into another, keeping the older id; return the survivor."""
        if gone.id < into.id:
            gone, into = into, gone
        gone.merged_into = into.id
        gone.dirty = into.dirty = True
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
        return self._retemplate(into, generalize(into.template, gone.template))


# --- helpers ----------------------------------------------------------------------------

def _family_keys(whole: str, tokens: list[str]) -> list[str]:
    """For each position, the key of the family of templates that differ only there: the
    tokens with that one as a slot, joined as ``whole`` joins them (by the kind's
    separator, a character no token holds, so that different tokens never share a key).
    A string, not a tuple of the tokens: it caches its hash and is no work for the
    garbage collector (a template of n words has n keys of n words each)."""
    keys: list[str] = []
    at = 0
    for token in tokens:
        end = at + len(token)
        keys.append(f"{whole[:at]}{SLOT}{whole[end:]}")
        at = end + 1
    return keys


def _slot_position(key: str, whole: str, token: str, separator: str) -> int | None:
    """The position of the token of ``whole`` (tokens joined by ``separator``) that is
    ``token`` and that ``key`` has as a slot, the rest alike; None if there is none."""
    at = key.find(SLOT)
    rest = len(whole) - len(token)
    while at != -1:
        end = at + len(token)
        if ((at == 0 or whole[at - 1] == separator)
                and (end == len(whole) or whole[end] == separator)
                and whole.startswith(token, at) and key.startswith(whole[:at])
                and key.endswith(whole[end:]) and len(key) - len(SLOT) == rest):
            return whole.count(separator, 0, at)
        at = key.find(SLOT, at + 1)
    return None


def _token_kind(token: str) -> int:
    """2: looks like a value (a digit, or a slot glued to other text); 1: a word (holds a
    letter); 0: anything else (a bare slot, punctuation). A digit is what ``\\d`` finds
    (any decimal digit); one pass over the characters, no regex (compiled, a loop over
    a short token costs less than a call into the regex engine)."""
    if token.isalpha() and token.isascii():  # most words: one C call each
        return 1
    if token == SLOT:
        return 0
    wordy = 0
    for char in token:
        code = ord(char)
        if 97 <= code <= 122 or 65 <= code <= 90:
            wordy = 1
        elif 48 <= code <= 57 or (code > 127 and char.isdecimal()):
            return 2
    return 2 if SLOT in token else wordy


def _keyed(values) -> bool:
    """Whether every value is ``key=value`` (or ``key:value``) with one key: the key names
    what follows, which is then a value, however few values it has taken."""
    first = next(iter(values))
    found = _KEY.match(first)
    return found is not None and all(v.startswith(found.group()) and len(v) > found.end()
                                     for v in values)


def _glued_slot(values) -> str:
    """The slot for a family's values, with the constant glued around the variable kept
    literal: ``heal[7]``, ``heal[12]`` -> ``heal[<*>]``; ``key=a``, ``key=b`` -> ``key=<*>``;
    ``'lxml'``, ``'yaml'`` -> ``'<*>'``. The shared start counts up to its last punctuation
    mark, the shared end only as punctuation, so ``sda1``/``sdb7`` and ``test_a.py`` /
    ``test_b.py`` give a bare slot; values that already hold a slot give a bare slot."""
    if any(SLOT in v for v in values):
        return SLOT
    first = min(values, key=len)
    prefix = 0
    while prefix < len(first) and all(v[prefix] == first[prefix] for v in values):
        prefix += 1
    while prefix and not _GLUE.match(first[prefix - 1]):
        prefix -= 1
    suffix = 0
    while (suffix < len(first) - prefix and _GLUE.match(first[-1 - suffix])
           and all(v[-1 - suffix] == first[-1 - suffix] for v in values)):
        suffix += 1
    if prefix + suffix >= len(first):
        return SLOT
    return first[:prefix] + SLOT + first[len(first) - suffix:]


def _covers_by_words(template: str, masked: str) -> bool:
    """A sure and cheap ``covers``: as many words, each equal or a bare slot in the
    template (what a family's template and its next text usually are). False means
    "not sure", never "does not cover"."""
    if template.count(" ") != masked.count(" "):  # not as many words: no split needed
        return False
    for word, other in zip(template.split(" "), masked.split(" ")):
        if word != other and word != SLOT:
            return False
    return True


def _token_values(masked: str, text: str) -> tuple[str, ...] | None:
    """The slot values read word by word, when that reading is certain; else None.

    The masked form is the text with values replaced, so when both have the same words
    and each masked word holds at most one slot, a slot's value is its word in the text
    minus the literal start and end around the slot. Anything else (a value with a space
    in it, two slots in one word, a text that itself holds ``<*>``) is left to the mask
    spans. Cheaper than masking the text again, which is what ingest pays per event.
    """
    masked_words = masked.split(" ")
    words = text.split(" ")
    if len(masked_words) != len(words):
        return None
    values = []
    for pattern, word in zip(masked_words, words):
        if pattern == word:
            if SLOT in word:
                return None
            continue
        at = pattern.find(SLOT)
        if at < 0 or SLOT in pattern[at + 3:]:
            return None
        end = len(word) - (len(pattern) - at - 3)
        if end <= at or not word.startswith(pattern[:at]) or not word.endswith(pattern[at + 3:]):
            return None
        values.append(word[at:end])
    return tuple(values)


def extract_params(template: str, prepared: Prepared) -> list[str]:
    """The values of the template's slots in the text, left to right."""
    if template == prepared.masked:
        return list(prepared.values)
    pieces, spans = slot_spans(template, prepared.masked)
    values = iter(prepared.values)
    filled = [next(values, "") if piece == SLOT else piece for piece in pieces]
    params = ["".join(filled[start:end]).strip() for start, end in spans]
    if len(params) == template.count(SLOT) and _refill(template, params) == _refill(prepared.text, ()):
        return params
    # The alignment is a diff, not a glob match: with slots side by side it can pin a
    # literal to the wrong repeat of a word (``<*> <*> <*> alpha`` on ``beta alpha
    # alpha``). The template covers the text, so a glob match of the text is the answer.
    found = _glob_values(template, " ".join(prepared.text.split()))
    return found if found is not None else params


def _refill(template: str, params) -> str:
    """The template with its slots filled in order, whitespace-normalised."""
    for value in params:
        template = template.replace(SLOT, value, 1)
    return " ".join(template.split())


def _glob_values(template: str, text: str) -> list[str] | None:
    """The slot values of a whitespace-normalised text as a glob match of the template:
    its literal stretches in order, the first at the start, the last at the end, each
    placed where it first occurs (as ``covers`` does; linear, no regex to backtrack).
    None when the text does not fit."""
    parts = [part.strip(" ") for part in " ".join(template.split()).split(SLOT)]
    first, last = parts[0], parts[-1]
    if not text.startswith(first) or not text.endswith(last) or len(first) + len(last) > len(text):
        return None
    values, start, end = [], len(first), len(text) - len(last)
    for part in parts[1:-1]:
        found = text.find(part, start, end) if part else start
        if found < 0:
            return None
        values.append(text[start:found].strip())
        start = found + len(part)
    values.append(text[start:end].strip())
    return values
