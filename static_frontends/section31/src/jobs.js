// Jobs: recent background jobs with their progress (refreshed every 2 s while one is pending
// or running), one job's detail, and the dead letters with redrive. The Jobs system's admin
// interface: a lazily loaded bundle (see `routes`). The rules and the polling are
// ./lib/jobs_model.js (unit tested).
import m from "mithril";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate } from "../../shared/ui/format.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { ErrorView } from "../../shared/ui/states.js";
import { createPolledList, hasResult, jobDuration, JOB_STATUSES, jobKind, jobProgress, JOBS, JOBS_API, redriveBody, startedBy } from "./lib/jobs_model.js";
import { session } from "./session.js";

/** Whether the person may do `<resource>:<verb>` of the jobs system. */
export const can = (action) => session.can(`${JOBS}:${action}`);
const hidden = () => typeof document !== "undefined" && !!document.hidden;
const jobHref = (id) => `/jobs/${encodeURIComponent(id)}`;
const clip = (text, max = 140) => (text && text.length > max ? `${text.slice(0, max)}…` : text);

/** A job's progress: a <progress> element (no inline width: CSP) and "done / total (n%)". */
export function progressCell(job) {
  const p = jobProgress(job);
  const attrs = { class: "job-progress", max: p.max, "aria-label": `Progress of ${job.title || job.kind}`, title: p.text };
  if (!p.indeterminate && p.value !== null) attrs.value = p.value;
  return m(".job-progress-cell", [m("progress", attrs), m("span.small", p.text)]);
}

/** What a failed refresh says; a lost session goes to sign in. */
function refreshNote(list) {
  const err = list.refreshError;
  if (!err) return null;
  if (err.kind === "unauthenticated") return m(ErrorView, { error: err });
  return m("p.banner.banner-warn", { role: "status" }, [
    `Could not refresh: ${err.message}. `,
    list.polling ? "Trying again shortly. " : "Auto-refresh stopped. ",
    m("button.btn-link", { type: "button", onclick: () => list.reload() }, "Refresh now"),
  ]);
}

const DeadLetters = {
  oninit: ({ state }) => {
    state.dead = loader(() => api.get(JOBS_API.deadLetters));
  },
  view: ({ attrs, state }) => {
    const redrive = async (ids) => {
      const all = !ids;
      const n = all ? (state.dead.data.items || []).length : ids.length;
      const r = await act(() => api.post(JOBS_API.redrive, redriveBody(ids)), all
        ? { confirm: `Send all ${n} dead letter(s) back to their queues to run again?`, confirmLabel: "Redrive all", danger: false }
        : {});
      if (r) {
        notify(`${r.data.redriven} message(s) sent back to their queue.`);
        state.dead.reload();
        if (attrs.onredrive) attrs.onredrive();
      }
    };
    const mayRedrive = can("dead_letters:redrive");
    const items = (state.dead.data && state.dead.data.items) || [];
    return m("section.card.dead-letters", { "aria-labelledby": "dead-title", "data-testid": "dead-letters" }, [
      m(".row.spread", [
        m("h2#dead-title", "Dead letters"),
        m(".row", [
          m("button.btn.btn-small", { type: "button", disabled: state.dead.loading, onclick: () => state.dead.reload() }, "Refresh"),
          mayRedrive && items.length ? m("button.btn.btn-small.btn-primary", { type: "button", "data-testid": "redrive-all", onclick: () => redrive(null) }, "Redrive all") : null,
        ]),
      ]),
      m("p.muted.small", "Messages a worker could not process after every retry. Redriving sends them back to their queue to run again; tasks are idempotent, so one that partly ran is safe to repeat."),
      view(state.dead, (d) =>
        m(".table-wrap", m("table", [
          m("thead", m("tr", ["Task", "Summary", "Received", "Sent", "Message", ""].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", d.items.map((x) => m("tr", { key: x.message_id }, [
            m("td", { "data-label": "Task" }, [m("code", x.task), m("div.muted.small", x.queue)]),
            m("td", { "data-label": "Summary" }, x.summary || "—"),
            m("td", { "data-label": "Received" }, `${x.received_count}×`),
            m("td", { "data-label": "Sent" }, formatDate(x.sent_at)),
            m("td", { "data-label": "Message", title: x.task_id ? `task ${x.task_id}` : undefined }, m("code.small.break", x.message_id)),
            m("td", mayRedrive ? m("button.btn.btn-small", { type: "button", "aria-label": `Redrive message ${x.message_id}`, onclick: () => redrive([x.message_id]) }, "Redrive") : null),
          ]))),
        ])), { isEmpty: (x) => !(x.items || []).length, empty: { title: "No dead letters.", text: "Every message was processed." } }),
    ]);
  },
};

