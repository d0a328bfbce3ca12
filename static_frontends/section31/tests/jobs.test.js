// The jobs screen's rules and its auto-refresh (lib/jobs_model.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeTimers } from "./timers.js";
import { ApiError } from "../../shared/api.js";
import { createPolledList, duration, hasResult, isActiveJob, jobDuration, jobKind, jobProgress, JOBS_API, redriveBody, shouldPoll, startedBy } from "../src/lib/jobs_model.js";

const job = (status, extra = {}) => ({ id: 1, kind: "learning.import", title: "Import", status, total: 10, done: 4, failed: 0, progress: 0.4, ...extra });
const denied = () => new ApiError({ status: 403, problem: { code: "access_denied" } });
const down = () => new ApiError({ status: 503, problem: { code: "queue_unavailable" } });

test("paths and status badges", () => {
  assert.equal(JOBS_API.job(5), "/api/admin/jobs/jobs/5");
  assert.equal(JOBS_API.redrive, "/api/admin/jobs/dead-letters/redrive");
  assert.deepEqual(["pending", "running", "completed", "failed", "x"].map(jobKind), ["warn", "info", "ok", "danger", ""]);
});

test("polling is wanted while a job is pending or running", () => {
  assert.equal(shouldPoll([job("completed"), job("failed")]), false);
  assert.equal(shouldPoll([job("completed"), job("running")]), true);
  assert.equal(shouldPoll([job("pending")]), true);
  assert.equal(shouldPoll([]), false);
  assert.equal(shouldPoll(null), false);
  assert.equal(shouldPoll(job("running")), true); // one job (its detail page)
  assert.equal(isActiveJob(job("completed")), false);
});

test("progress: done / total with a percentage, complete at 100%, indeterminate without a total", () => {
  assert.deepEqual(jobProgress(job("running")), { value: 0.4, max: 1, percent: 40, text: "4 / 10 (40%)", indeterminate: false });
  assert.equal(jobProgress(job("running", { done: 2, total: 3, progress: 2 / 3 })).text, "2 / 3 (66%)"); // never rounds up to done
  assert.equal(jobProgress(job("running", { progress: undefined, done: 1, total: 4 })).percent, 25);
  assert.equal(jobProgress(job("completed", { done: 10, progress: 1 })).text, "10 / 10 (100%)");
  assert.equal(jobProgress(job("completed", { total: 0, done: 0, progress: 1 })).text, "100%");
  const counting = jobProgress(job("running", { total: 0, done: 0, progress: 0 }));
  assert.equal(counting.indeterminate, true);
  assert.equal(counting.value, null);
  assert.equal(counting.text, "Working…");
  assert.equal(jobProgress(job("pending", { total: 0, done: 0, progress: 0 })).text, "Waiting to start");
  assert.deepEqual(jobProgress(job("failed", { total: 0, done: 0, progress: 0 })), { value: null, max: 1, percent: null, text: "—", indeterminate: false });
  assert.equal(jobProgress(job("running", { progress: 1.7 })).percent, 100);
});

test("durations, who started a job, results worth showing, redrive bodies", () => {
  const t0 = "2026-03-01T10:00:00Z";
  assert.equal(duration(null, null), "—");
  assert.equal(duration(t0, "2026-03-01T10:00:45Z"), "45 s");
  assert.equal(duration(t0, "2026-03-01T10:02:05Z"), "2 min 5 s");
  assert.equal(duration(t0, "2026-03-01T10:02:00Z"), "2 min");
  assert.equal(duration(t0, "2026-03-01T11:03:10Z"), "1 h 3 min");
  assert.equal(duration(t0, null, Date.parse("2026-03-01T10:00:09Z")), "9 s"); // still running
  const now = Date.parse("2026-03-01T10:01:00Z");
  assert.equal(jobDuration(job("running", { started_at: t0, finished_at: null }), now), "1 min");
  assert.equal(jobDuration(job("completed", { started_at: t0, finished_at: "2026-03-01T10:00:30Z" }), now), "30 s");
  assert.equal(jobDuration(job("failed", { started_at: t0, finished_at: null }), now), "—");
  assert.equal(jobDuration(job("pending", { started_at: null }), now), "—");
  assert.equal(startedBy(null), "system");
  assert.equal(startedBy({ id: 3, email: "a@x.org", name: "" }), "a@x.org");
  assert.equal(startedBy({ id: 3, email: "a@x.org", name: "Ann" }), "Ann");
  assert.equal(hasResult({}), false);
  assert.equal(hasResult(null), false);
  assert.equal(hasResult({ enrolled: 3 }), true);
  assert.deepEqual(redriveBody(null), {});
  assert.deepEqual(redriveBody([]), {});
  assert.deepEqual(redriveBody(["m1"]), { message_ids: ["m1"] });
});

