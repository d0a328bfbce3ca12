// Admin building blocks: layout with the services sidebar, list screens, JSON editor, pickers.
import m from "mithril";
import { checkJson, locateJsonErrors } from "../../shared/forms.js";
import {
  api, Empty, ErrorView, isActive, loader, Pagination, SearchBox, Shell, sortHeader, UserMenu, view,
} from "../../shared/ui.js";
import { session } from "./session.js";

const PREFIX = "/section31";
export const routeOf = (path) => (path.startsWith(PREFIX) ? path.slice(PREFIX.length) || "/" : path);

/** Extra screens not (yet) in a system manifest menu, shown when the caller may use them. */
const EXTRA = [];

export function menuCategories() {
  const cats = new Map();
  for (const cat of session.menu || []) {
    cats.set(cat.category, [...(cats.get(cat.category) || []), ...cat.entries]);
  }
  for (const extra of EXTRA) {
    const list = cats.get(extra.category) || [];
    if (!list.some((e) => e.path === extra.path) && session.can(extra.permission)) {
      list.push(extra);
      cats.set(extra.category, list);
    }
  }
  return [...cats.entries()];
}

let menuOpen = false;
const Sidebar = {
  view: () =>
    m("nav.sidebar", { "aria-label": "Services", class: menuOpen ? "open" : "", onclick: (e) => { if (e.target.tagName === "A") menuOpen = false; } }, [
      m("button.btn.btn-small.menu-toggle", { type: "button", "aria-expanded": menuOpen ? "true" : "false", onclick: () => (menuOpen = !menuOpen) }, menuOpen ? "✕ Close menu" : "☰ Menu"),
      m("ul", m("li", m(m.route.Link, { href: "/", "aria-current": isActive("/") ? "page" : undefined }, "Dashboard"))),
      menuCategories().map(([category, entries]) => [
        m("h2", category),
        m("ul", entries.map((e) => {
          const href = routeOf(e.path);
          return m("li", { key: e.path }, m(m.route.Link, { href, "aria-current": isActive(href) ? "page" : undefined }, e.name));
        })),
      ]),
    ]),
};

export const Layout = {
  view: ({ children }) => {
    const me = session.me;
    return m(Shell, {
      brand: "TeacherSeat Admin",
      sidebar: m(Sidebar),
      userMenu: me
        ? m(UserMenu, {
            name: me.user.name || me.user.email,
            items: [
              { href: "/student/", label: "Student panel", external: true },
              { href: "/student/account", label: "Account settings", external: true },
              { label: "Sign out", onclick: () => session.signOut(), testid: "menu-signout" },
            ],
          })
        : null,
    }, children);
  },
};

/** m.route component wrapped in the layout, keyed by path for fresh state per URL. */
export function page(component) {
  return { view: (vnode) => m(Layout, m(component, { ...vnode.attrs, key: (m.route.get() || "").split("?")[0] })) };
}

