// The webhooks screens' rules and form state (lib/webhooks_model.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  canPickAll, createCursorPager, createEventPicker, deliveriesQuery, deliveryKind, endpointChanges, endpointState,
  eventTypesText, excerpt, filterEndpoints, formatLabel, headerLines, headerProblem, headersToRows, latencyText,
  localInputToIso, overlapError, pickerError, pickerGroups, pickerValue, prettyJson, reasonText, replaySinceError,
  rowsToHeaders, secretHintText, setSystem, statusCodeBadge, toggleAllEvents, toggleEvent, toLocalInput, WH,
} from "../src/lib/webhooks_model.js";

const TYPES = [
  { type: "user.created", description: "A person's account was created", system: "iam", subscribe_action: "teacherseat:admin:iam:users:read", allowed: true },
  { type: "course.published", description: "A course was published", system: "content", subscribe_action: "teacherseat:admin:content:courses:read", allowed: true },
  { type: "enrollment.created", description: "A student was enrolled", system: "learning", subscribe_action: "teacherseat:admin:learning:enrollments:list", allowed: false },
  { type: "webhook.test", description: "A test event", system: "webhooks", subscribe_action: "teacherseat:admin:webhooks:endpoints:test", allowed: true },
];

test("API paths encode the ids", () => {
  assert.equal(WH.endpoint(7), "/api/admin/webhooks/endpoints/7");
  assert.equal(WH.rotate("a/b"), "/api/admin/webhooks/endpoints/a%2Fb/rotate-secret");
  assert.equal(WH.deliveries(3), "/api/admin/webhooks/endpoints/3/deliveries");
  assert.equal(WH.redeliver(9), "/api/admin/webhooks/deliveries/9/redeliver");
});

test("delivery statuses: succeeded green, failed red, pending amber, cancelled plain", () => {
  assert.deepEqual(["succeeded", "failed", "pending", "cancelled", "weird"].map(deliveryKind), ["ok", "danger", "warn", "", ""]);
});

test("an endpoint is enabled, failing (since when) or disabled (and why)", () => {
  assert.deepEqual(endpointState({ enabled: true, failing_since: null }), { label: "enabled", kind: "ok", reason: "", since: null });
  assert.deepEqual(endpointState({ enabled: true, failing_since: "2026-03-01T10:00:00Z" }), { label: "failing", kind: "warn", reason: "", since: "2026-03-01T10:00:00Z" });
  const off = endpointState({ enabled: false, disabled_reason: "too_many_failures", failing_since: "2026-03-01T10:00:00Z" });
  assert.equal(off.label, "disabled");
  assert.equal(off.kind, "danger");
  assert.equal(off.reason, "Disabled after too many failed deliveries");
  assert.equal(reasonText("gave_up_after_3_days"), "Gave up after 3 days");
  assert.equal(reasonText("Failing for 5 days (last: HTTP 500)"), "Failing for 5 days (last: HTTP 500)");
  assert.equal(reasonText(""), "");
});

test("a secret hint of the last characters reads as such", () => {
  assert.deepEqual(secretHintText("TajD"), { lead: "Current secret ends in ", value: "…TajD" });
  assert.deepEqual(secretHintText("whsec_…x9Qa"), { lead: "Current secret: ", value: "whsec_…x9Qa" });
  assert.equal(secretHintText(""), null);
});

test("event types in a cell: all, none, or the first few and how many more", () => {
  assert.equal(eventTypesText(["*"]).text, "All events");
  assert.equal(eventTypesText([]).text, "None");
  const many = eventTypesText(["a.b", "c.d", "e.f", "g.h", "i.j"]);
  assert.equal(many.text, "a.b, c.d, e.f +2 more");
  assert.equal(many.title, "a.b, c.d, e.f, g.h, i.j");
  assert.equal(formatLabel("teams"), "Microsoft Teams");
});

test("the endpoints list filters by URL or description and by state", () => {
  const items = [
    { id: 1, url: "https://a.example/hook", description: "CRM", enabled: true },
    { id: 2, url: "https://b.example/x", description: "", enabled: true, failing_since: "2026-01-01T00:00:00Z" },
    { id: 3, url: "https://c.example/y", description: "Slack alerts", enabled: false },
  ];
  assert.deepEqual(filterEndpoints(items, {}).map((e) => e.id), [1, 2, 3]);
  assert.deepEqual(filterEndpoints(items, { search: " slack " }).map((e) => e.id), [3]);
  assert.deepEqual(filterEndpoints(items, { search: "B.EXAMPLE" }).map((e) => e.id), [2]);
  assert.deepEqual(filterEndpoints(items, { state: "failing" }).map((e) => e.id), [2]);
  assert.deepEqual(filterEndpoints(items, { state: "enabled" }).map((e) => e.id), [1]);
  assert.deepEqual(filterEndpoints(items, { state: "disabled", search: "crm" }), []);
});

