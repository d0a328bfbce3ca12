// The signed-in staff member, their allowed actions and the services menu.
import m from "mithril";
import { api, goSignIn } from "../../shared/ui.js";
import { E } from "./endpoints.js";

export const session = {
  me: null,
  menu: [],
  error: null,
  ready: false,
  async boot() {
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
      try {
        session.menu = (await api.get(E.services)).data || [];
      } catch (err) {
        session.menu = [];
        session.menuError = err;
      }
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
  async signOut() {
    try {
      await api.post(E.signout, {});
    } finally {
      window.location.assign("/student/signin");
    }
  },
};
