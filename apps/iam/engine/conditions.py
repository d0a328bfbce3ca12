"""Condition operators.

Each ``{operator: {key: values}}`` entry is compiled into a :class:`KeyCondition` whose policy
values are parsed once (numbers, dates, CIDRs, globs).  Values containing policy variables are
kept as templates and parsed per request after substitution.

Semantics (AWS IAM, see ``reference_policies_elements_condition_operators`` and
``reference_policies_condition-single-vs-multi-valued-context-keys``):

* Several values for one key are ORed; negated operators are the negation of the positive
  operator over all values (NOR): ``StringNotEquals {k: [a, b]}`` means "k is neither a nor b".
* Absent key: positive operators are false, negated operators are true (AWS: "if the key
  ... requires that the key is *not* matched ... and the key is not present, the condition
  is true"); ``...IfExists`` is true; ``Null`` tests presence.
* ``ForAllValues:`` - true if every context value satisfies the operator; true when the key
  is absent or an empty list.  ``ForAnyValue:`` - true if at least one context value does;
  false when absent/empty.  With a negated operator the per-value test is negated, e.g.
  ``ForAllValues:StringNotEquals`` = "no value of the key is in the list".
* Multi-valued context key with a plain (non-set) operator: AWS says such keys *require* a
  set operator and leaves the plain case undocumented.  We choose: positive operator is true
  if ANY context value matches any policy value; negated operator is the exact negation of
  that (true only if NO context value matches).  An empty list is treated like an absent key.
* A policy value whose variable cannot be resolved never matches.  For a negated operator
  that would widen access ("not equal to <unknown>"), so the whole condition is false
  instead (even when the key is absent; only ``...IfExists`` with an absent key still
  yields true) - an unresolvable variable can never make a statement apply more broadly.
* ``Arn*``: ``ArnEquals`` and ``ArnLike`` are identical (both take wildcards, as in AWS),
  and so are their negations.  AWS: "Each of the six colon-delimited components of the ARN
  is checked separately and each can include multi-character match wildcards (*) or
  single-character match wildcards (?)".  So the context value is split into its six
  components (the sixth, the resource, keeps any further colons), the pattern likewise,
  and each component is matched on its own, case-sensitively: ``*`` never spans a colon
  outside the resource.  A value with fewer than six components is not an ARN and matches
  no pattern (negated operators: true); a pattern with fewer than six components matches
  nothing.  TeacherSeat's own names (``trn:teacherseat:<tenant>:<system>:<type>/<id>``)
  have five components: a value starting with ``trn:`` is read with five, by the same
  rules (see :func:`.matching.arn_like`).
* Policy language ``2008-10-17`` (and a document without ``Version``) has no policy
  variables: ``${...}`` in a condition value is literal text (``variables=False``).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

from .matching import ArnPattern, Glob, arn_like, glob_from_template
from .types import MISSING
from .variables import Template, format_value, has_variables, parse_template, render, resolve

IpNet = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddr = ipaddress.IPv4Address | ipaddress.IPv6Address

# base operator -> (family, negated)
BASE_OPERATORS: Final[dict[str, tuple[str, bool]]] = {
    "StringEquals": ("string", False),
    "StringNotEquals": ("string", True),
    "StringEqualsIgnoreCase": ("istring", False),
    "StringNotEqualsIgnoreCase": ("istring", True),
    "StringLike": ("like", False),
    "StringNotLike": ("like", True),
    "NumericEquals": ("num_eq", False),
    "NumericNotEquals": ("num_eq", True),
    "NumericLessThan": ("num_lt", False),
    "NumericLessThanEquals": ("num_le", False),
    "NumericGreaterThan": ("num_gt", False),
    "NumericGreaterThanEquals": ("num_ge", False),
    "DateEquals": ("date_eq", False),
    "DateNotEquals": ("date_eq", True),
    "DateLessThan": ("date_lt", False),
    "DateLessThanEquals": ("date_le", False),
    "DateGreaterThan": ("date_gt", False),
    "DateGreaterThanEquals": ("date_ge", False),
    "Bool": ("bool", False),
    "BinaryEquals": ("binary", False),
    "IpAddress": ("ip", False),
    "NotIpAddress": ("ip", True),
    "ArnEquals": ("arn", False),
    "ArnLike": ("arn", False),
    "ArnNotEquals": ("arn", True),
    "ArnNotLike": ("arn", True),
    "Null": ("null", False),
}

SET_PREFIXES: Final = ("ForAllValues:", "ForAnyValue:")


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    name: str
    base: str
    family: str
    negated: bool
    if_exists: bool
    set_op: str | None  # "all" | "any" | None


def parse_operator(name: str) -> OperatorSpec:
    """Decompose ``[ForAllValues:|ForAnyValue:]Base[IfExists]``; ``ValueError`` if unknown.

    Operator names are case-sensitive, as in AWS.  ``Null`` accepts neither a set prefix
    nor ``IfExists`` (both would be meaningless for an existence test).
    """
    rest = name
    set_op: str | None = None
    if rest.startswith("ForAllValues:"):
        set_op, rest = "all", rest[len("ForAllValues:") :]
    elif rest.startswith("ForAnyValue:"):
        set_op, rest = "any", rest[len("ForAnyValue:") :]
    if_exists = False
    if rest.endswith("IfExists") and rest != "IfExists":
        if_exists, rest = True, rest[: -len("IfExists")]
    if rest not in BASE_OPERATORS:
        raise ValueError(f"unknown condition operator {name!r}")
    family, negated = BASE_OPERATORS[rest]
    if family == "null" and (if_exists or set_op is not None):
        raise ValueError(
            f"operator {name!r}: Null cannot be combined with IfExists or a set prefix"
        )
    return OperatorSpec(name, rest, family, negated, if_exists, set_op)


# ---------------------------------------------------------------------------
# Value parsing (shared by the compiler and the validator).


def parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("booleans are not numbers")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        number = float(value.strip())
    else:
        raise ValueError(f"not a number: {value!r}")
    if math.isnan(number):
        raise ValueError("NaN is not a number")
    return number


def parse_date(value: Any) -> datetime:
    """ISO 8601 (``Z`` or offset; naive = UTC; date-only allowed) or epoch seconds."""
    if isinstance(value, bool):
        raise ValueError("booleans are not dates")
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), tz=UTC)
    elif isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromtimestamp(float(text), tz=UTC)
        except (ValueError, OverflowError):
            pass
        dt = datetime.fromisoformat(text)
    else:
        raise ValueError(f"not a date: {value!r}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"not a boolean: {value!r}")


def parse_binary(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"not base64: {value!r}") from exc
    raise ValueError(f"not binary: {value!r}")


def parse_network(value: Any) -> IpNet:
    if not isinstance(value, str):
        raise ValueError(f"not an IP address/CIDR: {value!r}")
    return ipaddress.ip_network(value.strip(), strict=False)


def parse_policy_string(value: Any) -> str:
    text = format_value(value)
    if text is None:
        raise ValueError(f"not a scalar: {value!r}")
    return text


def _compare_eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _ip_in(addr: IpAddr, net: IpNet) -> bool:
    return addr.version == net.version and addr in net


# The ordered families are ``num_<op>`` and ``date_<op>``, one per comparison.
_ORDER_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "eq": _compare_eq,
    "lt": lambda c, p: bool(c < p),
    "le": lambda c, p: bool(c <= p),
    "gt": lambda c, p: bool(c > p),
    "ge": lambda c, p: bool(c >= p),
}
NUMBER_FAMILIES: Final = tuple(f"num_{op}" for op in _ORDER_COMPARE)
DATE_FAMILIES: Final = tuple(f"date_{op}" for op in _ORDER_COMPARE)

# family -> parser for policy values (None: strings handled specially)
POLICY_PARSERS: Final[dict[str, Callable[[Any], Any]]] = {
    **dict.fromkeys(NUMBER_FAMILIES, parse_number),
    **dict.fromkeys(DATE_FAMILIES, parse_date),
    "bool": parse_bool,
    "binary": parse_binary,
    "ip": parse_network,
}

_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "string": _compare_eq,
    "istring": _compare_eq,
    **{f"{kind}_{op}": cmp for kind in ("num", "date") for op, cmp in _ORDER_COMPARE.items()},
    "bool": _compare_eq,
    "binary": _compare_eq,
    "ip": _ip_in,
}


def _ctx_string(value: Any) -> str:
    text = format_value(value)
    if text is None:
        raise ValueError
    return text


def _ctx_number(value: Any) -> float:
    return parse_number(value)


def _ctx_ip(value: Any) -> IpAddr:
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return value
    if not isinstance(value, str):
        raise ValueError
    return ipaddress.ip_address(value.strip())


# family -> coercion of a context value into the comparable domain (raise = no match)
_CTX_COERCE: Final[dict[str, Callable[[Any], Any]]] = {
    "string": _ctx_string,
    "istring": lambda v: _ctx_string(v).casefold(),
    "like": _ctx_string,
    "arn": _ctx_string,
    **dict.fromkeys(NUMBER_FAMILIES, _ctx_number),
    **dict.fromkeys(DATE_FAMILIES, parse_date),
    "bool": parse_bool,
    "binary": parse_binary,
    "ip": _ctx_ip,
}


def _compile_value(family: str, template: Template) -> Any:
    """Turn a variable-free template into the family's comparable policy value."""
    if family == "like":
        return glob_from_template(template)
    if family == "arn":
        return ArnPattern(template)
    text = render(template)
    if family == "string":
        return text
    if family == "istring":
        return text.casefold()
    return POLICY_PARSERS[family](text)


