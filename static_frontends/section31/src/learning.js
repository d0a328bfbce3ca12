// Students: pick a course, list enrollments with progress, enroll one or many (CSV), revoke.
// The Learning system's admin interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { parseCsv } from "../../shared/forms.js";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate } from "../../shared/ui/format.js";
import { Field, FormErrors, Submit, useForm } from "../../shared/ui/forms.js";
import { loader } from "../../shared/ui/loader.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { EditorForm } from "./lib/editor.js";
import { ListTable, listState } from "./lib/lists.js";
import { courseTabs } from "./lib/tabs.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

export const Students = {
  oninit: ({ state }) => {
    state.s = listState(E.courses, { sort: "title" });
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Students" }),
      m("p.muted", "Choose a course to see its students, their progress, and to enroll or revoke."),
      m(ListTable, {
        state: state.s, searchLabel: "Search courses",
        columns: [
          { label: "Course", sort: "title", render: (c) => m(m.route.Link, { href: `/content/courses/${c.id}/students` }, c.title) },
          { label: "Status", render: (c) => badge(c.status, c.status === "published" ? "ok" : "") },
          { label: "", render: (c) => m(m.route.Link, { href: `/content/courses/${c.id}/students`, class: "btn btn-small", "aria-label": `Students of ${c.title}` }, "Students") },
        ],
      }),
    ]),
};

const statusBadge = (s) => badge(s, s === "active" ? "ok" : s === "revoked" ? "danger" : "warn");

const EnrollOne = {
  oninit: ({ state }) => {
    state.form = useForm({ email: "", expires_at: "" });
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    return m(EditorForm, {
      form, title: "Enroll a student", submitLabel: "Enroll",
      save: (values) => {
        const body = { email: values.email };
        if (values.expires_at) body.expires_at = new Date(values.expires_at).toISOString();
        return api.post(E.enrollments(attrs.courseId), body);
      },
      done: () => `${form.values.email} enrolled.`,
      onsaved: () => {
        form.values.email = "";
        attrs.ondone();
      },
    }, m(".row", { style: "align-items:flex-end" }, [
      m(Field, { form, name: "email", label: "Email of an existing account", type: "email" }),
      m(Field, { form, name: "expires_at", label: "Access until (optional)", type: "date" }),
    ]));
  },
};

/** A bulk-enroll job still being worked on (the worker has not finished it). */
export const importRunning = (job) => !!job && (job.status === "pending" || job.status === "running");

/** The progress bar of a bulk-enroll job: rows done of total, from the job's `progress`. */
export function importProgress(job) {
  const p = (job && job.progress) || {};
  const total = Math.max(0, Number(p.total ?? job?.total_rows) || 0);
  const done = Math.min(total, Math.max(0, Number(p.done ?? job?.processed_rows) || 0));
  const percent = job && job.status === "completed" ? 100 : total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  const text = job && job.status === "pending" && !done ? `Waiting for a worker… 0 / ${total} rows` : `${done} / ${total} rows (${percent}%)`;
  return { value: total ? done : job && job.status === "completed" ? 1 : 0, max: total || 1, percent, text };
}

export const IMPORT_POLL_MS = 1000;
export const IMPORT_RETRY_MS = 3000;

/**
 * Follows one job until it is finished: `fetchJob()` answers the job, `onupdate(job)` gets
 * each answer, `ondone(job)` the finished one. A failed poll is retried more slowly. Returns
 * {start(job), stop()}; starting again (a new upload) drops the previous job's timer.
 */
