// The webhooks screens rendered to vnode trees (no DOM): what each person is offered, the
// one-time secret, what the forms send, and the delivery log's paging.
import { fakeServer, reply, settle } from "./setup.js";
import { control, mount, nodes, testid, textOf } from "./vtree.js";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import m from "mithril";
import { DialogHost } from "../../shared/ui/dialog.js";
import { session } from "../src/session.js";
import { DeliveryDetail, EndpointDetail, EndpointEdit, EndpointNew, Endpoints, routes } from "../src/webhooks.js";

const A = "/api/admin/webhooks";
const W = "teacherseat:admin:webhooks";
const routed = [];
const copied = [];
globalThis.document = { activeElement: null, hidden: false, getElementById: () => null, execCommand: () => false };
Object.defineProperty(globalThis, "navigator", { value: { clipboard: { writeText: async (t) => copied.push(t) } }, configurable: true });
m.route.set = (path) => routed.push(path);

// Notices dismiss themselves after 5 s and polls wait 2 s: such timers must not keep the test
// process alive.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => {
  const timer = realSetTimeout(fn, ms, ...args);
  if (ms >= 1000 && timer.unref) timer.unref();
  return timer;
};

beforeEach(() => {
  routed.length = 0;
  copied.length = 0;
});

const allow = (...actions) => (session.me = { user: { email: "s@x.org" }, admin_panel_access: true, allowed_actions: actions.map((a) => `${W}:${a}`) });

const byId = (tree, id) => nodes(tree).find((n) => n.attrs && n.attrs.id === id);
const controls = (tree) => nodes(tree).filter((n) => n.tag === "button" || n.tag === "a").map((n) => textOf(n).trim());
const type = (tree, id, value) => byId(tree, id).attrs.oninput({ target: { value } });
const submit = async (tree) => {
  await nodes(tree).find((n) => n.tag === "form").attrs.onsubmit({ preventDefault() {} });
  await settle();
};
const sent = (calls, method, path) => calls.filter((c) => (c.init.method || "GET") === method && c.url.split("?")[0] === path);
/** Answer the confirm dialog that is open. */
async function confirm() {
  await settle();
  nodes(DialogHost.view()).find((n) => n.attrs && n.attrs["data-testid"] === "confirm").attrs.onclick();
  await settle();
}

const TYPES = {
  items: [
    { type: "user.created", description: "Account created", system: "iam", subscribe_action: "teacherseat:admin:iam:users:read", allowed: true },
    { type: "enrollment.created", description: "Enrolled", system: "learning", subscribe_action: "teacherseat:admin:learning:enrollments:list", allowed: false },
  ],
};
const ENDPOINT = {
  id: 7, url: "https://crm.example/hooks", description: "CRM", event_types: ["enrollment.created"], format: "standard",
  headers: { "X-Team": "7" }, enabled: true, disabled_reason: "", failing_since: null, secret_hint: "whsec_…x9Qa",
  created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:00:00Z", stats: { succeeded: 12, failed: 3, pending: 1 },
};

test("the menu's path is a route of this interface, and so are the detail screens", () => {
  assert.deepEqual(Object.keys(routes).sort(), ["/webhooks", "/webhooks/:id", "/webhooks/:id/deliveries/:delivery", "/webhooks/:id/edit", "/webhooks/new"]);
});

test("the list offers New endpoint only to creators and links endpoints only for readers", async () => {
  fakeServer({ [`${A}/endpoints`]: reply(200, { items: [ENDPOINT, { ...ENDPOINT, id: 8, enabled: false, disabled_reason: "too_many_failures", stats: null }] }) });
  allow("endpoints:list");
  let screen = mount(Endpoints);
  await settle();
  let tree = screen.draw();
  assert.equal(testid(tree, "new-endpoint"), undefined);
  assert.equal(nodes(tree).filter((n) => n.tag === "a").length, 0);
  const text = textOf(tree);
  for (const part of ["12 succeeded", "3 failed", "1 pending", "enabled", "disabled", "Disabled after too many failed deliveries", "enrollment.created"]) assert.ok(text.includes(part), part);

  allow("endpoints:list", "endpoints:create", "endpoints:read");
  screen = mount(Endpoints);
  await settle();
  tree = screen.draw();
  assert.equal(testid(tree, "new-endpoint").attrs.href, "/webhooks/new");
  assert.deepEqual(nodes(tree).filter((n) => n.tag === "a" && n.attrs.href.startsWith("/webhooks/")).map((n) => n.attrs.href), ["/webhooks/new", "/webhooks/7", "/webhooks/8"]);
  byId(tree, "wh-state").attrs.onchange({ target: { value: "disabled" } });
  tree = screen.draw();
  assert.deepEqual(nodes(tree).filter((n) => n.tag === "tr").length, 2); // header + endpoint 8
});

