"""Parse rule-pack text into the typed AST (engine.language.ast).

The grammar is loaded once (LALR, positions propagated). A Transformer maps each grammar
rule to one AST node. Syntax errors become diagnostics in words a person understands; to
report several per file, a file that fails to parse is re-parsed block by block (the
header, then each `param` and `rule`), so one typo does not hide the next.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from engine import resources
from engine.language import ast
from engine.language.diagnostics import Diagnostic, DiagnosticSink
from engine.language.limits import MAX_AST_DEPTH, MAX_TREE_DEPTH, too_deep

MAX_SOURCE_BYTES = 1_000_000
MAX_NESTING = 64

DURATION_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}

# Terminal names as a reader would call them.
TERMINAL_WORDS = {
    "NAME": "a name", "ATTR": "a name", "NUMBER": "a number", "STRING": 'a "string"', "DURATION": "a duration (e.g. 30d)",
    "COMPARATOR": "a comparison (==, !=, <, <=, >, >=)", "ADD_OP": "'+' or '-'", "MUL_OP": "'*', '/' or '%'",
    "LPAR": "'('", "RPAR": "')'", "COMMA": "','", "EQUAL": "'='", "MINUS": "'-'", "$END": "the end of the file",
    "__ANON_0": "'..'",
}

_BLOCK_START = re.compile(r"^[ \t]*(param|rule)\b", re.MULTILINE)


@cache
def _parser() -> Lark:
    text = resources.grammar_path().read_text(encoding="utf-8")
    return Lark(text, parser="lalr", propagate_positions=True, maybe_placeholders=True,
                start=["pack_file", "param_decl", "rule_decl", "pack_header"])


def parse_pack(text: str, path: str = "<string>") -> tuple[ast.Pack | None, list[Diagnostic]]:
    """Parse a pack; return it (or None) with every syntax diagnostic found."""
    sink = DiagnosticSink(path)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        sink.error("too-large", f"rule file is larger than {MAX_SOURCE_BYTES // 1000} kB")
        return None, sink.items
    nul_at = text.find("\x00")
    if nul_at >= 0:   # no rule needs one, and PostgreSQL text cannot hold one: refused on both stores
        line = text.count("\n", 0, nul_at) + 1
        column = nul_at - (text.rfind("\n", 0, nul_at) + 1) + 1
        sink.items.append(Diagnostic("error", "nul-character", "the file holds a NUL character (U+0000), which "
                                     "no rule needs and PostgreSQL text cannot store", path, line, column))
        return None, sink.items
    deep_at = _too_deep(text)
    if deep_at is not None:
        line = text.count("\n", 0, deep_at) + 1
        column = deep_at - (text.rfind("\n", 0, deep_at) + 1) + 1
        sink.items.append(Diagnostic("error", "too-deep", f"expression nested deeper than {MAX_NESTING} parentheses",
                                     path, line, column))
        return None, sink.items
    try:
        tree = _parser().parse(text, start="pack_file")
    except UnexpectedInput:
        _collect_block_errors(text, sink)
        return None, sink.items
    if _deep_diagnostic(tree, MAX_TREE_DEPTH, sink):
        return None, sink.items
    try:
        pack = ToAst(path).transform(tree)
    except VisitError as exc:  # a literal the grammar accepted but the AST cannot hold
        original = exc.orig_exc
        sink.error("invalid-literal", str(original), getattr(original, "span", None))
        return None, sink.items
    if _deep_diagnostic(pack, MAX_AST_DEPTH, sink):
        return None, sink.items
    return pack.model_copy(update={"path": path}), sink.items


def _deep_diagnostic(root, limit: int, sink: DiagnosticSink) -> bool:
    """Refuse a tree deeper than ``limit``: later stages walk trees recursively."""
    node = too_deep(root, limit)
    if node is None:
        return False
    span = getattr(node, "span", None)
    meta = getattr(node, "meta", None)
    line = span.line if span else getattr(meta, "line", None) or getattr(node, "line", None)
    column = span.column if span else getattr(meta, "column", None) or getattr(node, "column", None)
    sink.items.append(Diagnostic("error", "too-deep", "expression nested too deeply (operators or calls "
                                 f"more than {limit} levels deep)", sink.path, line, column,
                                 hint="split it into several lets"))
    return True


def parse_file(path: Path) -> tuple[ast.Pack | None, list[Diagnostic], str]:
    """Read and parse a rule file; undecodable bytes are a diagnostic, not a crash."""
    raw = path.read_bytes()
    try:
        text = codecs.decode(raw, "utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diag = Diagnostic("error", "encoding", "the file is not valid UTF-8", str(path), line, column)
        return None, [diag], raw.decode("utf-8", "replace")
    pack, diagnostics = parse_pack(text, str(path))
    return pack, diagnostics, text


def _too_deep(text: str) -> int | None:
    """Offset of the first parenthesis past the nesting limit (deep trees exhaust the stack)."""
    depth = 0
    for offset, char in enumerate(text):
        if char == "(":
            depth += 1
            if depth > MAX_NESTING:
                return offset
        elif char == ")":
            depth -= 1
    return None


def _collect_block_errors(text: str, sink: DiagnosticSink) -> None:
    """Parse header, params and rules separately so each broken block gets its error."""
    starts = [m.start() for m in _BLOCK_START.finditer(text)]
    bounds = [0, *starts, len(text)]
    for begin, end in zip(bounds, bounds[1:]):
        chunk = text[begin:end]
        if not chunk.strip():
            continue
        keyword = chunk.lstrip().split(None, 1)[0] if chunk.strip() else ""
        start = {"param": "param_decl", "rule": "rule_decl"}.get(keyword, "pack_header")
        # Pad with the text before the block blanked out, so lines and columns stay true.
        padded = re.sub(r"[^\n]", " ", text[:begin]) + chunk
        try:
            _parser().parse(padded, start=start)
        except UnexpectedInput as exc:
            diagnostic = syntax_diagnostic(exc, padded, sink.path)
            if end < len(text) and diagnostic.message.startswith("the file ends too early"):
                diagnostic = _cut_short(diagnostic, text, end)
            sink.items.append(diagnostic)
    if not sink.items:  # blocks parse alone but not together (e.g. missing header)
        try:
            _parser().parse(text, start="pack_file")
        except UnexpectedInput as exc:
            sink.items.append(syntax_diagnostic(exc, text, sink.path))


def _cut_short(diagnostic: Diagnostic, text: str, next_block: int) -> Diagnostic:
    """A block that ends early really meets the next block's keyword: say that."""
    following = text[next_block:].lstrip()
    keyword = following.split(None, 1)[0]
    offset = next_block + (len(text[next_block:]) - len(following))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    expected = diagnostic.message.split("; expected ", 1)[1]
    return Diagnostic("error", "syntax", f"unexpected {keyword!r}; expected {expected}", diagnostic.path,
                      line, column, column + len(keyword))


