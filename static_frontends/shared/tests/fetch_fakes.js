// Test doubles for fetch, shared by the panels' unit tests (node's test runner).

/** A response as fetch returns it; objects are sent as JSON, strings as they are. */
export function reply(status, body, headers = {}) {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: "X",
    headers: new Headers(headers),
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}
