// Who is signed in (GET me), shared by every screen.
import m from "mithril";
import { api } from "../../shared/ui.js";
import { E } from "./endpoints.js";

export const session = {
  me: null,
  loaded: false,
  loading: null,
  async load(force = false) {
    if (session.loaded && !force) return session.me;
    if (session.loading && !force) return session.loading;
    session.loading = api
      .get(E.me)
      .then((r) => {
        session.me = r.data;
        return session.me;
      })
      .catch((err) => {
        if (err.status !== 401 && err.status !== 403) throw err;
        session.me = null;
        return null;
      })
      .finally(() => {
        session.loaded = true;
        session.loading = null;
        m.redraw();
      });
    return session.loading;
  },
  get user() {
    return session.me ? session.me.user : null;
  },
  async signOut() {
    try {
      await api.post(E.signout, {});
    } finally {
      session.me = null;
      api.resetCsrf();
      m.route.set("/signin");
    }
  },
};

/** The panel-relative path -> absolute /student path for ?next=. */
export function absolute(routePath) {
  return `/student${routePath === "/" ? "/" : routePath}`;
}

/** Route resolver that requires a signed-in user (else /signin?next=...). */
export function requireUser(component) {
  return {
    onmatch: async (args, requestedPath) => {
      let me = null;
      try {
        me = await session.load();
      } catch {
        return component; // the screen's own loader will show the retry state
      }
      if (!me) {
        m.route.set("/signin", { next: absolute(requestedPath || "/") }, { replace: true });
        return new Promise(() => {});
      }
      return component;
    },
  };
}