def _template_for(family: str, raw: Any, variables: bool = True) -> Template:
    wildcards = family in ("like", "arn")
    return parse_template(parse_policy_string(raw), wildcards=wildcards, variables=variables)


class KeyCondition:
    """One ``operator`` x ``key`` pair with its (OR-ed) policy values."""

    __slots__ = ("_coerce", "_match", "key", "null_values", "spec", "static", "templates")

    def __init__(
        self, spec: OperatorSpec, key: str, raw_values: list[Any], variables: bool = True
    ) -> None:
        self.spec = spec
        self.key = key.lower()
        self.static: list[Any] = []
        self.templates: list[Template] = []
        self.null_values: tuple[bool, ...] = ()
        family = spec.family
        if family == "null":
            self.null_values = tuple(parse_bool(v) for v in raw_values)
            self._coerce: Callable[[Any], Any] = _ctx_string
            self._match: Callable[[Any, Any], bool] = _compare_eq
            return
        for raw in raw_values:
            if family in POLICY_PARSERS and not (
                variables and isinstance(raw, str) and "${" in raw
            ):
                # Fast path: typed literal (JSON number/bool) or plain string.
                self.static.append(POLICY_PARSERS[family](raw))
                continue
            template = _template_for(family, raw, variables)
            if has_variables(template):
                self.templates.append(template)
            else:
                self.static.append(_compile_value(family, template))
        self._coerce = _CTX_COERCE[family]
        if family == "like":
            self._match = _glob_match
        elif family == "arn":
            self._match = _arn_match
        else:
            self._match = _COMPARE[family]

    def _policy_values(self, lookup: Mapping[str, Any]) -> list[Any] | None:
        """Static values plus resolved templated ones; ``None`` = negated op with unknowns."""
        if not self.templates:
            return self.static
        values = list(self.static)
        for template in self.templates:
            resolved = resolve(template, lookup)
            if resolved is None:
                if self.spec.negated:
                    return None
                continue
            try:
                values.append(_compile_value(self.spec.family, resolved))
            except ValueError:
                if self.spec.negated:
                    return None
        return values

    def _hit(self, ctx_value: Any, policy_values: list[Any]) -> bool:
        try:
            coerced = self._coerce(ctx_value)
        except (ValueError, TypeError, OverflowError):
            return False
        match = self._match
        return any(match(coerced, pv) for pv in policy_values)

    def test(self, lookup: Mapping[str, Any]) -> bool:
        spec = self.spec
        raw = lookup.get(self.key, MISSING)
        if raw is None:
            raw = MISSING
        if isinstance(raw, list | tuple | set | frozenset):
            values: list[Any] = list(raw)
            absent = not values
        else:
            values = [raw]
            absent = raw is MISSING
        if spec.family == "null":
            return any(want == absent for want in self.null_values)
        if absent and spec.if_exists:
            return True
        # Resolve before the absent-key rules: a negated operator whose value is unknown must
        # not be satisfied merely because the key is missing either ("never grants").
        policy_values = self._policy_values(lookup)
        if policy_values is None:
            return False
        if absent:
            if spec.set_op == "all":
                return True
            if spec.set_op == "any":
                return False
            return spec.negated
        negated = spec.negated
        if spec.set_op is None:
            hit = any(self._hit(v, policy_values) for v in values)
            return not hit if negated else hit
        if spec.set_op == "all":
            return all(self._hit(v, policy_values) != negated for v in values)
        return any(self._hit(v, policy_values) != negated for v in values)

    def __repr__(self) -> str:
        return f"KeyCondition({self.spec.name}, {self.key!r})"


def _glob_match(value: str, glob: Glob) -> bool:
    return glob.matches(value)


def _arn_match(value: str, pattern: ArnPattern) -> bool:
    return arn_like(pattern, value)


def compile_condition_block(
    block: Mapping[str, Any], *, variables: bool = True
) -> tuple[KeyCondition, ...]:
    """Compile a (validated) ``Condition`` object; all entries are ANDed by the caller.

    ``variables=False`` for policy language ``2008-10-17``: ``${...}`` stays literal."""
    out: list[KeyCondition] = []
    for op_name, keys in block.items():
        spec = parse_operator(op_name)
        for key, raw in keys.items():
            values = list(raw) if isinstance(raw, list) else [raw]
            out.append(KeyCondition(spec, key, values, variables))
    # Cheap, static conditions first so failing requests bail out early.
    out.sort(key=lambda c: (bool(c.templates), c.spec.family in ("ip", "date_eq", "arn")))
    return tuple(out)
