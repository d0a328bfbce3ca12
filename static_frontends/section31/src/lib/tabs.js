// Section tabs under a page header, and the course sections (content and learning share them).
import m from "mithril";
import { isActive } from "../../../shared/ui/shell.js";

export const Tabs = {
  view: ({ attrs }) =>
    m("nav.row", { "aria-label": attrs.label || "Sections", style: "margin-bottom:1rem;border-bottom:1px solid var(--border);padding-bottom:.5rem" },
      attrs.tabs.map((t) => m(m.route.Link, { href: t.href, class: `btn btn-small${isActive(t.href) && (m.route.get() || "").split("?")[0] === t.href ? " btn-primary" : ""}`, "aria-current": (m.route.get() || "").split("?")[0] === t.href ? "page" : undefined }, t.label))),
};

export function courseTabs(id) {
  return m(Tabs, {
    label: "Course sections",
    tabs: [
      { href: `/content/courses/${id}`, label: "Builder" },
      { href: `/content/courses/${id}/settings`, label: "Settings" },
      { href: `/content/courses/${id}/topics`, label: "Topics" },
      { href: `/content/courses/${id}/questions`, label: "Question bank" },
      { href: `/content/courses/${id}/question-sets`, label: "Question sets" },
      { href: `/content/courses/${id}/students`, label: "Students" },
      { href: `/content/courses/${id}/analytics`, label: "Analytics" },
    ],
  });
}
