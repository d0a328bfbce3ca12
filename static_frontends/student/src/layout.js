import m from "mithril";
import { Shell, UserMenu } from "../../shared/ui/shell.js";
import { session } from "./session.js";

/** Student page layout: top nav + user menu (with the Admin link for staff). */
export const Layout = {
  view: ({ children }) => {
    const me = session.me;
    const nav = me
      ? [
          { href: "/", label: "Catalogue" },
          { href: "/my-courses", label: "My courses" },
          { href: "/certificates", label: "Certificates" },
        ]
      : [{ href: "/", label: "Catalogue" }];
    let userMenu;
    if (me) {
      const items = [{ href: "/account", label: "Account settings", testid: "menu-account" }];
      if (me.admin_panel_access) items.push({ href: "/section31/", label: "Admin", external: true, testid: "menu-admin" });
      items.push({ label: "Sign out", onclick: () => session.signOut(), testid: "menu-signout" });
      userMenu = m(UserMenu, { name: me.user.name || me.user.email, items });
    } else {
      userMenu = m(".row", [
        m(m.route.Link, { href: "/signin", class: "btn btn-small" }, "Sign in"),
        m(m.route.Link, { href: "/signup", class: "btn btn-small btn-primary" }, "Sign up"),
      ]);
    }
    return m(Shell, { brand: "TeacherSeat", nav, userMenu }, children);
  },
};

/** Wrap a screen component in the layout for m.route. */
export function page(component) {
  // keyed by path: a new id in the URL gives a fresh screen (fresh loaders, focus handling)
  return { view: (vnode) => m(Layout, m(component, { ...vnode.attrs, key: (m.route.get() || "").split("?")[0] })) };
}
