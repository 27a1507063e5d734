"""The YAML side of codebooks: composing text into located nodes safely, and writing YAML.

`format.py` knows the codebook format; this module knows only YAML. Reading goes through
`yaml.compose` (never `load`), so every value keeps the line it came from, no Python object
is ever constructed from a tag, and anchors, aliases and explicit tags are refused as they
are met — before anything is expanded. Every problem ends as an `InputError` with a line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qcode.core.errors import InputError

NULL_TAG = "tag:yaml.org,2002:null"


class _Refused(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.line = mark.line + 1 if mark is not None else None


class _SafeComposer(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases and explicit tags while composing."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("YAML anchors/aliases are not allowed", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Refused(f"YAML tags are not allowed (found '{tag}')", event.start_mark)
        return super().compose_node(parent, index)


def compose_text(text: str, path: str) -> Node | None:
    """Compose one YAML document into nodes; None when it holds nothing but comments."""
    try:
        return yaml.compose(text, Loader=_SafeComposer)  # noqa: S506 - SafeLoader subclass
    except _Refused as exc:
        raise InputError(path, exc.message, exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        line = mark.line + 1 if mark is not None else None
        raise InputError(path, f"malformed YAML: {problem}", line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise InputError(
            path, f"malformed YAML: special character #x{exc.character:04x} is not allowed", line
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise InputError(path, "malformed YAML: nested too deeply") from None


def line_of(node: Node) -> int:
    """The 1-based line where a node starts."""
    return node.start_mark.line + 1


def is_null(node: Node) -> bool:
    """True for an empty value (`key:`, `~`, `null`) — but not for a quoted '~'."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def kind_of(node: Node) -> str:
    """How to name a node's kind in a message."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "empty" if is_null(node) else "text"


def mapping_items(node: MappingNode, path: str) -> dict[str, tuple[Node, Node]]:
    """A mapping's fields as {name: (key node, value node)}, refusing repeated names."""
    items: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or is_null(key_node):
            raise InputError(path, "field names must be plain text", line_of(key_node))
        name = key_node.value
        if name in items:
            first = line_of(items[name][0])
            raise InputError(
                path, f"duplicate field '{name}' (first at line {first})", line_of(key_node)
            )
        items[name] = (key_node, value_node)
    return items


# -- writing -----------------------------------------------------------------------------


class FlowList(list[Any]):
    """A list written on one line, `[a, b]` (keywords, aliases)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared list must be written twice, never as an anchor we refuse

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # indent list items under their key


def _represent_str(dumper: yaml.SafeDumper, data: str) -> ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: FlowList) -> SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(FlowList, _represent_flow)


def emit(data: dict[str, Any], header: str, spaced_key: str) -> str:
    """Block-style YAML for `data`, unicode unescaped, keys in insertion order.

    `header` is put on top as comment lines; the items of the top-level list `spaced_key`
    get a blank line between them.
    """
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    out: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    in_list = seen_item = False
    for line in body.splitlines():
        if line == f"{spaced_key}:":
            in_list = True
        elif in_list and line.startswith("  - "):
            # Below the list key every deeper line is indented further, block scalars
            # included, so this is an item start and never a line inside a text.
            if seen_item:
                out.append("")
            seen_item = True
        out.append(line)
    return "\n".join(out) + "\n"
