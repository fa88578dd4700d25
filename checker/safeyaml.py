"""The one YAML reader for every YAML input: front matter, ``sources.yml``, ignore files
and rule packs.

YAML is read from hostile places (an article's front matter is whatever the article's
author wrote), so reading is bounded and every failure is a ``FactcheckError`` at
``path:line:col``:

- only plain YAML: strings, numbers, booleans, null, dates, lists and mappings (no
  ``!!python/...`` or other tags, so nothing but data can come out);
- a size limit (``max_chars``);
- a nesting limit (``MAX_DEPTH``): deeper documents fail before Python recursion can;
- an alias limit: a document may hold at most ``MAX_ALIASES`` aliases, and expanding
  them may add at most ``MAX_NODES`` values (values written out are bounded by the
  size limit alone, so a long sidecar is fine).  Composing never copies an
  aliased node, but any walk over the result visits it once per alias, so a "billion
  laughs" document of ten lines would take exponential time and memory downstream; it is
  refused as soon as the count passes the limit, and a recursive alias (``&a [*a]``) too;
- every scalar whose type is a number, a boolean or a date is checked as it is read, so
  ``published: 2019-02-31``, ``!!int abc`` and a 5,000-digit integer (Python refuses
  to convert those) are located errors, never a ``ValueError`` from deep inside PyYAML;
- unreadable characters (NUL and other control characters), syntax errors, duplicate
  anchors and a second document are located errors.

The text is parsed by libyaml when PyYAML has it (``CSafeLoader``; ten times faster than
the pure-Python parser, with the same marks), and the node tree is composed here, without
recursion, from the parser's events: that is where the limits are enforced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from checker.errors import FactcheckError

MAX_CHARS = 10_000_000  # a rule pack file or a sidecar; front matter passes less
MAX_DEPTH = 64  # the packs nest 5 deep
MAX_ALIASES = 1_000
MAX_NODES = 200_000  # values aliases may add: a pack file holds a few thousand in all
MAX_NUMBER_CHARS = 100  # longer "numbers" are no data factcheck reads

# libyaml's parser when PyYAML has it: the pure-Python one took a tenth of reading a file
# with front matter.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP, MERGE = (
    _TAG + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)
_SCALAR_TAGS = frozenset((STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MERGE))
_TYPED = {INT: "integer", FLOAT: "number", BOOL: "boolean", TIMESTAMP: "date"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CHECKS = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
    TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
}


def compose(
    text: str, path: str, *, first_line: int = 1, max_chars: int = MAX_CHARS
) -> Node | None:
    """The node tree of the single YAML document in ``text``, or None when it is empty.

    Nodes keep their marks (0-based line and column in ``text``); ``first_line`` is the
    1-based line of the file on which ``text`` starts, for error messages only.
    Raises ``FactcheckError`` at ``path:line:col`` for anything the module docstring
    lists.
    """
    if len(text) > max_chars:
        raise FactcheckError(
            f"YAML too large ({len(text):,} characters; the limit is {max_chars:,})", path=path
        )
    loader = None
    try:
        loader = _LOADER(text)  # the pure-Python reader checks the characters here
        return _Composer(loader, path, first_line).document()
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, path, first_line) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text, path, first_line) from None
    except yaml.YAMLError as err:  # no mark: say what PyYAML says, at least the file
        raise FactcheckError(f"YAML error: {err}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()


def load(text: str, path: str, *, first_line: int = 1, max_chars: int = MAX_CHARS) -> Any:
    """The Python value of the YAML document in ``text`` (None when empty), as ``compose``
    bounds and checks it; mapping keys must be hashable (a list as a key is an error)."""
    root = compose(text, path, first_line=first_line, max_chars=max_chars)
    if root is None:
        return None
    constructor = yaml.constructor.SafeConstructor()
    try:
        return constructor.construct_document(root)
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, path, first_line, "bad YAML") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as err:
        # Scalars were checked while composing; this is a value PyYAML still refuses.
        raise located(root, path, f"bad YAML value: {err}", first_line=first_line) from None


def located(
    node: Node, path: str, message: str, hint: str | None = None, *, first_line: int = 1
) -> FactcheckError:
    """A ``FactcheckError`` at ``node``'s start (``first_line``: where the text starts)."""
    mark = node.start_mark
    return FactcheckError(message, path, mark.line + first_line, mark.column + 1, hint)