export function createImportTracker({ fetchJob, onupdate, ondone, timers = globalThis }) {
  let timer = null;
  let current = 0;
  const schedule = (run, ms) => { timer = timers.setTimeout(run, ms); };
  const stop = () => {
    current += 1;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const start = (job) => {
    stop();
    const mine = current;
    onupdate(job);
    if (!importRunning(job)) return ondone(job);
    const poll = async () => {
      timer = null;
      try {
        const next = await fetchJob(job.id);
        if (mine !== current) return;
        onupdate(next);
        if (importRunning(next)) schedule(poll, IMPORT_POLL_MS);
        else ondone(next);
      } catch {
        if (mine === current) schedule(poll, IMPORT_RETRY_MS);
      }
    };
    schedule(poll, IMPORT_POLL_MS);
  };
  return { start, stop };
}

const importBadge = (status) => badge(status, status === "completed" ? "ok" : status === "failed" ? "danger" : "info");

export const ImportReport = {
  view: ({ attrs: { job } }) => {
    const p = importProgress(job);
    return m("div", { "aria-live": "polite", "data-testid": "csv-report" }, [
      m("h3", ["Report ", importBadge(job.status)]),
      importRunning(job)
        ? m(".field", { "data-testid": "csv-progress" }, [
            m("progress", { value: p.value, max: p.max, "aria-label": "Bulk enrollment progress", title: p.text }),
            m("p.muted.small", p.text),
          ])
        : null,
      importRunning(job)
        ? m("p.muted.small", "Rows are processed in the background; you may leave this page.")
        : job.status === "failed"
          ? m("p.field-error", `The import stopped after ${p.text}. The rows before that point were processed.`)
          : null,
      importRunning(job)
        ? null
        : m("p", `${job.total_rows} rows: ${job.enrolled_count} enrolled, ${job.unchanged_count} already enrolled, ${job.error_count} errors.`),
      !importRunning(job) && (job.errors || []).length
        ? m(".table-wrap", m("table", [
            m("thead", m("tr", ["Row", "Email", "Problem"].map((h) => m("th", { scope: "col" }, h)))),
            m("tbody", job.errors.map((r, i) => m("tr", { key: i }, [m("td", r.row), m("td", r.email || "—"), m("td", r.error)]))),
          ]))
        : null,
    ]);
  },
};

const EnrollCsv = {
  oninit: ({ attrs, state }) => {
    state.form = useForm({ csv: "" });
    state.job = null;
    state.tracker = createImportTracker({
      fetchJob: async (id) => (await api.get(E.enrollmentJob(attrs.courseId, id))).data,
      onupdate: (job) => { state.job = job; },
      ondone: () => attrs.ondone(),
    });
  },
  onremove: ({ state }) => state.tracker.stop(),
  view: ({ attrs, state }) => {
    const form = state.form;
    const rows = form.values.csv ? parseCsv(form.values.csv) : [];
    const job = state.job;
    return m("section.card", [
      m("h2", "Enroll from a CSV"),
      m("p.muted.small", "Header row: email[,expires_at][,name] — up to 5000 rows; each row is reported."),
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const r = await form.submit(() => api.post(E.enrollmentJobs(attrs.courseId), { csv: form.values.csv }));
          if (r) state.tracker.start(r.data);
        },
      }, [
        m(FormErrors, { form }),
        m(".field", [m("label", { for: "csv-file" }, "CSV file"), m("input#csv-file", { type: "file", accept: ".csv,text/csv", onchange: async (e) => { const f = e.target.files[0]; if (f) { form.set("csv", await f.text()); m.redraw(); } } })]),
        m(Field, { form, name: "csv", label: "…or paste CSV", type: "textarea", rows: 5, class: "code" }),
        rows.length ? m("p.muted.small", `${rows.length - (/email/i.test(rows[0][0] || "") ? 1 : 0)} student row(s) detected.`) : null,
        m(Submit, { form }, "Start bulk enrollment"),
      ]),
      job ? m(ImportReport, { job }) : null,
    ]);
  },
};

export const CourseStudents = {
  oninit: ({ attrs, state }) => {
    state.course = loader(() => api.get(E.course(attrs.id)));
    state.s = listState(() => E.enrollments(attrs.id), { sort: "-enrolled_at", filters: { status: "" } });
  },
  view: ({ attrs, state }) => {
    const c = state.course.data;
    const total = c ? (c.chapters || []).reduce((n, ch) => n + (ch.materials || []).filter((x) => x.required !== false).length, 0) : 0;
    const reload = () => state.s.list.reload();
    return m("div", [
      m(PageHeader, { title: c ? `Students: ${c.title}` : "Students", crumbs: m(m.route.Link, { href: "/students" }, "Students") }),
      courseTabs(attrs.id),
      m(EnrollOne, { courseId: attrs.id, ondone: reload }),
      m(EnrollCsv, { courseId: attrs.id, ondone: reload }),
      m("h2", "Enrollments"),
      m(ListTable, {
        state: state.s, searchLabel: "Search students",
        toolbar: [
          m("label.visually-hidden", { for: "enr-status" }, "Status"),
          m("select.inline#enr-status", { style: "max-width:180px", value: state.s.query.status, onchange: (e) => state.s.set({ status: e.target.value }) },
            [["", "All"], ["active", "Active"], ["revoked", "Revoked"], ["expired", "Expired"]].map(([v, l]) => m("option", { value: v }, l))),
        ],
        empty: { title: "No students enrolled yet." },
        columns: [
          { label: "Student", sort: "email", render: (e) => [m("div", e.email), e.name ? m("div.muted.small", e.name) : null] },
          { label: "Status", sort: "status", render: (e) => [statusBadge(e.status), " ", badge(e.source)] },
          { label: "Progress", render: (e) => (total ? `${e.completed_materials} / ${total}` : e.completed_materials) },
          { label: "Completed", render: (e) => (e.completed_at ? formatDate(e.completed_at) : "—") },
          { label: "Enrolled", sort: "enrolled_at", render: (e) => formatDate(e.enrolled_at) },
          { label: "Last activity", sort: "last_activity_at", render: (e) => formatDate(e.last_activity_at) },
          { label: "", render: (e) => (e.status === "active" ? m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard("teacherseat:admin:learning:enrollments:revoke"), onclick: () => act(() => api.post(E.enrollmentRevoke(attrs.id, e.id), {}), { confirm: `Revoke ${e.email}'s access to this course?`, confirmLabel: "Revoke", done: "Enrollment revoked." }).then(reload) }, "Revoke") : null) },
        ],
      }),
    ]);
  },
};


/** The Learning interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/students": Students,
  "/content/courses/:id/students": CourseStudents,
};
