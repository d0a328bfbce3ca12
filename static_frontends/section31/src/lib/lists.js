// List screens: a paginated, searchable, sortable list bound to an endpoint, and its table.
import m from "mithril";
import { api } from "../../../shared/ui/client.js";
import { Pagination, SearchBox, sortHeader } from "../../../shared/ui/lists.js";
import { loader, view } from "../../../shared/ui/loader.js";

/**
 * listState(url, {sort, per_page, filters}): {query, list, set(changes)}.
 * `url` may be a function (ids from the route). Any change but a page change goes back to
 * page 1; every change reloads.
 */
export function listState(url, { sort = null, per_page = 25, filters = {} } = {}) {
  const state = {
    query: { page: 1, per_page, sort, search: "", ...filters },
    set(changes) {
      Object.assign(state.query, changes);
      if (!("page" in changes)) state.query.page = 1;
      return state.list.reload();
    },
  };
  state.list = loader(() => api.get(typeof url === "function" ? url() : url, { query: state.query }));
  return state;
}

/**
 * ListTable: columns [{label, sort?, render(row)}]; state from listState.
 */
export const ListTable = {
  view: ({ attrs }) => {
    const { state, columns, empty, rowKey = (r) => r.id, search = true, toolbar = null, caption } = attrs;
    return [
      m(".toolbar", [
        search ? m(SearchBox, { id: attrs.searchId || "search", label: attrs.searchLabel || "Search", value: state.query.search, onsearch: (v) => state.set({ search: v }) }) : null,
        toolbar,
      ]),
      view(state.list, (rows) => [
        m(".table-wrap", m("table", [
          caption ? m("caption.visually-hidden", caption) : null,
          m("thead", m("tr", columns.map((c) => (c.sort ? sortHeader(c.label, c.sort, state.query.sort, (s) => state.set({ sort: s })) : m("th", { scope: "col" }, c.label))))),
          m("tbody", rows.map((row) => m("tr", { key: rowKey(row) }, columns.map((c) => m("td", { "data-label": c.label }, c.render(row)))))),
        ])),
        m(Pagination, { pagination: state.list.pagination, onpage: (p) => state.set({ page: p }) }),
      ], { empty: empty || { title: state.query.search ? "Nothing matches your search." : "Nothing here yet." } }),
    ];
  },
};
