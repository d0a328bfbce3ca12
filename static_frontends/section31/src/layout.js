// The admin page layout: the services sidebar (from the menu of registered systems) and the
// user menu around every screen.
import m from "mithril";
import { isActive, Shell, UserMenu } from "../../shared/ui/shell.js";
import { session } from "./session.js";

const PREFIX = "/section31";
/** A menu path (`/section31/iam/users`) as a route of this panel (`/iam/users`). */
export const routeOf = (path) => (path.startsWith(PREFIX) ? path.slice(PREFIX.length) || "/" : path);

/** Menu entries grouped by category, categories in the menu's order. */
export function menuCategories(menu = session.menu) {
  const cats = new Map();
  for (const cat of menu || []) {
    cats.set(cat.category, [...(cats.get(cat.category) || []), ...cat.entries]);
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
