// Student panel shell: routes under /student (pathname routing). Every screen comes from the
// bundle of the system that owns it (catalogue: content; sign-in, account: iam; courses,
// exams, certificates: learning), loaded on the first visit; only systems registered for the
// academy are offered.
import m from "mithril";
import "../../shared/style.css";
import { createInterfaces, lazyRoutes } from "../../shared/interfaces.js";
import { api } from "../../shared/ui/client.js";
import { ErrorView, Loading, LoadFailed, NotFound } from "../../shared/ui/states.js";
import { E } from "./endpoints.js";
import { page } from "./layout.js";
import { gate } from "./routing.js";
import { session } from "./session.js";

const root = document.getElementById("app");
const boot = { error: null };

const Booting = {
  view: () =>
    m("main.narrow", { id: "main" }, boot.error ? [m("h1", "TeacherSeat"), m(ErrorView, { error: boot.error, retry: start })] : m(Loading)),
};

function studentRoutes(interfaces) {
  const notFound = page(NotFound);
  return {
    ...lazyRoutes(interfaces, { wrap: page, gate, failed: page(LoadFailed), onerror: (err) => console.error(err) }),
    "/:rest...": { onmatch: () => gate({ access: "open" }, notFound) },
  };
}

function start() {
  boot.error = null;
  session.load().catch(() => null); // who is signed in, fetched beside the interfaces
  api.get(E.interfaces).then(
    (response) => {
      m.mount(root, null);
      m.route(root, "/", studentRoutes(createInterfaces(response.data)));
    },
    (err) => {
      if (err && err.name !== "ApiError") throw err;
      boot.error = err;
    },
  );
}

m.route.prefix = "/student";
m.mount(root, Booting);
start();
