// The signed-in staff member, their allowed actions, the services menu and the interfaces
// (screen bundles) of the systems registered for the academy.
import m from "mithril";
import { api, goSignIn } from "../../shared/ui/client.js";
import { E } from "./endpoints.js";

export const session = {
  me: null,
  menu: [],
  menuError: null,
  interfaces: [],
  error: null,
  ready: false,
  async boot() {
    session.error = null;
    try {
      session.me = (await api.get(E.me)).data;
    } catch (err) {
      if (err.status === 401 || err.status === 403) {
        goSignIn();
        return;
      }
      session.error = err;
      m.redraw();
      return;
    }
    if (session.me.admin_panel_access) {
      const [menu, interfaces] = await Promise.allSettled([api.get(E.services), api.get(E.interfaces)]);
      // a menu that failed to load leaves the screens usable; without interfaces there are none
      session.menu = menu.status === "fulfilled" ? menu.value.data || [] : [];
      session.menuError = menu.status === "rejected" ? menu.reason : null;
      if (interfaces.status === "rejected") {
        if (interfaces.reason && interfaces.reason.name !== "ApiError") throw interfaces.reason;
        session.error = interfaces.reason;
        m.redraw();
        return;
      }
      session.interfaces = interfaces.value.data || [];
    }
    session.ready = true;
    m.redraw();
  },
  /** Whether the caller may perform an action (from `me.allowed_actions`; owners may do all). */
  can(action) {
    if (!session.me) return false;
    if (session.me.account_owner) return true;
    const list = session.me.allowed_actions || [];
    return list.includes(action) || list.includes("*");
  },
  /**
   * Attributes for a control that performs `action`: when the caller may not, it is disabled
   * and says why on hover (`title`: "You need <action>"). Spread into the button's attrs.
   */
  guard(action) {
    return session.can(action) ? {} : { disabled: true, title: `You need ${action}` };
  },
  async signOut() {
    try {
      await api.post(E.signout, {});
    } finally {
      window.location.assign("/student/signin");
    }
  },
};