test("picker: types grouped by system, those the person may not subscribe to disabled with a hint", () => {
  const picker = createEventPicker(TYPES, ["user.created"]);
  const groups = pickerGroups(picker);
  assert.deepEqual(groups.map((g) => g.system), ["content", "iam", "learning", "webhooks"]);
  const enrollment = groups[2].items[0];
  assert.equal(enrollment.disabled, true);
  assert.equal(enrollment.checked, false);
  assert.match(enrollment.hint, /needs teacherseat:admin:learning:enrollments:list/);
  assert.equal(groups[1].items[0].checked, true);
  assert.equal(toggleEvent(picker, "enrollment.created", true), false);
  assert.equal(toggleEvent(picker, "course.published", true), true);
  assert.deepEqual(pickerValue(picker), ["course.published", "user.created"]);
  assert.equal(toggleEvent(picker, "user.created", false), true);
  assert.deepEqual(pickerValue(picker), ["course.published"]);
});

test("picker: all events only when every type is allowed; it covers each type", () => {
  const limited = createEventPicker(TYPES, []);
  assert.equal(canPickAll(limited), false);
  assert.equal(toggleAllEvents(limited, true), false);
  assert.equal(pickerError(limited), "Choose at least one event type, or all events.");

  const full = createEventPicker(TYPES.map((t) => ({ ...t, allowed: true })), ["user.created"]);
  assert.equal(toggleAllEvents(full, true), true);
  assert.deepEqual(pickerValue(full), ["*"]);
  assert.ok(pickerGroups(full).every((g) => g.items.every((t) => t.checked && t.disabled)));
  assert.equal(pickerError(full), null);
  toggleAllEvents(full, false);
  assert.deepEqual(pickerValue(full), ["user.created"]); // the single ticks come back
});

test("picker: an endpoint on all events stays so, even for someone who could not pick it", () => {
  const picker = createEventPicker(TYPES, ["*"]);
  assert.equal(picker.all, true);
  assert.deepEqual(pickerValue(picker), ["*"]);
  assert.equal(toggleAllEvents(picker, false), true); // narrowing is always allowed
  assert.deepEqual(pickerValue(picker), []);
});

test("picker: a subscribed type that is not allowed can be cleared, not ticked again", () => {
  const picker = createEventPicker(TYPES, ["enrollment.created", "retired.type"]);
  const groups = pickerGroups(picker);
  assert.equal(groups.at(-1).system, "Other");
  assert.equal(groups.at(-1).items[0].type, "retired.type");
  assert.equal(groups.at(-1).items[0].checked, true);
  assert.equal(groups.find((g) => g.system === "learning").items[0].disabled, false);
  assert.equal(toggleEvent(picker, "enrollment.created", false), true);
  assert.equal(toggleEvent(picker, "enrollment.created", true), false);
  assert.equal(canPickAll(picker), false); // the retired type does not count, the denied one does
  assert.deepEqual(pickerValue(picker), ["retired.type"]);
});

test("picker: a system's select-all ticks only the allowed types; clear clears them all", () => {
  const types = [...TYPES, { type: "user.deleted", system: "iam", allowed: false, subscribe_action: "x" }, { type: "user.updated", system: "iam", allowed: true }];
  const picker = createEventPicker(types, ["user.deleted"]);
  setSystem(picker, "iam", true);
  assert.deepEqual(pickerValue(picker), ["user.created", "user.deleted", "user.updated"]);
  setSystem(picker, "iam", false);
  assert.deepEqual(pickerValue(picker), []);
});

test("headers: rows back to an object, blank rows skipped, each row's problem named", () => {
  assert.deepEqual(headersToRows({ Authorization: "Bearer x", "X-Team": "7" }), [{ name: "Authorization", value: "Bearer x" }, { name: "X-Team", value: "7" }]);
  assert.deepEqual(headersToRows(null), []);
  const { headers, errors } = rowsToHeaders([
    { name: " Authorization ", value: " Bearer x " },
    { name: "", value: "" },
    { name: "x-team", value: "7" },
    { name: "X-Team", value: "8" },
    { name: "Bad Name", value: "v" },
    { name: "", value: "orphan" },
    { name: "Host", value: "evil.example" },
    { name: "Webhook-Signature", value: "x" },
    { name: "X-Two", value: "a\nb" },
  ]);
  assert.deepEqual(headers, { Authorization: "Bearer x", "x-team": "7" });
  assert.deepEqual(Object.keys(errors).map(Number), [3, 4, 5, 6, 7, 8]);
  assert.match(errors[3], /already set/);
  assert.match(errors[4], /letters, digits/);
  assert.match(errors[5], /name/);
  assert.match(errors[6], /cannot be set/);
  assert.match(errors[7], /cannot be set/);
  assert.match(errors[8], /one line/);
  assert.equal(headerProblem("X-Ok", "tab\tis fine"), null);
  assert.match(headerProblem("X-Long", "v".repeat(1025)), /1024/);
});

