import { fakeServer, reply, settle } from "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { AUDIT_FILTERS, auditExportUrl, auditQuery, OUTCOME_KIND } from "../src/lib/audit_filters.js";
import { listState } from "../src/lib/lists.js";

const AUDIT = "/api/admin/iam/audit";
const EXPORT = "/api/admin/iam/audit/export.csv";

test("the query keeps only filled filters, trimmed, and the search", () => {
  assert.deepEqual(auditQuery({ ...AUDIT_FILTERS }), {});
  assert.deepEqual(
    auditQuery({ page: 3, per_page: 50, sort: "-at", search: " ", actor: " ann@ ", action: "teacherseat:admin:content:", outcome: "denied", system: "", since: "2024-05-01", until: null }),
    { actor: "ann@", action: "teacherseat:admin:content:", outcome: "denied", since: "2024-05-01" },
  );
  assert.deepEqual(auditQuery({ search: "bulk", system: "sdk_api" }), { search: "bulk", system: "sdk_api" });
});

test("the export URL carries the filters, encoded, without paging or sort", () => {
  assert.equal(auditExportUrl(EXPORT, { page: 2, per_page: 50, sort: "at", ...AUDIT_FILTERS }), EXPORT);
  const url = auditExportUrl(EXPORT, { page: 2, sort: "at", actor: "a+b@x.org", action: "teacherseat:admin:iam:", outcome: "failure", until: "2024-06-30T23:59:59Z" });
  assert.equal(url.split("?")[0], EXPORT);
  const params = new URL(url, "http://x").searchParams;
  assert.deepEqual(Object.fromEntries(params), { actor: "a+b@x.org", action: "teacherseat:admin:iam:", outcome: "failure", until: "2024-06-30T23:59:59Z" });
  assert.ok(!url.includes("a+b"), "the + of an email is percent-encoded");
});

test("outcomes map to badge kinds", () => {
  assert.deepEqual(OUTCOME_KIND, { success: "ok", denied: "danger", failure: "warn" });
});

test("the list sends the filters, and paging and sorting keep them", async () => {
  const calls = fakeServer({ [AUDIT]: reply(200, [], { "X-Pagination": JSON.stringify({ page: 1, per_page: 50, total: 0, total_pages: 0 }) }) });
  const s = listState(AUDIT, { sort: "-at", per_page: 50, filters: { ...AUDIT_FILTERS } });
  await settle();
  assert.equal(calls[0].url, `${AUDIT}?page=1&per_page=50&sort=-at`);
  await s.set({ outcome: "denied", system: "iam" });
  await s.set({ page: 2 });
  await s.set({ sort: "action" });
  const query = Object.fromEntries(new URL(calls.at(-1).url, "http://x").searchParams);
  assert.deepEqual(query, { page: "1", per_page: "50", sort: "action", outcome: "denied", system: "iam" });
  assert.equal(new URL(calls[2].url, "http://x").searchParams.get("page"), "2");
  assert.equal(new URL(calls[2].url, "http://x").searchParams.get("outcome"), "denied");
  assert.equal(auditExportUrl(EXPORT, s.query), `${EXPORT}?outcome=denied&system=iam`);
});

test("the Audit screen links the export to the current filters and notes retention", async () => {
  fakeServer({ [AUDIT]: reply(200, []) });
  const { Audit } = await import("../src/iam.js");
  const vnode = { state: {}, attrs: {} };
  Audit.oninit(vnode);
  await settle();
  await vnode.state.s.set({ actor: "ann", outcome: "success" });
  const nodes = [];
  const walk = (n) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walk);
    nodes.push(n);
    walk(n.children);
    if (n.attrs) walk(n.attrs.toolbar);
  };
  walk(Audit.view(vnode));
  const link = nodes.find((n) => n.tag === "a" && n.attrs && n.attrs["data-testid"] === "audit-export");
  assert.equal(link.attrs.href, `${EXPORT}?actor=ann&outcome=success`);
  assert.ok("download" in link.attrs);
  assert.ok(nodes.some((n) => n.tag === "p" && /cannot be edited or deleted/.test(n.text ?? n.children?.[0]?.children)));
});
