// Button actions: confirm, call the API, notify, and route failures to the right place.
import m from "mithril";
import { goSignIn } from "./client.js";
import { confirmAction } from "./dialog.js";
import { notify } from "./notices.js";

// A failed action that should take over the page (access denied, not found…), on the route
// where it happened; the shell shows it instead of the screen.
let pageError = null;
let pageErrorRoute = null;

export function showError(err) {
  if (err && err.kind === "unauthenticated") {
    goSignIn();
    return;
  }
  pageError = err;
  pageErrorRoute = m.route.get();
  m.redraw();
}

export function clearPageError() {
  pageError = null;
}

/** The error to show instead of the current screen, if any. */
export function currentPageError() {
  return pageError && pageErrorRoute === m.route.get() ? pageError : null;
}

/** Run an API action from a button: confirm first (optional), notify on success, route errors. */
export async function act(fn, { confirm, confirmLabel, danger = true, done } = {}) {
  if (confirm && !(await confirmAction(confirm, { confirmLabel, danger }))) return undefined;
  try {
    const result = await fn();
    if (done) notify(done);
    return result;
  } catch (err) {
    if (!err || err.name !== "ApiError") throw err;
    if (err.kind === "client" || err.kind === "validation") {
      notify(err.message, "error");
    } else {
      showError(err);
    }
    return undefined;
  }
}
