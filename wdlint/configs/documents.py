"""Config text as nodes with positions: YAML through PyYAML's composer, JSON through ``json_spans``.

PyYAML (the reference Python YAML library, maintained by the yaml org, C
speedups optional) composes a node graph in which every node keeps its start
and end mark (line, column, character index) without constructing Python
objects; that is all a finding's position and a byte-preserving scalar edit
need.  ruamel.yaml also keeps positions but round-trips the whole document,
which a one-scalar edit does not need.  JSON is read by ``json_spans`` (the
stdlib's scanners, with spans), not as YAML: JSON's escapes are not all YAML 1.1.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ConfigError(ValueError):
    def __init__(self, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


@dataclass(eq=False)
class ConfigNode:
    kind: str  # "mapping", "sequence", "scalar"
    start: int
    end: int
    #: Scalars: the value (str, int, float, bool, None).  Mappings: [(key node, value node)].  Sequences: [node].
    value: object = None
    items: list = field(default_factory=list)
    #: A scalar written in quotes (a fix keeps the quotes).
    quoted: bool = False

    def get(self, key: str):
        """(key node, value node) for a string key of a mapping, else None."""
        if self.kind != "mapping":
            return None
        for key_node, value_node in self.items:
            if key_node.kind == "scalar" and key_node.value == key:
                return key_node, value_node
        return None

    def value_of(self, key: str):
        found = self.get(key)
        return found[1] if found is not None else None


def load(text: str, path: str) -> list[ConfigNode]:
    """The documents of a config file (YAML may hold several), or ConfigError."""
    if path.endswith(".json"):
        return [_from_json(text)]
    if path.endswith((".yaml", ".yml")):
        return _from_yaml(text)
    return []


def _from_json(text: str) -> ConfigNode:
    from wdlint.configs.json_spans import JSONSpanError, line_and_column, parse_with_spans

    body = text[1:] if text.startswith("\ufeff") else text
    shift = len(text) - len(body)
    try:
        root = parse_with_spans(body)
    except (JSONSpanError, RecursionError) as error:
        offset = getattr(error, "offset", 0)
        line, column = line_and_column(body, offset)
        raise ConfigError(f"cannot parse: invalid JSON: {error}", line, column) from None
    return _convert_json(root, shift)


def _convert_json(node, shift: int) -> ConfigNode:
    if node.kind == "object":
        items = [(_convert_json(k, shift), _convert_json(v, shift)) for k, v in node.items]
        return ConfigNode("mapping", node.start + shift, node.end + shift, items=items)
    if node.kind == "array":
        return ConfigNode("sequence", node.start + shift, node.end + shift, items=[_convert_json(v, shift) for v in node.items])
    return ConfigNode("scalar", node.start + shift, node.end + shift, node.value, quoted=node.kind == "string")


def _from_yaml(text: str) -> list[ConfigNode]:
    import yaml

    try:
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise ConfigError(f"cannot parse: invalid YAML: {error.problem or error}", line, column) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise ConfigError(f"cannot parse: invalid YAML: {error}") from None
    constructor = yaml.constructor.SafeConstructor()
    converted: dict[int, ConfigNode] = {}
    return [_convert_yaml(root, constructor, converted) for root in roots if root is not None]


def _convert_yaml(node, constructor, converted: dict, depth: int = 0) -> ConfigNode:
    import yaml

    known = converted.get(id(node))
    if known is not None:  # an alias: the same node
        return known
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.MappingNode):
        result = ConfigNode("mapping", start, end)
        converted[id(node)] = result
        result.items = [
            (_convert_yaml(k, constructor, converted, depth + 1), _convert_yaml(v, constructor, converted, depth + 1))
            for k, v in node.value
        ]
        return result
    if isinstance(node, yaml.SequenceNode):
        result = ConfigNode("sequence", start, end)
        converted[id(node)] = result
        result.items = [_convert_yaml(v, constructor, converted, depth + 1) for v in node.value]
        return result
    try:
        value = constructor.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError):
        value = node.value
    if isinstance(value, str) and node.style is None:
        value = _yaml12_number(value)
    result = ConfigNode("scalar", start, end, value, quoted=node.style in ("'", '"'))
    converted[id(node)] = result
    return result


def _yaml12_number(text: str):
    """YAML 1.1 reads ``1e-4`` (no dot) as a string; every config loader of note (OmegaConf too) reads a number."""
    try:
        return float(text) if any(c.isdigit() for c in text) and text.strip().lower() not in ("nan", "inf") else text
    except ValueError:
        return text


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    from wdlint.configs.json_spans import line_and_column as json_line_and_column

    return json_line_and_column(text, offset)
