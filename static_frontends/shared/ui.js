// Shared Mithril components: layout, states, errors, forms, dialogs, tables, pagination.
import m from "mithril";
import { createClient, signInUrl } from "./api.js";
import { createForm } from "./forms.js";

export const api = createClient({ onSettled: () => m.redraw() });

/** Current path (with query) of the page, for `?next=` return paths. */
export function here() {
  return window.location.pathname + window.location.search;
}

/** A query parameter read from the real URL (Mithril's own parser decodes too early for values
 * that contain "?" or "=", like a ?next= return path with its own query). */
export function queryParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

export function goSignIn() {
  const target = signInUrl(here());
  if (window.location.pathname + window.location.search !== target) window.location.assign(target);
}

// ---------- async data ----------

/** loader(fn): {loading, data, error, pagination, reload()} for a page's GET. */
export function loader(fn, { immediate = true } = {}) {
  const state = {
    loading: false,
    data: null,
    error: null,
    pagination: null,
    async reload() {
      state.loading = true;
      state.error = null;
      try {
        const result = await fn();
        state.data = result && "data" in result ? result.data : result;
        state.pagination = (result && result.pagination) || null;
      } catch (err) {
        if (err && err.name !== "ApiError") throw err;
        state.error = err;
      } finally {
        state.loading = false;
        m.redraw();
      }
      return state.data;
    },
  };
  if (immediate) state.reload();
  return state;
}

/** Render a loader: loading, error, empty or `render(data)`. */
export function view(state, render, { empty = null, isEmpty } = {}) {
  if (state.error) return m(ErrorView, { error: state.error, retry: state.reload });
  if (state.data === null || state.data === undefined) return m(Loading);
  const blank = isEmpty ? isEmpty(state.data) : Array.isArray(state.data) && state.data.length === 0;
  if (blank && empty) return m(Empty, empty);
  return render(state.data);
}

// ---------- notices ----------

const notices = [];
export function notify(text, kind = "ok") {
  const item = { text, kind, id: Math.random() };
  notices.push(item);
  setTimeout(() => {
    const i = notices.indexOf(item);
    if (i >= 0) notices.splice(i, 1);
    m.redraw();
  }, 5000);
  m.redraw();
}
export const Notices = {
  view: () =>
    m(".notices", { role: "status", "aria-live": "polite" },
      notices.slice(-3).map((n) => m(`.notice.notice-${n.kind}`, { key: n.id }, n.text))),
};

// ---------- states ----------

export const Loading = {
  view: ({ attrs }) =>
    m(".loading", { role: "status", "aria-live": "polite" }, [m("span.spinner", { "aria-hidden": "true" }), attrs.label || "Loading…"]),
};

export const Empty = {
  view: ({ attrs, children }) =>
    m(".empty", [m("p.empty-title", attrs.title || "Nothing here yet."), attrs.text ? m("p", attrs.text) : null, attrs.action || null, children]),
};

export const AccessDenied = {
  view: ({ attrs }) =>
    m("section.problem.denied", { "data-testid": "access-denied" }, [
      m("h2", "Access denied"),
      m("p", "You do not have permission to do this."),
      attrs.action ? m("p", ["Missing permission: ", m("code.action", attrs.action)]) : null,
      m("p.muted", "Ask an administrator to grant it to you, or go back."),
      attrs.requestId ? m("p.muted.small", `Request id: ${attrs.requestId}`) : null,
      m("button.btn", { type: "button", onclick: () => window.history.back() }, "Go back"),
    ]),
};

export const NotFound = {
  view: ({ attrs }) =>
    m("section.problem", { "data-testid": "not-found" }, [
      m("h2", "Not found"),
      m("p", attrs.detail || "We could not find what you were looking for."),
      m(m.route.Link, { href: "/", class: "btn" }, "Go to the start page"),
    ]),
};

/** Countdown for 429; calls retry when the user asks after the wait. */
const SlowDown = {
  oninit: ({ attrs, state }) => {
    state.left = attrs.seconds ?? 5;
    state.timer = setInterval(() => {
      state.left = Math.max(0, state.left - 1);
      if (!state.left) clearInterval(state.timer);
      m.redraw();
    }, 1000);
  },
  onremove: ({ state }) => clearInterval(state.timer),
  view: ({ attrs, state }) =>
    m("section.problem.slow", { role: "alert", "data-testid": "rate-limited" }, [
      m("h2", "Slow down"),
      m("p", state.left ? `Too many requests. You can retry in ${state.left} s.` : "You can retry now."),
      attrs.retry ? m("button.btn", { type: "button", disabled: state.left > 0, onclick: attrs.retry }, "Retry") : null,
    ]),
};