test("headers: at most 20", () => {
  const rows = Array.from({ length: 21 }, (_, i) => ({ name: `X-H${i}`, value: "v" }));
  const { headers, errors } = rowsToHeaders(rows);
  assert.equal(Object.keys(headers).length, 20);
  assert.deepEqual(Object.keys(errors), ["20"]);
});

test("an edit sends only what changed", () => {
  const original = { url: "https://a.example/h", description: null, format: "standard", enabled: true, event_types: ["b.x", "a.y"], headers: { A: "1" } };
  const same = { url: "https://a.example/h", description: "", format: "standard", enabled: true, event_types: ["a.y", "b.x"], headers: { A: "1" } };
  assert.deepEqual(endpointChanges(original, same), {});
  assert.deepEqual(endpointChanges(original, { ...same, enabled: false, headers: { A: "2" } }), { enabled: false, headers: { A: "2" } });
  assert.deepEqual(endpointChanges(original, { ...same, event_types: ["*"], headers: {} }), { event_types: ["*"], headers: {} });
  assert.deepEqual(endpointChanges(original, { ...same, description: "CRM", format: "slack" }), { description: "CRM", format: "slack" });
});

test("secret rotation overlap: whole hours from 0 to 72", () => {
  for (const ok of ["0", "24", "72", 5]) assert.equal(overlapError(ok), null, String(ok));
  for (const bad of ["", "-1", "1.5", "abc"]) assert.match(overlapError(bad), /whole hours/, bad);
  assert.match(overlapError("73"), /At most 72/);
});

test("replay since: a datetime-local value is local time, sent as an ISO instant in the past", () => {
  const local = new Date(2026, 2, 14, 9, 30);
  assert.equal(toLocalInput(local), "2026-03-14T09:30");
  assert.equal(Date.parse(localInputToIso("2026-03-14T09:30")), local.getTime());
  assert.equal(localInputToIso("2026-02-30T10:00"), null);
  assert.equal(localInputToIso(""), null);
  assert.equal(localInputToIso("yesterday"), null);
  const now = new Date(2026, 2, 15, 12, 0).getTime();
  assert.equal(replaySinceError("2026-03-14T09:30", now), null);
  assert.match(replaySinceError("2026-03-16T09:30", now), /past/);
  assert.match(replaySinceError("", now), /Choose the date/);
});

test("the delivery log's query: set filters and the page's cursor", () => {
  assert.deepEqual(deliveriesQuery({ status: "", event_type: " " }), {});
  assert.deepEqual(deliveriesQuery({ status: "failed", event_type: " user.created " }, "c2"), { status: "failed", event_type: "user.created", before: "c2" });
});

test("cursor paging: older follows `next`, newer goes back, a reset starts over", () => {
  const pager = createCursorPager();
  assert.equal(pager.cursor, null);
  assert.equal(pager.hasNewer, false);
  assert.equal(pager.older(null), false);
  assert.equal(pager.older("c1"), true);
  assert.equal(pager.older("c2"), true);
  assert.deepEqual([pager.cursor, pager.page, pager.hasNewer], ["c2", 3, true]);
  assert.equal(pager.newer(), true);
  assert.equal(pager.cursor, "c1");
  assert.equal(pager.older("c2b"), true); // a new branch replaces what was after this page
  assert.deepEqual(pager.stack, [null, "c1", "c2b"]);
  pager.newer();
  pager.newer();
  assert.equal(pager.newer(), false);
  assert.equal(pager.cursor, null);
  pager.older("c1");
  pager.reset();
  assert.deepEqual([pager.cursor, pager.page], [null, 1]);
});

test("attempts: status codes, latency, excerpts of long bodies, header lines, payloads", () => {
  assert.deepEqual(statusCodeBadge(204), { label: "204", kind: "ok" });
  assert.deepEqual(statusCodeBadge(500), { label: "500", kind: "danger" });
  assert.deepEqual(statusCodeBadge(301), { label: "301", kind: "danger" });
  assert.deepEqual(statusCodeBadge(null), { label: "no response", kind: "danger" });
  assert.equal(latencyText(87.4), "87 ms");
  assert.equal(latencyText(1534), "1.53 s");
  assert.equal(latencyText(15000), "15.0 s");
  assert.equal(latencyText(null), "—");
  assert.deepEqual(excerpt("abc", 2), { text: "ab", truncated: true, total: 3 });
  assert.deepEqual(excerpt("", 2), { text: "", truncated: false, total: 0 });
  assert.equal(excerpt({ ok: true }).text, '{\n  "ok": true\n}');
  assert.equal(headerLines({ "Content-Type": "text/plain", "X-Req": "1" }), "Content-Type: text/plain\nX-Req: 1");
  assert.equal(headerLines([["A", "1"]]), "A: 1");
  assert.equal(headerLines(null), "");
  assert.equal(prettyJson('{"a":1}'), '{\n  "a": 1\n}');
  assert.equal(prettyJson("not json"), "not json");
  assert.equal(prettyJson({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}');
});
