// Jobs admin: API paths, status badges, progress and durations, and the auto-refreshing
// list (poll every 2 s while a job is pending or running, stop when none is, or when the
// screen is left). Framework-free, unit tested in tests/jobs.test.js.

const A = "/api/admin/jobs";

export const JOBS_API = {
  jobs: `${A}/jobs`,
  job: (id) => `${A}/jobs/${encodeURIComponent(id)}`,
  deadLetters: `${A}/dead-letters`,
  redrive: `${A}/dead-letters/redrive`,
};

/** The IAM action prefix: `${JOBS}:jobs:list`. */
export const JOBS = "teacherseat:admin:jobs";

export const JOB_STATUSES = ["pending", "running", "completed", "failed"];
/** Badge kind (format.js `badge`) of a job status. */
export const JOB_KIND = Object.freeze({ pending: "warn", running: "info", completed: "ok", failed: "danger" });
export const jobKind = (status) => JOB_KIND[status] ?? "";

export const isActiveJob = (job) => !!job && (job.status === "pending" || job.status === "running");

/** Whether to keep polling: a list with a pending or running job, or such a job itself. */
export function shouldPoll(data) {
  return Array.isArray(data) ? data.some(isActiveJob) : isActiveJob(data);
}

const count = (n) => (Number.isFinite(Number(n)) && n !== null ? Number(n) : 0);

/**
 * A job's progress for a <progress> element and its text:
 * {value, max, percent, text, indeterminate}. A completed job is at 100%; otherwise the
 * server's `progress` (0..1) or done/total. Without a total (not counted yet) a pending or
 * running job is indeterminate (no `value`) and a finished one shows "—".
 */
export function jobProgress(job) {
  const total = count(job && job.total);
  const done = count(job && job.done);
  let ratio;
  if (job && job.status === "completed") ratio = 1;
  else if (total > 0) ratio = job.progress !== null && job.progress !== undefined && Number.isFinite(Number(job.progress)) ? Number(job.progress) : done / total;
  else if (isActiveJob(job)) return { value: null, max: 1, percent: null, text: job.status === "pending" ? "Waiting to start" : "Working…", indeterminate: true };
  else return { value: null, max: 1, percent: null, text: "—", indeterminate: false };
  ratio = Math.max(0, Math.min(1, ratio));
  const percent = Math.floor(ratio * 100);
  return { value: ratio, max: 1, percent, text: total ? `${done} / ${total} (${percent}%)` : `${percent}%`, indeterminate: false };
}

/** A job's result worth showing: not null and not an empty object or list. */
export const hasResult = (result) => result !== null && result !== undefined && !(typeof result === "object" && !Object.keys(result).length);

/** How long a job ran (or has been running): "45 s", "2 min 5 s", "1 h 3 min"; "—" before it starts. */
export function duration(startedAt, finishedAt, now = Date.now()) {
  const start = Date.parse(startedAt || "");
  if (Number.isNaN(start)) return "—";
  const end = finishedAt ? Date.parse(finishedAt) : now;
  const s = Math.max(0, Math.round(((Number.isNaN(end) ? now : end) - start) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
}

/** A job's run time: finished - started, or so far while it runs; "—" when not known. */
export function jobDuration(job, now = Date.now()) {
  if (!job || !job.started_at) return "—";
  if (job.finished_at) return duration(job.started_at, job.finished_at);
  return isActiveJob(job) ? duration(job.started_at, null, now) : "—";
}

/** Who started a job: the name or email, "system" when nobody did. */
export const startedBy = (user) => (user ? user.name || user.email || `user ${user.id}` : "system");

/** The body of a redrive: the chosen messages, or {} for every dead letter. */
export const redriveBody = (ids) => (ids && ids.length ? { message_ids: [...ids] } : {});

const STOP_ON = new Set(["unauthenticated", "denied", "not_found"]);

/**
 * createPolledList({load, pick, query, interval, maxInterval, wanted, paused, timers, redraw})
 * -> {query, data, error, loading, refreshError, polling, reload(), set(changes), stop()}
 *
 *  - load(query) -> Promise<{data}> (the API call); pick(response) -> what `data` holds
 *  - reload() (first load, a filter change, Refresh) shows `error` instead of the data on
 *    failure; a poll that fails keeps the data and sets `refreshError`, then tries again
 *    later (doubling the wait up to maxInterval), or stops for a 401/403/404
 *  - after every load it polls again in `interval` ms while wanted(data) is true; paused()
 *    (a hidden tab) skips a round without a request; stop() (the screen is left) ends it all
 *  - an answer to an older request than the latest is dropped (a filter changed meanwhile)
 */
export function createPolledList({
  load,
  pick = (r) => (r && r.data && "items" in r.data ? r.data.items : r && r.data),
  query = {},
  interval = 2000,
  maxInterval = 30000,
  wanted = shouldPoll,
  paused = () => false,
  timers = globalThis,
  redraw = () => {},
}) {
  let timer = null;
  let seq = 0;
  let failures = 0;
  let stopped = false;

  function clear() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    state.polling = false;
  }

  function schedule(wait = interval) {
    clear();
    if (stopped || !wanted(state.data)) return;
    state.polling = true;
    timer = timers.setTimeout(() => {
      timer = null;
      if (stopped) return;
      if (paused()) schedule();
      else fetch(true);
    }, wait);
  }

  async function fetch(poll) {
    const mine = ++seq;
    if (!poll) {
      state.loading = true;
      state.error = null;
      clear();
    }
    try {
      const result = await load(state.query);
      if (mine !== seq || stopped) return state.data;
      state.data = pick(result);
      state.error = null;
      state.refreshError = null;
      failures = 0;
      schedule();
    } catch (err) {
      if (err && err.name !== "ApiError") throw err;
      if (mine !== seq || stopped) return state.data;
      if (poll && state.data !== null) {
        state.refreshError = err;
        failures += 1;
        if (STOP_ON.has(err.kind)) clear();
        else schedule(Math.min(maxInterval, interval * 2 ** failures));
      } else {
        state.error = err;
        clear();
      }
    } finally {
      if (mine === seq) state.loading = false;
      redraw();
    }
    return state.data;
  }

  const state = {
    query: { ...query },
    data: null,
    error: null,
    refreshError: null,
    loading: false,
    polling: false,
    reload: () => fetch(false),
    set(changes) {
      Object.assign(state.query, changes);
      return fetch(false);
    },
    stop() {
      stopped = true;
      seq += 1;
      clear();
    },
  };
  return state;
}