test("creating shows the secret once, with a copy button, instead of the form", async () => {
  const calls = fakeServer({
    [`${A}/event-types`]: reply(200, TYPES),
    [`${A}/endpoints`]: (url, init) => reply(201, { ...ENDPOINT, ...JSON.parse(init.body), id: 9, secret: "whsec_s3cr3t" }),
  });
  allow("endpoints:create", "endpoints:read");
  const screen = mount(EndpointNew);
  await settle();
  let tree = screen.draw();
  const denied = nodes(tree).find((n) => n.tag === "input" && n.attrs.type === "checkbox" && n.attrs.disabled && n.attrs["aria-describedby"]);
  assert.ok(denied, "a type the person may not subscribe to is disabled with a hint");
  assert.equal(byId(tree, "ev-all").attrs.disabled, true);
  type(tree, "f-url", " https://crm.example/hooks ");
  byId(tree, "ev-1").attrs.onchange({ target: { checked: true } }); // user.created (iam)
  control(tree, "Add header").attrs.onclick();
  tree = screen.draw();
  type(tree, "hdr-name-0", "X-Team");
  type(tree, "hdr-value-0", "7");
  await submit(tree);
  const [post] = sent(calls, "POST", `${A}/endpoints`);
  assert.deepEqual(JSON.parse(post.init.body), { url: "https://crm.example/hooks", event_types: ["user.created"], format: "standard", headers: { "X-Team": "7" }, enabled: true });
  tree = screen.draw();
  const reveal = testid(tree, "webhook-secret");
  assert.match(textOf(reveal), /you will not see it again/);
  assert.equal(byId(tree, "webhook-secret-value").attrs.value, "whsec_s3cr3t");
  assert.equal(byId(tree, "webhook-secret-value").attrs.readonly, true);
  assert.equal(nodes(tree).find((n) => n.tag === "form"), undefined);
  await testid(tree, "copy-secret").attrs.onclick();
  assert.deepEqual(copied, ["whsec_s3cr3t"]);
  control(tree, "I have stored it, continue").attrs.onclick();
  assert.deepEqual(routed, ["/webhooks/9"]);
});

test("nothing is sent without an event type or with a bad header", async () => {
  const calls = fakeServer({ [`${A}/event-types`]: reply(200, TYPES), [`${A}/endpoints`]: reply(201, {}) });
  allow("endpoints:create");
  const screen = mount(EndpointNew);
  await settle();
  let tree = screen.draw();
  type(tree, "f-url", "https://x.example");
  await submit(tree);
  tree = screen.draw();
  assert.match(textOf(byId(tree, "f-event_types-err")), /at least one event type/);
  byId(tree, "ev-1").attrs.onchange({ target: { checked: true } });
  control(tree, "Add header").attrs.onclick();
  tree = screen.draw();
  type(tree, "hdr-name-0", "Host");
  type(tree, "hdr-value-0", "evil.example");
  await submit(tree);
  tree = screen.draw();
  assert.match(textOf(tree), /Host is set by TeacherSeat/);
  assert.equal(sent(calls, "POST", `${A}/endpoints`).length, 0);
});

test("the server's validation errors land on their fields", async () => {
  fakeServer({
    [`${A}/event-types`]: reply(200, TYPES),
    [`${A}/endpoints`]: reply(400, { code: "unsafe_url", detail: "Invalid input.", errors: { url: ["Use an https:// URL."], "headers.X-Secret": ["nope"] } }),
  });
  allow("endpoints:create");
  const screen = mount(EndpointNew);
  await settle();
  let tree = screen.draw();
  type(tree, "f-url", "http://x.example");
  byId(tree, "ev-1").attrs.onchange({ target: { checked: true } });
  await submit(tree);
  tree = screen.draw();
  assert.match(textOf(byId(tree, "f-url-err")), /https/);
  assert.match(textOf(nodes(tree).find((n) => n.attrs && n.attrs.className === "form-errors")), /headers.X-Secret: nope/);
});

