// The jobs screen rendered to vnode trees (no DOM): auto-refresh starts while a job runs and
// stops when the screen is left; dead letters and redrive only for those who may.
import { fakeServer, reply, settle } from "./setup.js";
import { control, mount, nodes, testid, textOf } from "./vtree.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import m from "mithril";
import { DialogHost } from "../../shared/ui/dialog.js";
import { session } from "../src/session.js";
import { JobDetail, Jobs, progressCell, routes } from "../src/jobs.js";

const A = "/api/admin/jobs";
const J = "teacherseat:admin:jobs";
globalThis.document = { activeElement: null, hidden: false, getElementById: () => null };

// Notices dismiss themselves after 5 s and polls wait 2 s: such timers must not keep the test
// process alive.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => {
  const timer = realSetTimeout(fn, ms, ...args);
  if (ms >= 1000 && timer.unref) timer.unref();
  return timer;
};

const allow = (...actions) => (session.me = { user: { email: "s@x.org" }, admin_panel_access: true, allowed_actions: actions.map((a) => `${J}:${a}`) });

const sent = (calls, method, path) => calls.filter((c) => (c.init.method || "GET") === method && c.url.split("?")[0] === path);

const job = (id, status, extra = {}) => ({ id, kind: "learning.import", title: `Import ${id}`, status, total: 10, done: 4, failed: 1, progress: 0.4, error: "", result: {}, created_by: null, created_at: "2026-03-01T10:00:00Z", started_at: "2026-03-01T10:00:01Z", finished_at: null, ...extra });
const LETTER = { message_id: "m-1", queue: "default", task: "learning.import_chunk", task_id: "t-1", received_count: 5, sent_at: "2026-03-01T09:00:00Z", summary: "learning.import_chunk(job_id=3)" };

test("the menu's path is a route of this interface", () => {
  assert.deepEqual(Object.keys(routes), ["/jobs", "/jobs/:id"]);
});

test("progress is a <progress> element with done / total, never an inline width", () => {
  const cell = progressCell(job(1, "running"));
  const [bar, label] = cell.children;
  assert.equal(bar.tag, "progress");
  assert.equal(bar.attrs.value, 0.4);
  assert.equal(bar.attrs.max, 1);
  assert.equal(bar.attrs.style, undefined);
  assert.equal(textOf(label), "4 / 10 (40%)");
  const counting = progressCell(job(2, "running", { total: 0, done: 0, progress: 0 })).children[0];
  assert.equal("value" in counting.attrs, false); // indeterminate
});

test("the list refreshes while a job runs and stops when the screen is left", async () => {
  const calls = fakeServer({ [`${A}/jobs`]: reply(200, { items: [job(1, "running"), job(2, "failed", { error: "CSV row 3: unknown email" })] }) });
  allow("jobs:list", "jobs:read");
  const screen = mount(Jobs);
  await settle();
  const tree = screen.draw();
  const list = screen.root().vnode.state.jobs;
  assert.equal(list.polling, true);
  assert.ok(testid(tree, "jobs-polling"));
  assert.ok(textOf(tree).includes("CSV row 3: unknown email"));
  assert.ok(nodes(tree).some((n) => n.tag === "a" && n.attrs.href === "/jobs/1"));
  assert.equal(testid(tree, "dead-letters"), undefined);
  screen.remove();
  assert.equal(list.polling, false);
  assert.equal(sent(calls, "GET", `${A}/jobs`).length, 1);
});

test("no polling when nothing runs; the status filter is sent", async () => {
  const calls = fakeServer({
    [`${A}/jobs`]: (url) => reply(200, { items: url.includes("status=failed") ? [] : [job(1, "completed", { done: 10, progress: 1, finished_at: "2026-03-01T10:02:05Z" })] }),
  });
  allow("jobs:list");
  const screen = mount(Jobs);
  await settle();
  let tree = screen.draw();
  assert.equal(screen.root().vnode.state.jobs.polling, false);
  assert.equal(testid(tree, "jobs-polling"), undefined);
  assert.equal(nodes(tree).some((n) => n.tag === "a" && n.attrs.href === "/jobs/1"), false); // no jobs:read
  assert.ok(textOf(tree).includes("2 min 4 s"));
  await nodes(tree).find((n) => n.attrs && n.attrs.id === "jobs-status").attrs.onchange({ target: { value: "failed" } });
  assert.match(calls.at(-1).url, /\?status=failed$/);
  tree = screen.draw();
  assert.match(textOf(tree), /No failed jobs/);
  screen.remove();
});

test("dead letters are listed for those who may; redrive only for those who may redrive", async () => {
  const calls = fakeServer({
    [`${A}/dead-letters`]: reply(200, { items: [LETTER, { ...LETTER, message_id: "m-2" }] }),
    [`${A}/dead-letters/redrive`]: (url, init) => reply(200, { redriven: JSON.parse(init.body).message_ids ? 1 : 2 }),
  });
  allow("dead_letters:list");
  let screen = mount(Jobs);
  await settle();
  let tree = screen.draw();
  assert.equal(sent(calls, "GET", `${A}/jobs`).length, 0, "no jobs request without jobs:list");
  assert.ok(textOf(testid(tree, "dead-letters")).includes("learning.import_chunk(job_id=3)"));
  assert.equal(testid(tree, "redrive-all"), undefined);
  assert.equal(control(tree, "Redrive"), undefined);

  allow("dead_letters:list", "dead_letters:redrive");
  screen = mount(Jobs);
  await settle();
  tree = screen.draw();
  await control(tree, "Redrive").attrs.onclick();
  await settle();
  assert.deepEqual(JSON.parse(sent(calls, "POST", `${A}/dead-letters/redrive`)[0].init.body), { message_ids: ["m-1"] });
  tree = screen.draw();
  const all = testid(tree, "redrive-all").attrs.onclick();
  await settle();
  nodes(DialogHost.view()).find((n) => n.attrs && n.attrs["data-testid"] === "confirm").attrs.onclick();
  await all;
  assert.deepEqual(JSON.parse(sent(calls, "POST", `${A}/dead-letters/redrive`)[1].init.body), {});
});

test("a job's page polls until it finishes and stops when left", async () => {
  fakeServer({ [`${A}/jobs/4`]: reply(200, job(4, "running", { created_by: { id: 1, email: "ann@x.org", name: "Ann" } })) });
  allow("jobs:read");
  const screen = mount(JobDetail, { id: "4" });
  await settle();
  const tree = screen.draw();
  const one = screen.root().vnode.state.job;
  assert.equal(one.polling, true);
  assert.ok(textOf(tree).includes("Ann"));
  assert.equal(nodes(tree).some((n) => n.tag === "h2" && textOf(n) === "Result"), false); // {} is not shown
  screen.remove();
  assert.equal(one.polling, false);
});
