import { fakeServer, reply, settle } from "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { listState } from "../src/lib/lists.js";

const USERS = "/api/admin/iam/users";
const page = (n, total) => ({ page: n, per_page: 2, total, total_pages: Math.ceil(total / 2), next_page: n * 2 < total ? n + 1 : null, previous_page: n > 1 ? n - 1 : null });

function usersServer() {
  return fakeServer({
    [USERS]: (url) => {
      const query = new URL(url, "http://x").searchParams;
      const n = Number(query.get("page"));
      return reply(200, [{ id: n }], { "X-Pagination": JSON.stringify(page(n, 5)) });
    },
  });
}

test("a list loads its first page with its sort and filters, empty ones left out", async () => {
  const calls = usersServer();
  const s = listState(USERS, { sort: "email", per_page: 2, filters: { status: "" } });
  await settle();
  assert.equal(calls[0].url, `${USERS}?page=1&per_page=2&sort=email`);
  assert.deepEqual(s.list.data, [{ id: 1 }]);
  assert.equal(s.list.pagination.total, 5);
  assert.equal(s.list.loading, false);
});

test("paging keeps the query; searching, sorting and filtering go back to page 1", async () => {
  const calls = usersServer();
  const s = listState(USERS, { sort: "email", per_page: 2, filters: { status: "" } });
  await settle();
  await s.set({ page: 3 });
  assert.equal(s.query.page, 3);
  assert.deepEqual(s.list.data, [{ id: 3 }]);
  await s.set({ search: "ann" });
  assert.equal(s.query.page, 1);
  await s.set({ page: 2 });
  await s.set({ sort: "-email", status: "suspended" });
  assert.equal(calls.at(-1).url, `${USERS}?page=1&per_page=2&sort=-email&search=ann&status=suspended`);
});

test("a URL function is read at each load (ids from the route)", async () => {
  let id = 1;
  const calls = fakeServer({ "/a/1": reply(200, []), "/a/2": reply(200, []) });
  const s = listState(() => `/a/${id}`);
  await settle();
  id = 2;
  await s.set({ page: 1 });
  assert.deepEqual(calls.map((c) => c.url.split("?")[0]), ["/a/1", "/a/2"]);
});

test("a failed load keeps the error for the screen and clears it on the next success", async () => {
  fakeServer({ [USERS]: reply(429, { code: "rate_limited" }, { "Retry-After": "3" }) });
  const s = listState(USERS);
  await settle();
  assert.equal(s.list.error.kind, "rate_limited");
  assert.equal(s.list.error.retryAfter, 3);
  assert.equal(s.list.data, null);
  usersServer();
  await s.list.reload();
  assert.equal(s.list.error, null);
  assert.deepEqual(s.list.data, [{ id: 1 }]);
});
