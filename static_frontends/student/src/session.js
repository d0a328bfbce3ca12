// Who is signed in (GET me), shared by every screen.
import m from "mithril";
import { api } from "../../shared/ui/client.js";
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