def describe(node: Node) -> str:
    """What a node is, for "expected X, got Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    kind = "text" if node.tag == STR else _TYPED.get(node.tag, node.tag)
    value = str(node.value)
    return f"{kind} '{value if len(value) <= 40 else value[:37] + '...'}'"


# --- errors -----------------------------------------------------------------------------


def _syntax_error(
    err: yaml.MarkedYAMLError, path: str, first_line: int, what: str = "YAML syntax error"
) -> FactcheckError:
    mark = err.problem_mark or err.context_mark
    hint = err.context
    if err.context and err.context_mark and err.problem_mark:
        hint = f"{err.context} at line {err.context_mark.line + first_line}"
    return FactcheckError(
        f"{what}: {err.problem or err}",
        path,
        mark.line + first_line if mark else None,
        mark.column + 1 if mark else None,
        hint,
    )


def _reader_error(
    err: yaml.reader.ReaderError, text: str, path: str, first_line: int
) -> FactcheckError:
    # libyaml counts the position in UTF-8 bytes, the Python reader in characters: find
    # the character itself instead.
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    offset = bad.start() if bad else 0
    head = text[:offset]
    # One wording for both parsers ("special characters" says the Python one).
    return FactcheckError(
        "YAML syntax error: control characters are not allowed",
        path,
        head.count("\n") + first_line,
        offset - (head.rfind("\n") + 1) + 1,
        f"character U+{ord(text[offset]) if bad else err.character:04X}",
    )


# --- composing --------------------------------------------------------------------------


@dataclass
class _Open:
    """A collection being composed."""

    node: CollectionNode
    anchor: str | None
    key: Node | None = None  # a mapping's key waiting for its value
    size: int = 1  # values in the collection once its aliases are expanded


@dataclass
class _Composer:
    """PyYAML's composer, without recursion and with limits (see the module docstring)."""

    loader: Any
    path: str
    first_line: int
    stack: list[_Open] = field(default_factory=list)
    anchors: dict[str, tuple[Node, int]] = field(default_factory=dict)  # anchor -> node, size
    open_anchors: set[str] = field(default_factory=set)
    aliases: int = 0
    expanded: int = 0  # values the aliases so far add when expanded

    def fail(self, event: Any, message: str, hint: str | None = None) -> FactcheckError:
        mark = event.start_mark
        return FactcheckError(
            message, self.path, mark.line + self.first_line, mark.column + 1, hint
        )

    def document(self) -> Node | None:
        self.expect(StreamStartEvent)
        if self.loader.check_event(StreamEndEvent):
            return None
        self.expect(DocumentStartEvent)
        root = self.node()
        self.expect(DocumentEndEvent)
        if not self.loader.check_event(StreamEndEvent):
            event = self.loader.peek_event()
            raise self.fail(
                event, "more than one YAML document", "remove the '---' line, or split the file"
            )
        return root

    def expect(self, kind: type) -> None:
        event = self.loader.get_event()
        if not isinstance(event, kind):  # libyaml guarantees the order; be plain if not
            raise self.fail(event, f"unexpected YAML {type(event).__name__}")

    def node(self) -> Node:
        """Compose one node (with everything inside it) from the events."""
        while True:
            event = self.loader.get_event()
            if isinstance(event, AliasEvent):
                node, size = self.alias(event)
            elif isinstance(event, ScalarEvent):
                node, size = self.scalar(event), 1
            elif isinstance(event, SequenceStartEvent | MappingStartEvent):
                self.start(event)
                continue
            elif isinstance(event, SequenceEndEvent | MappingEndEvent):
                node, size = self.end(event)
            else:
                raise self.fail(event, f"unexpected YAML {type(event).__name__}")
            if not self.stack:
                return node
            self.add(node, size)

    def register(self, event: Any, node: Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self.anchors or anchor in self.open_anchors:
            raise self.fail(event, f"duplicate anchor '&{anchor}'", "give each anchor its own name")

    def alias(self, event: Any) -> tuple[Node, int]:
        anchor = str(event.anchor)
        if anchor in self.open_anchors:
            raise self.fail(event, f"recursive alias '*{anchor}': it refers to itself")
        if anchor not in self.anchors:
            raise self.fail(event, f"unknown alias '*{anchor}'", f"define '&{anchor}' before it")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.fail(event, f"more than {MAX_ALIASES:,} aliases")
        node, size = self.anchors[anchor]
        self.expanded += size
        if self.expanded > MAX_NODES:
            raise self.fail(
                event,
                f"aliases expand to more than {MAX_NODES:,} values (an alias bomb?)",
                "write the values out, or use fewer aliases",
            )
        return node, size

    def scalar(self, event: Any) -> ScalarNode:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            raise self.fail(event, *_tag_refused(tag, "a scalar"))
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        if tag in _CHECKS:
            self.check_scalar(event, node)
        self.register(event, node)
        if event.anchor is not None:
            self.anchors[str(event.anchor)] = (node, 1)
        return node

    def check_scalar(self, event: Any, node: ScalarNode) -> None:
        value = str(node.value)
        what = _TYPED[node.tag]
        if node.tag in (INT, FLOAT) and len(value) > MAX_NUMBER_CHARS:
            raise self.fail(event, f"{what} too long ({len(value):,} characters)", "quote it")
        try:
            _CHECKS[node.tag](node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as err:
            shown = value if len(value) <= 40 else value[:37] + "..."
            reason = f": {err}" if node.tag == TIMESTAMP and isinstance(err, ValueError) else ""
            hint = "quote it to keep it as text" if not event.style and not event.tag else None
            raise self.fail(event, f"impossible {what} '{shown}'{reason}", hint) from None

    def start(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"YAML nested more than {MAX_DEPTH} levels deep")
        sequence = isinstance(event, SequenceStartEvent)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(
                SequenceNode if sequence else MappingNode, None, event.implicit
            )
        if tag != (SEQ if sequence else MAP):
            raise self.fail(event, *_tag_refused(tag, "a list" if sequence else "a mapping"))
        cls = SequenceNode if sequence else MappingNode
        node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self.register(event, node)
        if event.anchor is not None:
            self.open_anchors.add(str(event.anchor))
        self.stack.append(_Open(node, event.anchor))

    def end(self, event: Any) -> tuple[Node, int]:
        done = self.stack.pop()
        done.node.end_mark = event.end_mark
        if done.anchor is not None:
            self.open_anchors.discard(done.anchor)
            self.anchors[done.anchor] = (done.node, done.size)
        return done.node, done.size

    def add(self, node: Node, size: int) -> None:
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.node, SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None


def _tag_refused(tag: str, what: str) -> tuple[str, str]:
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return (
        f"YAML tag '{shown}' on {what} is not allowed",
        "only plain values: text, numbers, booleans, dates, lists and mappings",
    )


__all__ = [
    "MAX_ALIASES",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_NODES",
    "compose",
    "describe",
    "load",
    "located",
]