test("an edit PATCHes only what changed; a subscribed type the editor may not pick stays", async () => {
  const calls = fakeServer({
    [`${A}/event-types`]: reply(200, TYPES),
    [`${A}/endpoints/7`]: (url, init) => reply(200, init.method === "PATCH" ? { ...ENDPOINT, ...JSON.parse(init.body) } : ENDPOINT),
  });
  allow("endpoints:update", "endpoints:read");
  const screen = mount(EndpointEdit, { id: "7" });
  await settle();
  await settle();
  let tree = screen.draw();
  await settle();
  tree = screen.draw();
  const enrollment = nodes(tree).find((n) => n.tag === "input" && n.attrs.type === "checkbox" && n.attrs.checked && n.attrs.id && n.attrs.id.startsWith("ev-"));
  assert.equal(enrollment.attrs.disabled, false, "it can be cleared");
  byId(tree, "f-enabled").attrs.onchange({ target: { checked: false } });
  await submit(tree);
  const [patch] = sent(calls, "PATCH", `${A}/endpoints/7`);
  assert.deepEqual(JSON.parse(patch.init.body), { enabled: false });
  assert.deepEqual(routed, ["/webhooks/7"]);
});

test("the endpoint page offers only what the person may do", async () => {
  fakeServer({ [`${A}/endpoints/7`]: reply(200, ENDPOINT), [`${A}/endpoints/7/deliveries`]: reply(200, { items: [], next: null }) });
  allow("endpoints:read");
  let screen = mount(EndpointDetail, { id: "7" });
  await settle();
  let tree = screen.draw();
  assert.ok(textOf(tree).includes("whsec_…x9Qa"));
  assert.deepEqual(controls(tree), ["Webhooks"]);
  assert.equal(testid(tree, "deliveries"), undefined);

  allow("endpoints:read", "endpoints:update", "endpoints:delete", "endpoints:rotate_secret", "endpoints:test", "endpoints:replay", "deliveries:list");
  screen = mount(EndpointDetail, { id: "7" });
  await settle();
  tree = screen.draw();
  await settle();
  tree = screen.draw();
  for (const id of ["edit-endpoint", "delete-endpoint", "rotate-secret", "send-test", "replay", "deliveries"]) assert.ok(testid(tree, id), id);
  assert.ok(control(tree, "Disable"));
  assert.deepEqual(nodes(byId(tree, "wh-test-type")).filter((n) => n.tag === "option").map((n) => n.attrs.value), ["", "enrollment.created"]);
  assert.equal(testid(tree, "disabled-hint"), undefined);
  assert.equal(testid(tree, "send-test").attrs.disabled, false);
});

test("a disabled endpoint says why tests and replays wait, and offers Enable", async () => {
  fakeServer({ [`${A}/endpoints/7`]: reply(200, { ...ENDPOINT, enabled: false, disabled_reason: "Failing for 5 days" }) });
  allow("endpoints:read", "endpoints:update", "endpoints:test", "endpoints:replay");
  const screen = mount(EndpointDetail, { id: "7" });
  await settle();
  const tree = screen.draw();
  assert.ok(testid(tree, "disabled-hint"));
  assert.equal(testid(tree, "send-test").attrs.disabled, true);
  assert.equal(testid(tree, "replay").attrs.disabled, true);
  assert.ok(control(tree, "Enable"));
  assert.ok(textOf(tree).includes("Failing for 5 days"));
});

test("rotating reveals the new secret once and says until when the old one works", async () => {
  const calls = fakeServer({
    [`${A}/endpoints/7`]: reply(200, ENDPOINT),
    [`${A}/endpoints/7/rotate-secret`]: reply(200, { secret: "whsec_n3w", previous_expires_at: "2026-03-02T10:00:00Z" }),
  });
  allow("endpoints:read", "endpoints:rotate_secret");
  const screen = mount(EndpointDetail, { id: "7" });
  await settle();
  let tree = screen.draw();
  type(tree, "wh-overlap", "80");
  await testid(tree, "rotate-secret").attrs.onclick();
  assert.equal(sent(calls, "POST", `${A}/endpoints/7/rotate-secret`).length, 0, "an overlap over 72 hours is refused");
  tree = screen.draw();
  type(tree, "wh-overlap", "12");
  const rotating = testid(tree, "rotate-secret").attrs.onclick();
  await confirm();
  await rotating;
  assert.deepEqual(JSON.parse(sent(calls, "POST", `${A}/endpoints/7/rotate-secret`)[0].init.body), { overlap_hours: 12 });
  tree = screen.draw();
  assert.equal(byId(tree, "webhook-secret-value").attrs.value, "whsec_n3w");
  assert.match(textOf(testid(tree, "webhook-secret")), /previous secret keeps working until/);
  control(tree, "I have stored it").attrs.onclick();
  assert.equal(testid(screen.draw(), "webhook-secret"), undefined);
});

