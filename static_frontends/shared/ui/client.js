// The panels' API client instance and the URL helpers screens use for routing.
import m from "mithril";
import { createClient, signInUrl } from "../api.js";

/** The one API client of a panel: every settled request redraws. */
export const api = createClient({ onSettled: () => m.redraw() });

/** Current path (with query) of the page, for `?next=` return paths. */
export function here() {
  return window.location.pathname + window.location.search;
}

/** A query parameter read from the real URL (Mithril's own parser decodes too early for values
 * that contain "?" or "=", like a ?next= return path with its own query). */
export function queryParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** Send the visitor to sign in, coming back here afterwards. */
export function goSignIn() {
  const target = signInUrl(here());
  if (window.location.pathname + window.location.search !== target) window.location.assign(target);
}
