// Dashboard: the academy's key figures first (one request), then per-course analytics.
import m from "mithril";
import { api } from "../../shared/ui/client.js";
import { badge, percent } from "../../shared/ui/format.js";
import { loader } from "../../shared/ui/loader.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

async function optional(fn) {
  try {
    return await fn();
  } catch (err) {
    if (err.status === 403 || err.status === 404) return null;
    throw err;
  }
}

export const Dashboard = {
  oninit: ({ state }) => {
    // Independent loaders: the figures render as soon as their one request answers.
    state.figures = loader(() => optional(() => api.get(E.dashboard)));
    state.courses = loader(async () => {
      const courses = await optional(() => api.get(E.courses, { query: { per_page: 50, sort: "-updated_at" } }));
      const list = courses ? courses.data : [];
      const analytics = (
        await Promise.all(list.filter((c) => c.status === "published").slice(0, 20).map((c) => optional(() => api.get(E.analytics(c.id)))))
      ).filter(Boolean).map((r) => r.data);
      return { total: courses ? (courses.pagination ? courses.pagination.total : list.length) : null, analytics };
    });
  },
  view: ({ state }) => {
    const f = state.figures.data;
    const c = state.courses.data;
    const stat = (label, value, testid) => m(".stat", [m(".value", { "data-testid": testid }, value == null ? "—" : value), m(".label", label)]);
    return m("div", [
      m(PageHeader, { title: "Dashboard" }),
      m("p.muted", ["Welcome, ", session.me.user.name || session.me.user.email, "."]),
      state.figures.error
        ? m("p.banner.banner-warn", "Some figures could not be loaded.")
        : state.figures.loading && !f
          ? m("p.muted", "Loading figures…")
          : m(".stats", [
              stat("Students", f && f.students, "fig-students"),
              stat("Active this week", f && f.active_7d, "fig-active"),
              stat("Enrollments", f && f.enrollments, "fig-enrollments"),
              stat("Completions", f && f.completions, "fig-completions"),
              stat("Courses", c && c.total, "fig-courses"),
            ]),
      state.courses.error
        ? m("p.banner.banner-warn", "Course analytics could not be loaded.")
        : !c
          ? m("p.muted", "Loading course analytics…")
          : c.analytics.length
            ? [
                m("h2", "Published courses"),
                m(".table-wrap", m("table", [
                  m("thead", m("tr", ["Course", "Enrolled", "Active (7 days)", "Completion", "Average score"].map((h) => m("th", { scope: "col" }, h)))),
                  m("tbody", c.analytics.map((a) => m("tr", { key: a.course_id }, [
                    m("td", m(m.route.Link, { href: `/content/courses/${a.course_id}/analytics` }, a.title)),
                    m("td", a.enrolled), m("td", a.active_7d), m("td", percent(a.completion_rate)),
                    m("td", a.average_score == null ? "—" : percent(a.average_score)),
                  ]))),
                ])),
              ]
            : m("p.muted", "No published course analytics yet."),
      m("h2", "Your access"),
      m("p", [session.me.account_owner ? badge("Account owner", "info") : null, " ", `${(session.me.allowed_actions || []).length} admin actions allowed.`]),
    ]);
  },
};