/** Whatever went wrong, the right screen for it. */
export const ErrorView = {
  view: ({ attrs }) => {
    const err = attrs.error;
    if (!err) return null;
    switch (err.kind) {
      case "unauthenticated":
        setTimeout(goSignIn, 0);
        return m(Loading, { label: "Your session ended. Taking you to sign in…" });
      case "denied":
        return m(AccessDenied, { action: err.action, requestId: err.requestId });
      case "not_found":
        return m(NotFound, { detail: err.problem.detail });
      case "rate_limited":
        return m(SlowDown, { seconds: err.retryAfter, retry: attrs.retry });
      case "server":
      case "network":
        return m("section.problem", { role: "alert", "data-testid": "retry-error" }, [
          m("h2", err.kind === "network" ? "Connection problem" : "Something went wrong"),
          m("p", err.kind === "network" ? "We could not reach the server. Check your connection." : "The server had a problem handling this request."),
          err.requestId ? m("p.muted.small", `Request id: ${err.requestId}`) : null,
          attrs.retry ? m("button.btn.btn-primary", { type: "button", onclick: attrs.retry }, "Retry") : null,
        ]);
      default:
        return m("section.problem", { role: "alert" }, [m("h2", err.problem.title || "Request failed"), m("p", err.message)]);
    }
  },
};

// ---------- forms ----------