/** Paginated, searchable, sortable list bound to an endpoint. */
export function listState(url, { sort = null, per_page = 25, filters = {} } = {}) {
  const state = {
    query: { page: 1, per_page, sort, search: "", ...filters },
    set(changes) {
      Object.assign(state.query, changes);
      if (!("page" in changes)) state.query.page = 1;
      state.list.reload();
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

/**
 * JSON editor: a textarea with line numbers; syntax errors and server validation errors
 * (keyed by JSON pointer) are shown next to the line they belong to.
 */
export const JsonEditor = {
  view: ({ attrs }) => {
    const { id, label, value, oninput, errors, hint } = attrs;
    const text = value || "";
    const lines = text.split("\n").length;
    const syntax = checkJson(text);
    const located = syntax.ok ? locateJsonErrors(text, errors || {}) : [];
    const bad = new Set(located.map((e) => e.line));
    if (!syntax.ok && syntax.line) bad.add(syntax.line);
    const gutter = [];
    for (let i = 1; i <= lines; i++) gutter.push(m("div", bad.has(i) ? m("span.bad", { title: "error on this line" }, i) : i));
    const errId = `${id}-errors`;
    return m(".field", { class: bad.size ? "has-error" : "" }, [
      m("label", { for: id }, label),
      hint ? m(".hint", hint) : null,
      m(".editor", [
        m(".gutter", { "aria-hidden": "true", id: `${id}-gutter` }, gutter),
        m("textarea.code", {
          id, value: text, spellcheck: false, rows: Math.max(14, lines + 1),
          "aria-invalid": bad.size ? "true" : undefined,
          "aria-describedby": bad.size || !syntax.ok ? errId : undefined,
          oninput: (e) => oninput(e.target.value),
          onscroll: (e) => {
            const g = document.getElementById(`${id}-gutter`);
            if (g) g.scrollTop = e.target.scrollTop;
          },
          onkeydown: (e) => {
            if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && attrs.tabIndent) {
              e.preventDefault();
              const t = e.target;
              const s = t.selectionStart;
              t.setRangeText("  ", s, t.selectionEnd, "end");
              oninput(t.value);
            }
          },
        }),
      ]),
      m("ul.json-errors", { id: errId, role: "alert", "data-testid": "json-errors" }, [
        !syntax.ok ? m("li", `Line ${syntax.line || "?"}: JSON syntax error — ${syntax.message}`) : null,
        located.map((e) => m("li", `Line ${e.line} (${e.pointer || "/"}): ${e.messages.join(" ")}`)),
      ]),
    ]);
  },
};

/** A select of items loaded from a list endpoint, with an action button. */
export const Picker = {
  oninit: ({ attrs, state }) => {
    state.items = loader(() => api.get(attrs.url, { query: { per_page: 100, ...(attrs.query || {}) } }));
    state.value = "";
  },
  view: ({ attrs, state }) => {
    if (state.items.error) return m(ErrorView, { error: state.items.error, retry: state.items.reload });
    const exclude = new Set((attrs.exclude || []).map(String));
    const items = (state.items.data || []).filter((x) => !exclude.has(String(x.id)));
    const id = `pick-${attrs.name}`;
    return m("form.row", {
      onsubmit: async (e) => {
        e.preventDefault();
        if (!state.value) return;
        await attrs.onpick(state.value);
        state.value = "";
      },
    }, [
      m("label.visually-hidden", { for: id }, attrs.label),
      m("select.inline", { id, style: "max-width:320px", value: state.value, onchange: (e) => (state.value = e.target.value) }, [
        m("option", { value: "" }, state.items.data ? `${attrs.label}…` : "Loading…"),
        items.map((x) => m("option", { value: x.id }, attrs.display ? attrs.display(x) : x.name || x.email || x.title)),
      ]),
      m("button.btn", { type: "submit", disabled: !state.value }, attrs.button || "Add"),
    ]);
  },
};

/** Chips list with remove buttons. */
export function chips(items, { onremove, label = (x) => x.name, href }) {
  if (!items || !items.length) return m("p.muted.small", "None.");
  return m("ul.row", { style: "list-style:none;padding:0;margin:0" }, items.map((x) =>
    m("li.badge", { key: x.id ?? x.name, style: "display:inline-flex;gap:.35rem;align-items:center;padding:.25rem .6rem;font-size:.85rem" }, [
      href ? m(m.route.Link, { href: href(x) }, label(x)) : label(x),
      onremove ? m("button.btn-link", { type: "button", "aria-label": `Remove ${label(x)}`, onclick: () => onremove(x) }, "✕") : null,
    ])));
}

export const Tabs = {
  view: ({ attrs }) =>
    m("nav.row", { "aria-label": attrs.label || "Sections", style: "margin-bottom:1rem;border-bottom:1px solid var(--border);padding-bottom:.5rem" },
      attrs.tabs.map((t) => m(m.route.Link, { href: t.href, class: `btn btn-small${isActive(t.href) && (m.route.get() || "").split("?")[0] === t.href ? " btn-primary" : ""}`, "aria-current": (m.route.get() || "").split("?")[0] === t.href ? "page" : undefined }, t.label))),
};

export { Empty };