test("test events and replays are sent with what was chosen", async () => {
  const calls = fakeServer({
    [`${A}/endpoints/7`]: reply(200, ENDPOINT),
    [`${A}/endpoints/7/test`]: reply(202, { delivery_id: 55 }),
    [`${A}/endpoints/7/replay`]: reply(202, { queued: 4 }),
  });
  allow("endpoints:read", "endpoints:test", "endpoints:replay");
  const screen = mount(EndpointDetail, { id: "7" });
  await settle();
  let tree = screen.draw();
  byId(tree, "wh-test-type").attrs.onchange({ target: { value: "enrollment.created" } });
  await testid(tree, "send-test").attrs.onclick();
  assert.deepEqual(JSON.parse(sent(calls, "POST", `${A}/endpoints/7/test`)[0].init.body), { event_type: "enrollment.created" });
  tree = screen.draw();
  type(tree, "wh-since", "2026-03-01T08:15");
  const replaying = testid(tree, "replay").attrs.onclick();
  await confirm();
  await replaying;
  const body = JSON.parse(sent(calls, "POST", `${A}/endpoints/7/replay`)[0].init.body);
  assert.equal(Date.parse(body.since), new Date(2026, 2, 1, 8, 15).getTime());
});

test("the delivery log pages by `next`; a filter starts again from the newest", async () => {
  const pages = { "": { items: [{ id: 3, status: "failed", event_type: "user.created", event_id: "e3", attempts: 2, last_status_code: 500 }], next: "c1" }, c1: { items: [{ id: 1, status: "succeeded", event_type: "user.created", event_id: "e1", attempts: 1, last_status_code: 200 }], next: null } };
  const calls = fakeServer({
    [`${A}/endpoints/7`]: reply(200, ENDPOINT),
    [`${A}/endpoints/7/deliveries`]: (url) => reply(200, pages[new URL(url, "http://x").searchParams.get("before") || ""]),
  });
  allow("endpoints:read", "deliveries:list", "deliveries:read");
  const screen = mount(EndpointDetail, { id: "7" });
  await settle();
  let tree = screen.draw();
  assert.ok(textOf(testid(tree, "deliveries")).includes("500"));
  assert.equal(control(tree, "‹ Newer").attrs.disabled, true);
  await control(tree, "Older ›").attrs.onclick();
  tree = screen.draw();
  assert.match(calls.at(-1).url, /before=c1/);
  assert.equal(control(tree, "Older ›").attrs.disabled, true);
  assert.ok(nodes(tree).some((n) => n.tag === "a" && n.attrs.href === "/webhooks/7/deliveries/1"));
  await byId(tree, "dl-status").attrs.onchange({ target: { value: "failed" } });
  const last = new URL(calls.at(-1).url, "http://x").searchParams;
  assert.deepEqual(Object.fromEntries(last), { status: "failed" });
});

test("a delivery shows each attempt; Redeliver only for those who may", async () => {
  const delivery = {
    id: 3, event_id: "e3", event_type: "user.created", webhook_id: "msg_1", status: "failed", last_status_code: 500,
    created_at: "2026-03-01T10:00:00Z", payload: { user: { id: 1 } },
    attempts: [
      { started_at: "2026-03-01T10:00:01Z", status_code: null, latency_ms: 10000, error: "timed out", response_headers: {}, response_body: "" },
      { started_at: "2026-03-01T10:01:00Z", status_code: 500, latency_ms: 87, error: "", response_headers: { "Content-Type": "text/plain" }, response_body: "x".repeat(2500) },
    ],
  };
  const calls = fakeServer({ [`${A}/deliveries/3`]: reply(200, delivery), [`${A}/deliveries/3/redeliver`]: reply(202, {}) });
  allow("deliveries:read");
  let screen = mount(DeliveryDetail, { id: "7", delivery: "3" });
  await settle();
  let tree = screen.draw();
  const text = textOf(tree);
  for (const part of ["Attempt 1", "no response", "timed out", "10.0 s", "Attempt 2", "500", "87 ms", "Content-Type: text/plain", "first 2000 of 2500 characters"]) assert.ok(text.includes(part), part);
  assert.match(textOf(testid(tree, "delivery-payload")), /"user"/);
  assert.equal(testid(tree, "redeliver"), undefined);

  allow("deliveries:read", "deliveries:redeliver");
  screen = mount(DeliveryDetail, { id: "7", delivery: "3" });
  await settle();
  tree = screen.draw();
  const redelivering = testid(tree, "redeliver").attrs.onclick();
  await confirm();
  await redelivering;
  assert.equal(sent(calls, "POST", `${A}/deliveries/3/redeliver`).length, 1);
});
