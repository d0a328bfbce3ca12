// Who may open a student screen: everyone ("open"), signed-in people ("user"), or signed-out
// visitors ("guest": sign-in and sign-up send a signed-in person on to ?next).
import m from "mithril";
import { safeNext } from "../../shared/api.js";
import { queryParam } from "../../shared/ui/client.js";
import { session } from "./session.js";

const never = () => new Promise(() => {});

/** The panel-relative path -> absolute /student path for ?next=. */
export function absolute(routePath) {
  return `/student${routePath === "/" ? "/" : routePath}`;
}

async function open(component) {
  await session.load().catch(() => null);
  return component;
}

async function signedIn(component, requestedPath) {
  let me = null;
  try {
    me = await session.load();
  } catch {
    return component; // the screen's own loader will show the retry state
  }
  if (!me) {
    m.route.set("/signin", { next: absolute(requestedPath || "/") }, { replace: true });
    return never();
  }
  return component;
}

async function guestOnly(component) {
  const me = await session.load().catch(() => null);
  if (!me) return component;
  const next = safeNext(queryParam("next"), "/student/");
  if (next.startsWith("/student/") || next === "/student") m.route.set(next.slice("/student".length) || "/", null, { replace: true });
  else window.location.replace(next);
  return never();
}

const GATES = { open, user: signedIn, guest: guestOnly };

/** The `gate` of lazyRoutes: the screen, after the check its route's `access` asks for. */
export function gate(spec, component, requestedPath) {
  return (GATES[spec.access] || open)(component, requestedPath);
}
