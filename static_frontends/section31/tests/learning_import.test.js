// The bulk-enrollment CSV import: its progress bar and the poll that follows the job until
// the worker has finished it (src/learning.js).
import "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeTimers } from "./timers.js";
import { createImportTracker, IMPORT_POLL_MS, IMPORT_RETRY_MS, importProgress, importRunning, ImportReport } from "../src/learning.js";

const job = (status, done, total = 1000, extra = {}) => ({
  id: 7, status, total_rows: total, processed_rows: done, enrolled_count: done, unchanged_count: 0, error_count: 0, errors: [],
  progress: { done, total, percent: total ? Math.floor((100 * done) / total) : 0 }, ...extra,
});

test("progress: rows done of total, 100% once completed, a waiting text before the worker starts", () => {
  assert.deepEqual(importProgress(job("running", 200)), { value: 200, max: 1000, percent: 20, text: "200 / 1000 rows (20%)" });
  assert.equal(importProgress(job("running", 999)).percent, 99); // never rounds up to done
  assert.equal(importProgress(job("pending", 0)).text, "Waiting for a worker… 0 / 1000 rows");
  assert.deepEqual(importProgress(job("completed", 0, 0)), { value: 1, max: 1, percent: 100, text: "0 / 0 rows (100%)" });
  assert.equal(importProgress(job("running", 5000, 10, { progress: { done: 5000, total: 10 } })).value, 10); // clamped
  assert.equal(importProgress({ status: "running", total_rows: 4, processed_rows: 1 }).text, "1 / 4 rows (25%)"); // no progress object
  assert.equal(importRunning(job("pending", 0)) && importRunning(job("running", 1)), true);
  assert.equal(importRunning(job("completed", 1)) || importRunning(job("failed", 1)) || importRunning(null), false);
});

test("the tracker polls while the job runs, then reports it finished, once", async () => {
  const timers = fakeTimers();
  const answers = [job("running", 200), job("running", 600), job("completed", 1000)];
  const seen = [];
  const done = [];
  const tracker = createImportTracker({
    fetchJob: async (id) => {
      assert.equal(id, 7);
      return answers.shift();
    },
    onupdate: (j) => seen.push(j.progress.done),
    ondone: (j) => done.push(j.status),
    timers,
  });

  tracker.start(job("pending", 0));
  assert.deepEqual(timers.pending(), [IMPORT_POLL_MS]);
  await timers.fire();
  await timers.fire();
  await timers.fire();

  assert.deepEqual(seen, [0, 200, 600, 1000]);
  assert.deepEqual(done, ["completed"]);
  assert.deepEqual(timers.pending(), []); // nothing left polling
});

test("a failed poll is retried more slowly; stop() ends the polling", async () => {
  const timers = fakeTimers();
  let calls = 0;
  const tracker = createImportTracker({
    fetchJob: async () => {
      calls += 1;
      throw new Error("network down");
    },
    onupdate: () => {},
    ondone: () => assert.fail("not finished"),
    timers,
  });
  tracker.start(job("running", 10));
  await timers.fire();
  assert.equal(calls, 1);
  assert.deepEqual(timers.pending(), [IMPORT_RETRY_MS]);
  tracker.stop();
  assert.deepEqual(timers.pending(), []);
});

test("a finished job needs no poll; a new upload replaces the job being followed", async () => {
  const timers = fakeTimers();
  const done = [];
  const seen = [];
  const tracker = createImportTracker({ fetchJob: async () => job("completed", 3, 3, { id: 8 }), onupdate: (j) => seen.push(j.id), ondone: (j) => done.push(j.id), timers });

  tracker.start(job("completed", 2, 2));
  assert.deepEqual(done, [7]);
  assert.deepEqual(timers.pending(), []);

  tracker.start(job("running", 0, 9));
  tracker.start(job("pending", 0, 3, { id: 8 }));
  assert.equal(timers.pending().length, 1); // the first upload's timer was dropped
  await timers.fire();
  assert.deepEqual(done, [7, 8]);
  assert.deepEqual(seen, [7, 7, 8, 8]);
});

const flat = (v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v.flatMap(flat) : typeof v === "object" ? [v, ...flat(v.children)] : []);
const text = (v) => (v === null || v === undefined ? "" : Array.isArray(v) ? v.map(text).join("") : typeof v === "object" ? `${v.text ?? ""}${text(v.children)}` : String(v));

test("the report shows a <progress> bar while running, the row report when done", () => {
  const running = ImportReport.view({ attrs: { job: job("running", 400) } });
  const bar = flat(running).find((n) => n.tag === "progress");
  assert.deepEqual([bar.attrs.value, bar.attrs.max], [400, 1000]);
  assert.match(text(running), /400 \/ 1000 rows \(40%\)/);
  assert.doesNotMatch(text(running), /errors\./);

  const finished = ImportReport.view({
    attrs: { job: job("completed", 3, 3, { enrolled_count: 1, unchanged_count: 1, error_count: 1, errors: [{ row: 4, email: "x@y.z", error: "no user with this email" }] }) },
  });
  assert.equal(flat(finished).find((n) => n.tag === "progress"), undefined);
  assert.match(text(finished), /3 rows: 1 enrolled, 1 already enrolled, 1 errors\./);
  assert.match(text(finished), /no user with this email/);
});