def syntax_diagnostic(exc: UnexpectedInput, text: str, path: str) -> Diagnostic:
    """Turn a Lark error into a message that says what was found and what was expected."""
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        message = f"unexpected character {char!r}"
        hint = "strings use double quotes" if char == "'" else None
        return Diagnostic("error", "syntax", message, path, line, column, None, hint)
    expected = _expected_words(getattr(exc, "expected", set()) or getattr(exc, "accepts", set()))
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        lines = text.rstrip().splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        return Diagnostic("error", "syntax", f"the file ends too early; expected {expected}", path, line, column)
    token: Token = exc.token
    found = f"{token.value!r}" if token.value else token.type
    message = f"unexpected {found}; expected {expected}"
    end = column + len(str(token.value)) if column else None
    return Diagnostic("error", "syntax", message, path, line, column, end, _hint_for(token, exc))


def _expected_words(expected: set[str]) -> str:
    words = sorted({_word(name) for name in expected})
    if not words:
        return "something else"
    if len(words) > 8:
        return ", ".join(words[:8]) + ", …"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _word(terminal: str) -> str:
    if terminal in TERMINAL_WORDS:
        return TERMINAL_WORDS[terminal]
    try:
        pattern = _parser().get_terminal(terminal).pattern
        if pattern.type == "str":
            return repr(pattern.value)
    except KeyError:
        pass
    return terminal.lower()


