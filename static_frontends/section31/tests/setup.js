// Browser globals the admin modules touch, for node's test runner. Import it first: Mithril
// reads requestAnimationFrame and window when it is imported.
export const assigned = [];

globalThis.requestAnimationFrame = (fn) => setTimeout(fn, 0);
globalThis.window = {
  location: {
    pathname: "/section31/iam/users",
    search: "?page=2",
    origin: "http://localhost",
    assign: (url) => assigned.push(url),
  },
};

import { reply } from "../../shared/tests/fetch_fakes.js";

export { reply };

/** Route fetches by URL path: {"/api/x": reply | (url, init) => reply}; records the calls. */
export function fakeServer(routes) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    const path = url.split("?")[0];
    const answer = routes[path];
    if (answer === undefined) return reply(404, { code: "route_not_found" });
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(url, init) : answer;
  };
  return calls;
}

/** Let pending promise callbacks run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
