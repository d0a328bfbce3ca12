// Loading, empty and error views: whatever went wrong, the right screen for it.
import m from "mithril";
import { goSignIn } from "./client.js";

export const Loading = {
  view: ({ attrs }) =>
    m(".loading", { role: "status", "aria-live": "polite" }, [m("span.spinner", { "aria-hidden": "true" }), attrs.label || "Loading…"]),
};

export const Empty = {
  view: ({ attrs, children }) =>
    m(".empty", [m("p.empty-title", attrs.title || "Nothing here yet."), attrs.text ? m("p", attrs.text) : null, attrs.action || null, children]),
};

/** What the 403 screen says: who denied it (when the caller may see policies), or what is missing. */
export function denialText(denial) {
  if (denial && denial.reason === "explicit_deny") {
    const names = (denial.statements || []).map((s) => (s.sid ? `${s.policy} (statement ${s.sid})` : s.policy));
    return { lead: "Denied: ", names, hint: "An explicit Deny wins over any Allow; change or detach that policy to allow it." };
  }
  if (denial && denial.reason === "not_granted") {
    return { lead: "Not granted: ", names: [], hint: "No policy attached to you (or your groups and roles) allows it." };
  }
  return { lead: "Missing permission: ", names: [], hint: "Ask an administrator to grant it to you, or go back." };
}

export const AccessDenied = {
  view: ({ attrs }) => {
    const text = denialText(attrs.denial);
    return m("section.problem.denied", { "data-testid": "access-denied" }, [
      m("h2", "Access denied"),
      m("p", "You do not have permission to do this."),
      attrs.action ? m("p", [text.lead, m("code.action", attrs.action)]) : null,
      text.names.length ? m("p", { "data-testid": "denied-by" }, ["Decided by ", text.names.map((n, i) => [i ? ", " : "", m("strong", n)])]) : null,
      m("p.muted", text.hint),
      attrs.requestId ? m("p.muted.small", `Request id: ${attrs.requestId}`) : null,
      m("button.btn", { type: "button", onclick: () => window.history.back() }, "Go back"),
    ]);
  },
};

export const NotFound = {
  view: ({ attrs }) =>
    m("section.problem", { "data-testid": "not-found" }, [
      m("h2", "Not found"),
      m("p", attrs.detail || "We could not find what you were looking for."),
      m(m.route.Link, { href: "/", class: "btn" }, "Go to the start page"),
    ]),
};

/** Countdown for 429; calls retry when the user asks after the wait. */
const SlowDown = {
  oninit: ({ attrs, state }) => {
    state.left = attrs.seconds ?? 5;
    state.timer = setInterval(() => {
      state.left = Math.max(0, state.left - 1);
      if (!state.left) clearInterval(state.timer);
      m.redraw();
    }, 1000);
  },
  onremove: ({ state }) => clearInterval(state.timer),
  view: ({ attrs, state }) =>
    m("section.problem.slow", { role: "alert", "data-testid": "rate-limited" }, [
      m("h2", "Slow down"),
      m("p", state.left ? `Too many requests. You can retry in ${state.left} s.` : "You can retry now."),
      attrs.retry ? m("button.btn", { type: "button", disabled: state.left > 0, onclick: attrs.retry }, "Retry") : null,
    ]),
};

/** Whatever went wrong, the right screen for it. */
export const ErrorView = {
  view: ({ attrs }) => {
    const err = attrs.error;
    if (!err) return null;
    switch (err.kind) {
      case "unauthenticated":
        setTimeout(goSignIn, 0);
        return m(Loading, { label: "Your session ended. Taking you to sign in…" });
      case "denied":
        return m(AccessDenied, { action: err.action, denial: err.problem && err.problem.denial, requestId: err.requestId });
      case "not_found":
        return m(NotFound, { detail: err.problem.detail });
      case "rate_limited":
        return m(SlowDown, { seconds: err.retryAfter, retry: attrs.retry });
      case "server":
      case "network":
        return m("section.problem", { role: "alert", "data-testid": "retry-error" }, [
          m("h2", err.kind === "network" ? "Connection problem" : "Something went wrong"),
          m("p", err.kind === "network" ? "We could not reach the server. Check your connection." : "The server had a problem handling this request."),
          err.requestId ? m("p.muted.small", `Request id: ${err.requestId}`) : null,
          attrs.retry ? m("button.btn.btn-primary", { type: "button", onclick: attrs.retry }, "Retry") : null,
        ]);
      default:
        return m("section.problem", { role: "alert" }, [m("h2", err.problem.title || "Request failed"), m("p", err.message)]);
    }
  },
};

/** A screen's code could not be downloaded (offline, or a new release replaced it). */
export const LoadFailed = {
  view: () =>
    m("section.problem", { role: "alert", "data-testid": "load-failed" }, [
      m("h2", "This screen could not be loaded"),
      m("p", "Check your connection, then reload the page."),
      m("button.btn.btn-primary", { type: "button", onclick: () => window.location.reload() }, "Reload"),
    ]),
};