export const Jobs = {
  oninit: ({ state }) => {
    state.jobs = can("jobs:list")
      ? createPolledList({ load: (query) => api.get(JOBS_API.jobs, { query }), query: { status: "" }, paused: hidden, redraw: () => m.redraw() })
      : null;
    if (state.jobs) state.jobs.reload();
  },
  onremove: ({ state }) => {
    if (state.jobs) state.jobs.stop();
  },
  view: ({ state }) => {
    const list = state.jobs;
    return m("div", [
      m(PageHeader, { title: "Jobs" }, list ? m("button.btn", { type: "button", disabled: list.loading, onclick: () => list.reload() }, "Refresh") : null),
      m("p.muted", "Long-running work such as imports and bulk enrollments. While a job is pending or running this list refreshes every 2 seconds."),
      list
        ? [
            m(".toolbar", [
              m("label.visually-hidden", { for: "jobs-status" }, "Status"),
              m("select.inline.select-filter#jobs-status", { value: list.query.status, onchange: (e) => list.set({ status: e.target.value }) },
                [m("option", { value: "" }, "All statuses"), JOB_STATUSES.map((s) => m("option", { value: s }, s))]),
              list.polling ? m("span.muted.small", { "data-testid": "jobs-polling" }, "Refreshing every 2 s…") : null,
            ]),
            refreshNote(list),
            view(list, (jobs) =>
              m(".table-wrap", m("table", [
                m("thead", m("tr", ["Job", "Status", "Progress", "Failures", "Started by", "Created", "Duration", "Error"].map((h) => m("th", { scope: "col" }, h)))),
                m("tbody", jobs.map((j) => m("tr", { key: j.id }, [
                  m("td", { "data-label": "Job" }, [
                    can("jobs:read") ? m(m.route.Link, { href: jobHref(j.id) }, j.title || j.kind) : j.title || j.kind,
                    m("div.muted.small", m("code", j.kind)),
                  ]),
                  m("td", { "data-label": "Status" }, badge(j.status, jobKind(j.status))),
                  m("td", { "data-label": "Progress" }, progressCell(j)),
                  m("td", { "data-label": "Failures" }, j.failed ? badge(String(j.failed), "danger") : "0"),
                  m("td", { "data-label": "Started by" }, startedBy(j.created_by)),
                  m("td", { "data-label": "Created" }, formatDate(j.created_at)),
                  m("td", { "data-label": "Duration" }, jobDuration(j)),
                  m("td", { "data-label": "Error", title: j.error && j.error.length > 140 ? j.error : undefined }, j.error ? m("span.error-text", clip(j.error)) : "—"),
                ]))),
              ])), { empty: { title: list.query.status ? `No ${list.query.status} jobs.` : "No jobs yet." } }),
          ]
        : null,
      can("dead_letters:list") ? m(DeadLetters, { onredrive: () => list && list.reload() }) : null,
    ]);
  },
};

const fact = (label, value) => m("div", [m("dt.muted.small", label), m("dd", value)]);

export const JobDetail = {
  oninit: ({ attrs, state }) => {
    state.job = createPolledList({ load: () => api.get(JOBS_API.job(attrs.id)), pick: (r) => r.data, paused: hidden, redraw: () => m.redraw() });
    state.job.reload();
  },
  onremove: ({ state }) => state.job.stop(),
  view: ({ state }) => {
    const crumbs = m(m.route.Link, { href: "/jobs" }, "Jobs");
    return view(state.job, (j) =>
      m("div", [
        m(PageHeader, { title: j.title || j.kind, crumbs }, m("button.btn", { type: "button", disabled: state.job.loading, onclick: () => state.job.reload() }, "Refresh")),
        refreshNote(state.job),
        m("section.card", [
          m("dl.facts", [
            fact("Status", badge(j.status, jobKind(j.status))),
            fact("Kind", m("code", j.kind)),
            fact("Failures", j.failed ? badge(String(j.failed), "danger") : "0"),
            fact("Started by", startedBy(j.created_by)),
            fact("Created", formatDate(j.created_at)),
            fact("Started", formatDate(j.started_at)),
            fact("Finished", formatDate(j.finished_at)),
            fact("Duration", jobDuration(j)),
          ]),
          m("h3", "Progress"),
          progressCell(j),
          state.job.polling ? m("p.muted.small", "Refreshing every 2 s while the job runs.") : null,
        ]),
        j.error ? m("section.card", [m("h2", "Error"), m("pre.error-text", j.error)]) : null,
        hasResult(j.result) ? m("section.card", [m("h2", "Result"), m("pre", JSON.stringify(j.result, null, 2))]) : null,
      ]));
  },
};

/** The Jobs interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/jobs": Jobs,
  "/jobs/:id": JobDetail,
};
