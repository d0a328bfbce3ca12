// Admin panel (section31) shell: routes under /section31 (pathname routing). The shell holds
// only the dashboard; every system's screens come from its own bundle, loaded on the first
// visit to one of its routes, and only systems registered for the academy are offered.
import m from "mithril";
import "../../shared/style.css";
import { createInterfaces, lazyRoutes } from "../../shared/interfaces.js";
import { ErrorView, Loading, LoadFailed, NotFound } from "../../shared/ui/states.js";
import { Dashboard } from "./dashboard.js";
import { page } from "./layout.js";
import { session } from "./session.js";

const root = document.getElementById("app");

const NoAccess = {
  view: () =>
    m("main.narrow", { id: "main" }, [
      m("h1", "No admin access"),
      m("p", "Your account does not have access to the admin panel. Ask an account owner to grant it."),
      m("a.btn.btn-primary", { href: "/student/" }, "Go to the student panel"),
    ]),
};

const Booting = {
  view: () =>
    session.error
      ? m("main.narrow", { id: "main" }, [m("h1", "TeacherSeat Admin"), m(ErrorView, { error: session.error, retry: start })])
      : m("main.narrow", { id: "main" }, m(Loading, { label: "Loading the admin panel…" })),
};

/** The route table: the dashboard, every registered system's screens, then "not found". */
function adminRoutes(interfaces) {
  return {
    "/": page(Dashboard),
    ...lazyRoutes(interfaces, { wrap: page, failed: page(LoadFailed), onerror: (err) => console.error(err) }),
    "/:rest...": page(NotFound),
  };
}

function start() {
  session.boot().then(() => {
    if (!session.ready) return;
    if (!session.me.admin_panel_access) {
      m.mount(root, NoAccess);
      return;
    }
    m.mount(root, null);
    m.route(root, "/", adminRoutes(createInterfaces(session.interfaces)));
  });
}

m.route.prefix = "/section31";
m.mount(root, Booting);
start();