def _hint_for(token: Token, exc: UnexpectedToken) -> str | None:
    if token.type == "NAME" and token.value in {"AND", "OR", "NOT", "And", "Or"}:
        return f"keywords are lower case: {token.value.lower()!r}"
    if token.value == "=" and "COMPARATOR" in (exc.expected or set()):
        return "compare with '==' ('=' assigns)"
    return None


def _span(meta) -> ast.Span | None:
    if getattr(meta, "empty", True):
        return None
    return ast.Span(line=meta.line, column=meta.column, end_line=meta.end_line, end_column=meta.end_column)


def _tok_span(token: Token) -> ast.Span:
    return ast.Span(line=token.line, column=token.column, end_line=token.end_line, end_column=token.end_column)


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


@v_args(meta=True)
class ToAst(Transformer):
    """One method per grammar rule, each returning one AST node."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    # ---- literals
    def number(self, meta, children):
        (token,) = children
        value = float(token) if any(c in token for c in ".eE") else int(token)
        return ast.Literal(type="number", value=value, text=str(token), span=_tok_span(token))

    def negative_number(self, meta, children):
        literal = self.number(meta, children)
        return literal.model_copy(update={"value": -literal.value, "text": "-" + literal.text, "span": _span(meta)})

    def duration(self, meta, children):
        (token,) = children
        match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)", str(token))
        millis = float(match.group(1)) * DURATION_MS[match.group(2)]
        value = int(millis) if millis == int(millis) else millis
        return ast.Literal(type="duration", value=value, text=str(token), span=_tok_span(token))

    def string(self, meta, children):
        (token,) = children
        return ast.Literal(type="string", value=_unquote(token), text=str(token), span=_tok_span(token))

    def true(self, meta, children):
        return ast.Literal(type="bool", value=True, text="true", span=_span(meta))

    def false(self, meta, children):
        return ast.Literal(type="bool", value=False, text="false", span=_span(meta))

    def null(self, meta, children):
        return ast.Literal(type="null", value=None, text="null", span=_span(meta))

    # ---- expressions
    def name_ref(self, meta, children):
        (token,) = children
        return ast.NameRef(name=str(token), span=_tok_span(token))

    def or_(self, meta, children):
        return self._chain(meta, children, "or")

    def and_(self, meta, children):
        return self._chain(meta, children, "and")

    def _chain(self, meta, operands, op):
        result = operands[0]
        for operand in operands[1:]:
            result = ast.Binary(op=op, left=result, right=operand, span=_span(meta))
        return result

    def arith(self, meta, children):
        result = children[0]
        for op, operand in zip(children[1::2], children[2::2]):
            result = ast.Binary(op=str(op), left=result, right=operand, span=_span(meta))
        return result

    def compare(self, meta, children):
        left, op, right = children
        return ast.Binary(op=str(op), left=left, right=right, span=_span(meta))

    def not_(self, meta, children):
        return ast.Unary(op="not", operand=children[0], span=_span(meta))

    def neg(self, meta, children):
        return ast.Unary(op="-", operand=children[0], span=_span(meta))

    def is_null(self, meta, children):
        return ast.IsNull(operand=children[0], span=_span(meta))

    def is_not_null(self, meta, children):
        return ast.IsNull(operand=children[0], negated=True, span=_span(meta))

    def in_list(self, meta, children):
        return ast.InList(operand=children[0], items=list(children[1:]), span=_span(meta))

    def within(self, meta, children):
        return ast.Within(operand=children[0], start=children[1], span=_span(meta))

    def within_range(self, meta, children):
        return ast.Within(operand=children[0], start=children[1], end=children[2], span=_span(meta))

    def before(self, meta, children):
        return ast.Before(operand=children[0], ago=children[1], span=_span(meta))

    def call(self, meta, children):
        name, args = children
        positional, where = args if args is not None else ([], None)
        return ast.Call(name=str(name), args=positional, filter=where, span=_tok_span(name))

    def call_args(self, meta, children):
        where = None
        if children and isinstance(children[-1], tuple):
            where = children[-1][1]
            children = children[:-1]
        return [c for c in children if c is not None], where

    def filter_arg(self, meta, children):
        return ("filter", children[0])

    # ---- declarations
    def pack_header(self, meta, children):
        name, title, *attrs = children
        values = dict(attrs)
        return ast.Pack(name=str(name), title=_unquote(title) if title else "",
                        pack_id=values.get("pack_id", ""), version=values.get("version", "1"),
                        span=_tok_span(name))

    def pack_id(self, meta, children):
        return ("pack_id", _unquote(children[0]))

    def pack_version(self, meta, children):
        token = children[0]
        return ("version", _unquote(token) if token.type == "STRING" else str(token))

    def param_decl(self, meta, children):
        name, default, value_range, description = children
        low, high = value_range if value_range else (None, None)
        return ast.Param(name=str(name), default=default, low=low, high=high,
                         description=_unquote(description) if description else "", span=_tok_span(name))

    def param_range(self, meta, children):
        return tuple(children)

    def rule_decl(self, meta, children):
        name, description, source, where, group_by, having, *rest = children
        lets = [c for c in rest if isinstance(c, ast.Let)]
        order_by, limit, emit, decisions = rest[len(lets):]
        return ast.Rule(name=str(name), description=_unquote(description) if description else "",
                        source=source, where=where, group_by=group_by or [], having=having, lets=lets,
                        order_by=order_by or [], limit=limit, emit=emit, decisions=decisions or [],
                        span=_tok_span(name))

    def from_clause(self, meta, children):
        return ast.Source(name=str(children[0]), span=_tok_span(children[0]))

    def where_clause(self, meta, children):
        return children[0]

    def having_clause(self, meta, children):
        return children[0]

    def limit_clause(self, meta, children):
        return children[0]

    def group_clause(self, meta, children):
        return list(children)

    def let_clause(self, meta, children):
        name, expr = children
        return ast.Let(name=str(name), expr=expr, span=_tok_span(name))

    def order_clause(self, meta, children):
        return list(children)

    def order_item(self, meta, children):
        expr, direction = children
        return ast.OrderItem(expr=expr, descending=direction == "desc", span=_span(meta))

    def direction(self, meta, children):
        return str(children[0])

    def emit_clause(self, meta, children):
        kind, *fields = children
        return ast.Emit(kind=str(kind), fields=fields, span=_tok_span(kind))

    def field_assign(self, meta, children):
        name, expr = children
        return ast.EmitField(name=str(name), expr=expr, span=_tok_span(name))

    def decide_clause(self, meta, children):
        return list(children)

    def decision_when(self, meta, children):
        name, expr = children
        return ast.Decision(name=str(name), when=expr, span=_tok_span(name))

    def decision_otherwise(self, meta, children):
        (name,) = children
        return ast.Decision(name=str(name), span=_tok_span(name))

    def pack_file(self, meta, children):
        header, *items = children
        params = [i for i in items if isinstance(i, ast.Param)]
        rules = [i for i in items if isinstance(i, ast.Rule)]
        return header.model_copy(update={"params": params, "rules": rules})
