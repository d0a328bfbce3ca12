// The catalogue of published courses and a course's page (with Enroll).
// The Content system's student interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { api } from "../../shared/ui/client.js";
import { badge } from "../../shared/ui/format.js";
import { Pagination, SearchBox } from "../../shared/ui/lists.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { Empty, ErrorView } from "../../shared/ui/states.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

const minutes = (n) => (n ? `${n} min` : null);

export const Catalogue = {
  oninit: ({ state }) => {
    state.query = { page: 1, per_page: 12, search: m.route.param("search") || "" };
    state.list = loader(() => api.get(E.catalogue, { query: state.query }));
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Course catalogue" }),
      m(".toolbar", m(SearchBox, { label: "Search courses", placeholder: "Search courses…", value: state.query.search, onsearch: (v) => { state.query.search = v; state.query.page = 1; state.list.reload(); } })),
      view(state.list, (courses) => [
        m(".grid", courses.map((c) =>
          m("article.card.course-card", { key: c.id }, [
            m("h2", m(m.route.Link, { href: `/courses/${c.id}` }, c.title)),
            c.summary ? m("p", c.summary) : null,
            m("p.muted.small", [c.material_count != null ? `${c.material_count} materials` : null, minutes(c.estimated_minutes)].filter(Boolean).join(" · ")),
            (c.tags || []).length ? m(".row", c.tags.map((t) => badge(t, "info"))) : null,
          ]))),
        m(Pagination, { pagination: state.list.pagination, onpage: (p) => { state.query.page = p; state.list.reload(); } }),
      ], { empty: { title: state.query.search ? "No courses match your search." : "No courses are published yet." } }),
    ]),
};

export const CoursePage = {
  oninit: ({ attrs, state }) => {
    state.course = loader(() => api.get(E.course(attrs.id)));
    // my enrollment comes with the outline (404 there just means "not available to me yet")
    state.outline = loader(async () => {
      if (!session.me) return {};
      try {
        return (await api.get(E.outline(attrs.id))).data || {};
      } catch (err) {
        if (err.status === 404 || err.status === 403) return {};
        throw err;
      }
    });
    state.enrolling = false;
    state.error = null;
  },
  view: ({ attrs, state }) =>
    view(state.course, (c) => {
      const enrollment = state.outline.data && state.outline.data.enrollment && state.outline.data.enrollment.current ? state.outline.data.enrollment : null;
      const enroll = async () => {
        if (!session.me) {
          m.route.set("/signin", { next: `/student/courses/${attrs.id}` });
          return;
        }
        state.enrolling = true;
        state.error = null;
        try {
          await api.post(E.enroll(attrs.id), {});
          notify("You are enrolled. Happy learning!");
          m.route.set(`/learn/${attrs.id}`);
        } catch (err) {
          state.error = err;
        } finally {
          state.enrolling = false;
        }
      };
      return m("div", [
        m(PageHeader, { title: c.title, crumbs: m(m.route.Link, { href: "/" }, "Catalogue") },
          enrollment
            ? m(m.route.Link, { href: `/learn/${c.id}`, class: "btn btn-primary" }, "Go to course")
            : m("button.btn.btn-primary", { type: "button", onclick: enroll, disabled: state.enrolling, "data-testid": "enroll" }, state.enrolling ? "Enrolling…" : "Enroll for free")),
        state.error ? m(ErrorView, { error: state.error, retry: enroll }) : null,
        c.summary ? m("p.lead", c.summary) : null,
        c.description_html ? m(".material-body", m.trust(c.description_html)) : null,
        m("h2", "Syllabus"),
        (c.chapters || []).length
          ? m("ol.outline", c.chapters.map((ch) =>
              m("li", { key: ch.id }, [m("h3", ch.title), m("ol", (ch.materials || []).map((mat) => m("li", { key: mat.id }, [badge(mat.kind), " ", mat.title])))])))
          : m(Empty, { title: "The syllabus is being prepared." }),
      ]);
    }),
};

/** The Content interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/": Catalogue,
  "/courses/:id": CoursePage,
};
