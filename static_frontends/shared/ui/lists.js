// List controls: pagination, sortable column headers, a search box that waits for a pause.
import m from "mithril";

export const Pagination = {
  view: ({ attrs }) => {
    const p = attrs.pagination;
    if (!p || p.total_pages <= 1) return p ? m("p.muted.small", `${p.total} total`) : null;
    return m("nav.pagination", { "aria-label": "Pagination" }, [
      m("button.btn.btn-small", { type: "button", disabled: !p.previous_page, onclick: () => attrs.onpage(p.previous_page) }, "‹ Previous"),
      m("span", `Page ${p.page} of ${p.total_pages} (${p.total} total)`),
      m("button.btn.btn-small", { type: "button", disabled: !p.next_page, onclick: () => attrs.onpage(p.next_page) }, "Next ›"),
    ]);
  },
};

/** Sortable column header: sort is "col" or "-col". */
export function sortHeader(label, column, current, onsort) {
  const active = current === column || current === `-${column}`;
  const desc = current === `-${column}`;
  return m("th", { "aria-sort": active ? (desc ? "descending" : "ascending") : "none", scope: "col" },
    m("button.sort", { type: "button", onclick: () => onsort(active && !desc ? `-${column}` : column) },
      [label, active ? (desc ? " ▼" : " ▲") : ""]));
}

/** Search box that calls onsearch after typing pauses. */
export const SearchBox = {
  view: ({ attrs, state }) =>
    m("form.search", { role: "search", onsubmit: (e) => { e.preventDefault(); attrs.onsearch(state.value ?? attrs.value ?? ""); } }, [
      m("label.visually-hidden", { for: attrs.id || "search" }, attrs.label || "Search"),
      m("input", {
        id: attrs.id || "search", type: "search", placeholder: attrs.placeholder || "Search…", value: state.value ?? attrs.value ?? "",
        oninput: (e) => {
          state.value = e.target.value;
          clearTimeout(state.t);
          state.t = setTimeout(() => attrs.onsearch(state.value), 300);
        },
      }),
    ]),
};
