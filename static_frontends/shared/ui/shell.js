// The page shell both panels share: skip link, top bar with nav and user menu, main, notices.
import m from "mithril";
import { clearPageError, currentPageError } from "./actions.js";
import { DialogHost } from "./dialog.js";
import { Notices } from "./notices.js";
import { ErrorView } from "./states.js";

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

export function isActive(href) {
  const current = m.route.get() || "/";
  if (href === "/") return current === "/";
  return current === href || current.startsWith(`${href}/`) || current.startsWith(`${href}?`);
}

/** Page shell: skip link, header (brand, nav, user menu), main, notices, dialog host. */
export const Shell = {
  oncreate: focusOnRouteChange,
  onupdate: focusOnRouteChange,
  view: ({ attrs, children }) => {
    const { brand, brandHref = "/", nav = [], userMenu = null, sidebar = null } = attrs;
    const pageError = currentPageError();
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
        pageError
          ? [m(ErrorView, { error: pageError, retry: clearPageError }), m("p", m("button.btn", { type: "button", onclick: clearPageError }, "Back to the page"))]
          : children),
      m(Notices),
      m(DialogHost),
    ]);
  },
};

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
