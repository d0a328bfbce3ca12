import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ApiError, createClient, errorKind, parseRetryAfter, readCookie, withQuery, signInUrl, safeNext,
} from "../api.js";
import { reply } from "./fetch_fakes.js";

const response = reply;

function fakeFetch(replies) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init });
    const next = replies.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  fn.calls = calls;
  return fn;
}

test("GET returns parsed JSON and pagination header", async () => {
  // given a server answering a list with an X-Pagination header
  const fetch = fakeFetch([response(200, [{ id: 1 }], { "X-Pagination": '{"page":2,"total":11}' })]);
  const client = createClient({ fetch, cookies: () => "" });
  // when we GET with a query
  const result = await client.get("/api/x", { query: { page: 2, search: "", sort: null } });
  // then data, pagination and the URL without empty params
  assert.deepEqual(result.data, [{ id: 1 }]);
  assert.deepEqual(result.pagination, { page: 2, total: 11 });
  assert.equal(fetch.calls[0].url, "/api/x?page=2");
  assert.equal(fetch.calls[0].init.headers["X-CSRFToken"], undefined);
});

test("unsafe requests send the CSRF cookie as X-CSRFToken and JSON body", async () => {
  const fetch = fakeFetch([response(201, { ok: true })]);
  const client = createClient({ fetch, cookies: () => "a=1; csrftoken=tok%3D1" });
  const result = await client.post("/api/y", { name: "n" });
  assert.equal(result.status, 201);
  const { init } = fetch.calls[0];
  assert.equal(init.method, "POST");
  assert.equal(init.headers["X-CSRFToken"], "tok=1");
  assert.equal(init.headers["Content-Type"], "application/json");
  assert.equal(init.body, '{"name":"n"}');
});

test("missing CSRF cookie fetches the csrf endpoint first", async () => {
  const fetch = fakeFetch([response(200, { csrf_token: "fromjson" }), response(204)]);
  const client = createClient({ fetch, cookies: () => "" });
  const result = await client.del("/api/z");
  assert.equal(result.data, null);
  assert.equal(fetch.calls[0].url, "/api/student/iam/csrf");
  assert.equal(fetch.calls[1].init.headers["X-CSRFToken"], "fromjson");
});

test("problem+json becomes an ApiError with code, field errors and action", async () => {
  const problem = {
    type: "about:blank", title: "Not allowed", status: 403, code: "action_denied",
    action: "teacherseat:admin:content:courses:delete", request_id: "r1",
  };
  const fetch = fakeFetch([response(403, problem, { "Content-Type": "application/problem+json" })]);
  const client = createClient({ fetch, cookies: () => "" , csrfUrl: null});
  await assert.rejects(client.get("/api/c"), (err) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, "denied");
    assert.equal(err.code, "action_denied");
    assert.equal(err.action, "teacherseat:admin:content:courses:delete");
    assert.equal(err.requestId, "r1");
    return true;
  });
});

test("validation errors are exposed per field", async () => {
  const fetch = fakeFetch([response(400, { status: 400, code: "validation_error", errors: { email: ["taken"] } })]);
  const client = createClient({ fetch, cookies: () => "csrftoken=t" });
  const err = await client.post("/api/u", {}).catch((e) => e);
  assert.equal(err.kind, "validation");
  assert.deepEqual(err.errors, { email: ["taken"] });
});

test("429 carries Retry-After seconds", async () => {
  const fetch = fakeFetch([response(429, { code: "rate_limited" }, { "Retry-After": "17" })]);
  const client = createClient({ fetch, cookies: () => "" });
  const err = await client.get("/api/r").catch((e) => e);
  assert.equal(err.kind, "rate_limited");
  assert.equal(err.retryAfter, 17);
});

test("network failures and non-JSON 5xx bodies become retryable errors", async () => {
  const fetch = fakeFetch([new TypeError("Failed to fetch"), response(502, "<html>bad gateway</html>")]);
  let settled = 0;
  const client = createClient({ fetch, cookies: () => "", onSettled: () => settled++ });
  const net = await client.get("/a").catch((e) => e);
  assert.equal(net.kind, "network");
  assert.equal(net.status, 0);
  const server = await client.get("/b").catch((e) => e);
  assert.equal(server.kind, "server");
  assert.equal(server.status, 502);
  assert.equal(settled, 2);
});

test("errorKind maps statuses", () => {
  assert.equal(errorKind(401), "unauthenticated");
  assert.equal(errorKind(404), "not_found");
  assert.equal(errorKind(409), "client");
  assert.equal(errorKind(400, null), "client");
  assert.equal(errorKind(503), "server");
});

test("parseRetryAfter accepts seconds and HTTP dates", () => {
  assert.equal(parseRetryAfter("5"), 5);
  assert.equal(parseRetryAfter(null), null);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), 30);
  assert.equal(parseRetryAfter("garbage"), null);
});

test("helpers: readCookie, withQuery, signInUrl, safeNext", () => {
  assert.equal(readCookie("x=1; y=2", "y"), "2");
  assert.equal(readCookie("", "y"), null);
  assert.equal(withQuery("/a?b=1", { c: "d e" }), "/a?b=1&c=d+e");
  assert.equal(signInUrl("/section31/iam/users?page=2"), "/student/signin?next=%2Fsection31%2Fiam%2Fusers%3Fpage%3D2");
  assert.equal(safeNext("//evil.com", "/student/"), "/student/");
  assert.equal(safeNext("https://evil.com", "/student/"), "/student/");
  assert.equal(safeNext("/section31/", "/student/"), "/section31/");
});