test("the list polls every 2 s while a job runs and stops once none does", async () => {
  const timers = fakeTimers();
  const answers = [[job("running")], [job("running", { done: 8 })], [job("completed", { done: 10 })]];
  const queries = [];
  const list = createPolledList({ load: async (q) => { queries.push({ ...q }); return { data: { items: answers.shift() } }; }, query: { status: "" }, timers });
  await list.reload();
  assert.equal(list.data[0].done, 4);
  assert.equal(list.polling, true);
  assert.deepEqual(timers.pending(), [2000]);
  await timers.fire();
  assert.equal(list.data[0].done, 8);
  assert.deepEqual(timers.pending(), [2000]);
  await timers.fire();
  assert.equal(list.data[0].status, "completed");
  assert.equal(list.polling, false);
  assert.deepEqual(timers.pending(), []);
  assert.equal(queries.length, 3);
});

test("leaving the screen stops polling, and a late answer is dropped", async () => {
  const timers = fakeTimers();
  let release;
  const list = createPolledList({ load: () => new Promise((r) => (release = r)), timers });
  const first = list.reload();
  release({ data: { items: [job("running")] } });
  await first;
  assert.deepEqual(timers.pending(), [2000]);
  timers.fire(); // a poll starts…
  list.stop(); // …and the screen is left before it answers
  release({ data: { items: [job("completed")] } });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(list.data[0].status, "running");
  assert.deepEqual(timers.pending(), []);
  assert.equal(list.polling, false);
});

test("a filter change wins over a poll still in flight", async () => {
  const timers = fakeTimers();
  const pending = [];
  const list = createPolledList({ load: (q) => new Promise((r) => pending.push({ q: { ...q }, r })), query: { status: "" }, timers });
  const first = list.reload();
  pending.shift().r({ data: { items: [job("running")] } });
  await first;
  timers.fire(); // poll with status ""
  const filtered = list.set({ status: "failed" });
  assert.deepEqual(pending.map((p) => p.q.status), ["", "failed"]);
  pending[1].r({ data: { items: [job("failed", { id: 2 })] } });
  await filtered;
  pending[0].r({ data: { items: [job("running")] } }); // the old poll answers last
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(list.data.map((j) => j.id), [2]);
  assert.equal(list.polling, false);
});

test("a failed poll keeps the data and retries later; a denial stops it", async () => {
  const timers = fakeTimers();
  const answers = [() => ({ data: { items: [job("running")] } }), () => { throw down(); }, () => { throw down(); }, () => ({ data: { items: [job("running")] } }), () => { throw denied(); }];
  const list = createPolledList({ load: async () => answers.shift()(), timers });
  await list.reload();
  await timers.fire();
  assert.equal(list.refreshError.kind, "server");
  assert.equal(list.error, null);
  assert.equal(list.data.length, 1);
  assert.deepEqual(timers.pending(), [4000]);
  await timers.fire();
  assert.deepEqual(timers.pending(), [8000]);
  await timers.fire();
  assert.equal(list.refreshError, null);
  assert.deepEqual(timers.pending(), [2000]);
  await timers.fire();
  assert.equal(list.refreshError.kind, "denied");
  assert.deepEqual(timers.pending(), []);
  assert.equal(list.polling, false);
});

test("a failed first load is an error for the screen; a hidden tab skips rounds", async () => {
  const timers = fakeTimers();
  let hidden = false;
  let calls = 0;
  const list = createPolledList({ load: async () => { calls++; if (calls === 1) throw down(); return { data: { items: [job("running")] } }; }, timers, paused: () => hidden });
  await list.reload();
  assert.equal(list.error.kind, "server");
  assert.equal(list.data, null);
  assert.deepEqual(timers.pending(), []);
  await list.reload();
  assert.equal(list.error, null);
  hidden = true;
  await timers.fire();
  assert.equal(calls, 2);
  assert.deepEqual(timers.pending(), [2000]);
  hidden = false;
  await timers.fire();
  assert.equal(calls, 3);
});

test("one job (the detail page) polls until it finishes", async () => {
  const timers = fakeTimers();
  const answers = [job("pending"), job("completed")];
  const one = createPolledList({ load: async () => ({ data: answers.shift() }), pick: (r) => r.data, timers });
  await one.reload();
  assert.equal(one.data.status, "pending");
  await timers.fire();
  assert.equal(one.data.status, "completed");
  assert.deepEqual(timers.pending(), []);
});
