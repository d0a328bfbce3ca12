"""Hypothesis properties of the decision function."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.iam.engine import Decision, evaluate

SERVICES = ["s3", "ec2", "teacherseat"]
WORDS = ["get", "put", "list", "getobject", "admin", "x"]
action_names = st.builds(
    lambda s, a, b: f"{s}:{a}{b}",
    st.sampled_from(SERVICES),
    st.sampled_from(WORDS),
    st.sampled_from(["", "1", "Obj"]),
)
action_patterns = st.one_of(
    st.just("*"),
    action_names,
    st.builds(lambda s: f"{s}:*", st.sampled_from(SERVICES)),
    st.builds(lambda s, w: f"{s}:{w[:-1]}?", st.sampled_from(SERVICES), st.sampled_from(WORDS)),
    st.builds(
        lambda s, w: f"{s.upper()}:{w.upper()}*", st.sampled_from(SERVICES), st.sampled_from(WORDS)
    ),
)
resources = st.sampled_from(["r/1", "r/2", "q/1", "home/bob/x", "home/ann/x"])
resource_patterns = st.sampled_from(["*", "r/*", "r/?", "q/1", "home/${user}/*", "home/*"])
conditions = st.one_of(
    st.none(),
    st.sampled_from(
        [
            {"Bool": {"mfa": "true"}},
            {"BoolIfExists": {"mfa": "false"}},
            {"StringEquals": {"user": "bob"}},
            {"StringNotEquals": {"user": "bob"}},
            {"ForAllValues:StringEquals": {"groups": ["a", "b"]}},
            {"ForAnyValue:StringEquals": {"groups": ["a"]}},
            {"NumericLessThan": {"level": "3"}},
            {"Null": {"user": "true"}},
        ]
    ),
)
contexts = st.fixed_dictionaries(
    {},
    optional={
        "user": st.sampled_from(["bob", "ann"]),
        "mfa": st.booleans(),
        "groups": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
        "level": st.integers(0, 5),
    },
)


@st.composite
def statements(draw: st.DrawFn, effect: str | None = None) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    stmt["NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action"] = draw(
        st.lists(action_patterns, min_size=1, max_size=3)
    )
    stmt["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = draw(
        st.lists(resource_patterns, min_size=1, max_size=2)
    )
    condition = draw(conditions)
    if condition is not None:
        stmt["Condition"] = condition
    return stmt


def policy(stmts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": stmts}


policies = st.lists(st.lists(statements(), min_size=1, max_size=4).map(policy), max_size=4)


@settings(max_examples=300, deadline=None)
@given(policies, statements(effect="Deny"), action_names, resources, contexts)
def test_adding_deny_never_grants(
    pols: list[dict[str, Any]],
    extra: dict[str, Any],
    action: str,
    resource: str,
    ctx: dict[str, Any],
) -> None:
    before = evaluate(pols, action, resource, ctx)
    after = evaluate([*pols, policy([extra])], action, resource, ctx)
    if before is not Decision.ALLOW:
        assert after is not Decision.ALLOW
    if after is Decision.ALLOW:
        assert before is Decision.ALLOW
    if before is Decision.EXPLICIT_DENY:
        assert after is Decision.EXPLICIT_DENY


@settings(max_examples=300, deadline=None)
@given(policies, st.randoms(use_true_random=False), action_names, resources, contexts)
def test_order_never_matters(
    pols: list[dict[str, Any]], rnd: Any, action: str, resource: str, ctx: dict[str, Any]
) -> None:
    expected = evaluate(pols, action, resource, ctx)
    shuffled = [policy(rnd.sample(p["Statement"], len(p["Statement"]))) for p in pols]
    rnd.shuffle(shuffled)
    assert evaluate(shuffled, action, resource, ctx) is expected
    # Merging all statements into one policy is also equivalent.
    merged = [s for p in shuffled for s in p["Statement"]]
    if merged:
        assert evaluate(policy(merged), action, resource, ctx) is expected


@settings(max_examples=300, deadline=None)
@given(policies, policies, action_names, resources, contexts)
def test_boundary_only_removes(
    pols: list[dict[str, Any]],
    bound: list[dict[str, Any]],
    action: str,
    resource: str,
    ctx: dict[str, Any],
) -> None:
    with_boundary = evaluate(pols, action, resource, ctx, boundary=bound)
    without = evaluate(pols, action, resource, ctx)
    if with_boundary is Decision.ALLOW:
        assert without is Decision.ALLOW
    with_session = evaluate(pols, action, resource, ctx, session_policy=bound)
    if with_session is Decision.ALLOW:
        assert without is Decision.ALLOW


@settings(max_examples=400, deadline=None)
@given(st.lists(action_patterns, min_size=1, max_size=3), action_names)
def test_not_action_is_complement_of_action(patterns: list[str], action: str) -> None:
    positive = policy([{"Effect": "Allow", "Action": patterns, "Resource": "*"}])
    negative = policy([{"Effect": "Allow", "NotAction": patterns, "Resource": "*"}])
    a = evaluate(positive, action, "r", {}) is Decision.ALLOW
    b = evaluate(negative, action, "r", {}) is Decision.ALLOW
    assert a != b


@settings(max_examples=200, deadline=None)
@given(policies, action_names, resources, contexts)
def test_explain_agrees_with_evaluate(
    pols: list[dict[str, Any]], action: str, resource: str, ctx: dict[str, Any]
) -> None:
    from apps.iam.engine import explain

    result = explain(pols, action, resource, ctx)
    assert result.decision is evaluate(pols, action, resource, ctx)
    if result.decision is Decision.IMPLICIT_DENY:
        assert result.statements == ()
    else:
        assert result.statements
        wanted = "Deny" if result.decision is Decision.EXPLICIT_DENY else "Allow"
        assert all(m.effect == wanted for m in result.statements)