export function fieldId(name) {
  return `f-${String(name).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** A form bound to the DOM: focuses the first invalid field after a validation error. */
export function useForm(initial, options = {}) {
  return createForm(initial, {
    ...options,
    redraw: m.redraw,
    focus: (name) =>
      setTimeout(() => {
        const el = document.getElementById(fieldId(name));
        if (el) el.focus();
      }, 0),
  });
}

/** Labelled input with its errors (aria-invalid + aria-describedby). */
export const Field = {
  view: ({ attrs }) => {
    const { form, name, label, type = "text", hint, options, rows, id: customId, ...rest } = attrs;
    const id = customId || fieldId(name);
    const errors = form.errorsFor(name);
    const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
    const common = {
      id, name,
      "aria-invalid": errors.length ? "true" : undefined,
      "aria-describedby": describedBy,
      ...rest,
    };
    let control;
    if (type === "textarea") {
      control = m("textarea", { rows: rows || 4, oninput: (e) => form.set(name, e.target.value), ...common, value: form.values[name] ?? "" });
    } else if (type === "select") {
      control = m("select", { onchange: (e) => form.set(name, e.target.value), ...common, value: form.values[name] ?? "" },
        options.map((o) => (typeof o === "string" ? m("option", { value: o }, o) : m("option", { value: o.value }, o.label))));
    } else if (type === "checkbox") {
      return m(".field.field-check", [
        m("input", { ...common, type: "checkbox", checked: !!form.values[name], onchange: (e) => form.set(name, e.target.checked) }),
        m("label", { for: id }, label),
        errors.length ? m(".field-error", { id: `${id}-err` }, errors.join(" ")) : null,
      ]);
    } else {
      control = m("input", { oninput: (e) => form.set(name, e.target.value), ...common, type, value: form.values[name] ?? "" });
    }
    return m(".field", { class: errors.length ? "has-error" : "" }, [
      m("label", { for: id }, label),
      hint ? m(".hint", { id: `${id}-hint` }, hint) : null,
      control,
      errors.length ? m(".field-error", { id: `${id}-err`, role: "alert" }, errors.join(" ")) : null,
    ]);
  },
};

/** Form-level messages and non-validation errors for a form. */
export const FormErrors = {
  view: ({ attrs }) => {
    const { form, retry } = attrs;
    return [
      form.formErrors.length ? m(".form-errors", { role: "alert" }, form.formErrors.map((e) => m("p", e))) : null,
      form.error ? m(ErrorView, { error: form.error, retry }) : null,
    ];
  },
};

export const Submit = {
  view: ({ attrs, children }) =>
    m("button.btn.btn-primary", { type: "submit", disabled: attrs.form.busy, "aria-busy": attrs.form.busy ? "true" : undefined, ...(attrs.extra || {}) },
      attrs.form.busy ? attrs.busyLabel || "Working…" : children),
};

// ---------- confirm dialog ----------

let dialog = null;
/** confirmAction(message, {title, confirmLabel, danger}) -> Promise<boolean> */
export function confirmAction(message, options = {}) {
  return new Promise((resolve) => {
    dialog = { message, resolve, opener: document.activeElement, ...options };
    m.redraw();
  });
}
function closeDialog(answer) {
  if (!dialog) return;
  const { resolve, opener } = dialog;
  dialog = null;
  resolve(answer);
  m.redraw();
  if (opener && opener.focus) setTimeout(() => opener.focus(), 0);
}
export const DialogHost = {
  view: () =>
    dialog
      ? m(".dialog-backdrop", { onclick: (e) => e.target === e.currentTarget && closeDialog(false) },
          m(".dialog", {
            role: "alertdialog", "aria-modal": "true", "aria-labelledby": "dialog-title", "aria-describedby": "dialog-msg",
            onkeydown: (e) => {
              if (e.key === "Escape") closeDialog(false);
              if (e.key === "Tab") {
                const buttons = e.currentTarget.querySelectorAll("button");
                const first = buttons[0];
                const last = buttons[buttons.length - 1];
                if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
                else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
              }
            },
          }, [
            m("h2#dialog-title", dialog.title || "Are you sure?"),
            m("p#dialog-msg", dialog.message),
            m(".dialog-actions", [
              m("button.btn", { type: "button", oncreate: (v) => v.dom.focus(), onclick: () => closeDialog(false) }, dialog.cancelLabel || "Cancel"),
              m(`button.btn.${dialog.danger === false ? "btn-primary" : "btn-danger"}`, { type: "button", "data-testid": "confirm", onclick: () => closeDialog(true) }, dialog.confirmLabel || "Confirm"),
            ]),
          ]))
      : null,
};

// ---------- tables and pagination ----------

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

// ---------- layout ----------

// A failed action (button click) that should take over the page: access denied, not found…
let pageError = null;
let pageErrorRoute = null;
export function showError(err) {
  if (err && (err.kind === "unauthenticated")) {
    goSignIn();
    return;
  }
  pageError = err;
  pageErrorRoute = m.route.get();
  m.redraw();
}
export function clearPageError() {
  pageError = null;
}

/** Run an API action from a button: confirm first (optional), notify on success, route errors. */
export async function act(fn, { confirm, confirmLabel, danger = true, done } = {}) {
  if (confirm && !(await confirmAction(confirm, { confirmLabel, danger }))) return undefined;
  try {
    const result = await fn();
    if (done) notify(done);
    return result;
  } catch (err) {
    if (!err || err.name !== "ApiError") throw err;
    if (err.kind === "client" || err.kind === "validation") {
      notify(err.message, "error");
    } else {
      showError(err);
    }
    return undefined;
  }
}

let lastRoute = null;
/** Move focus to the page heading after client-side navigation (screen readers announce it). */
export function focusOnRouteChange() {
  const current = m.route.get();
  if (lastRoute !== null && current !== lastRoute) {
    const target = document.querySelector("main h1") || document.querySelector("main");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
      window.scrollTo(0, 0);
    }
  }
  lastRoute = current;
}

/** Page shell: skip link, header (brand, nav, user menu), main, notices, dialog host. */
export const Shell = {
  oncreate: focusOnRouteChange,
  onupdate: focusOnRouteChange,
  view: ({ attrs, children }) => {
    const { brand, brandHref = "/", nav = [], userMenu = null, sidebar = null } = attrs;
    return m(".shell", { class: sidebar ? "with-sidebar" : "" }, [
      m("a.skip-link", { href: "#main" }, "Skip to content"),
      m("header.topbar", [
        m(m.route.Link, { href: brandHref, class: "brand" }, brand),
        nav.length
          ? m("nav.topnav", { "aria-label": "Main" }, nav.map((item) =>
              m(m.route.Link, {
                href: item.href,
                "aria-current": isActive(item.href) ? "page" : undefined,
              }, item.label)))
          : null,
        m(".spacer"),
        userMenu,
      ]),
      sidebar,
      m("main#main", { tabindex: "-1" },
        pageError && pageErrorRoute === m.route.get()
          ? [m(ErrorView, { error: pageError, retry: () => { pageError = null; } }), m("p", m("button.btn", { type: "button", onclick: () => { pageError = null; } }, "Back to the page"))]
          : children),
      m(Notices),
      m(DialogHost),
    ]);
  },
};

export function isActive(href) {
  const current = m.route.get() || "/";
  if (href === "/") return current === "/";
  return current === href || current.startsWith(`${href}/`) || current.startsWith(`${href}?`);
}

/** A <details> user menu (keyboard accessible natively). */
export const UserMenu = {
  view: ({ attrs }) =>
    m("details.usermenu", [
      m("summary", { "aria-label": `Account menu for ${attrs.name}` }, [m("span.avatar", { "aria-hidden": "true" }, (attrs.name || "?").slice(0, 1).toUpperCase()), m("span.username", attrs.name)]),
      m("ul.menu", attrs.items.map((item) =>
        m("li", item.href
          ? m(item.external ? "a" : m.route.Link, { href: item.href, "data-testid": item.testid }, item.label)
          : m("button", { type: "button", onclick: item.onclick, "data-testid": item.testid }, item.label)))),
    ]),
};

export const PageHeader = {
  view: ({ attrs, children }) =>
    m(".page-header", [m("div", [attrs.crumbs ? m("nav.crumbs", { "aria-label": "Breadcrumb" }, attrs.crumbs) : null, m("h1", attrs.title)]), m(".page-actions", children)]),
};

export function formatDate(value) {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

export function percent(value) {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  return `${Math.round(n <= 1 && n > 0 && !Number.isInteger(n) ? n * 100 : n)}%`;
}

export const Progress = {
  view: ({ attrs }) => {
    const value = Math.max(0, Math.min(100, Math.round(Number(attrs.value) || 0)));
    return m(".progress", { role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value, "aria-label": attrs.label || "Progress" },
      [m(".progress-bar", { style: `width:${value}%` }), m("span.progress-text", `${value}%`)]);
  },
};

export function badge(text, kind = "") {
  return m(`span.badge${kind ? `.badge-${kind}` : ""}`, text);
}
