import { assigned, fakeServer, reply } from "./setup.js";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { session } from "../src/session.js";

const ME = "/api/student/iam/me";
const SERVICES = "/api/admin/systems/services";
const INTERFACES = "/api/admin/systems/interfaces";
const staff = (extra = {}) => ({ user: { email: "s@example.com" }, admin_panel_access: true, allowed_actions: [], ...extra });

beforeEach(() => {
  Object.assign(session, { me: null, menu: [], menuError: null, interfaces: [], error: null, ready: false });
  assigned.length = 0;
});

test("can: nobody signed in may do nothing", () => {
  assert.equal(session.can("teacherseat:admin:iam:users:list"), false);
});

test("can: exactly the allowed actions, everything with '*' or as account owner", () => {
  session.me = staff({ allowed_actions: ["teacherseat:admin:iam:users:list"] });
  assert.equal(session.can("teacherseat:admin:iam:users:list"), true);
  assert.equal(session.can("teacherseat:admin:iam:users:create"), false);
  assert.equal(session.can("teacherseat:admin:iam:users"), false); // no prefix matching
  session.me = staff({ allowed_actions: ["*"] });
  assert.equal(session.can("teacherseat:admin:content:courses:delete"), true);
  session.me = staff({ account_owner: true });
  assert.equal(session.can("anything:at:all:x:y"), true);
});

test("boot: me, then the menu and the interfaces side by side", async () => {
  const menu = [{ category: "Identity", entries: [{ name: "Users", path: "/section31/iam/users" }] }];
  const interfaces = [{ system: "iam", url: "/section31/assets/iam-X.js", routes: ["/iam/users"] }];
  const calls = fakeServer({ [ME]: reply(200, staff()), [SERVICES]: reply(200, menu), [INTERFACES]: reply(200, interfaces) });
  await session.boot();
  assert.equal(session.ready, true);
  assert.deepEqual(session.menu, menu);
  assert.deepEqual(session.interfaces, interfaces);
  assert.deepEqual(calls.map((c) => c.url), [ME, SERVICES, INTERFACES]);
});

test("boot: signed out goes to sign in and comes back here", async () => {
  fakeServer({ [ME]: reply(401, { code: "not_authenticated" }) });
  await session.boot();
  assert.equal(session.ready, false);
  assert.deepEqual(assigned, ["/student/signin?next=%2Fsection31%2Fiam%2Fusers%3Fpage%3D2"]);
});

test("boot: staff without panel access load no menu and no interfaces", async () => {
  const calls = fakeServer({ [ME]: reply(200, staff({ admin_panel_access: false })) });
  await session.boot();
  assert.equal(session.ready, true);
  assert.deepEqual(calls.map((c) => c.url), [ME]);
});

test("boot: a menu that fails leaves the panel usable", async () => {
  fakeServer({ [ME]: reply(200, staff()), [SERVICES]: reply(503, {}), [INTERFACES]: reply(200, []) });
  await session.boot();
  assert.equal(session.ready, true);
  assert.deepEqual(session.menu, []);
  assert.equal(session.menuError.kind, "server");
});

test("boot: without interfaces the panel shows the error (and can retry)", async () => {
  fakeServer({ [ME]: reply(200, staff()), [SERVICES]: reply(200, []), [INTERFACES]: new TypeError("Failed to fetch") });
  await session.boot();
  assert.equal(session.ready, false);
  assert.equal(session.error.kind, "network");
  fakeServer({ [ME]: reply(200, staff()), [SERVICES]: reply(200, []), [INTERFACES]: reply(200, []) });
  await session.boot();
  assert.equal(session.ready, true);
  assert.equal(session.error, null);
});

test("guard: a control the caller may not use is disabled and says which action it needs", () => {
  session.me = staff({ allowed_actions: ["teacherseat:admin:content:courses:delete"] });
  assert.deepEqual(session.guard("teacherseat:admin:content:courses:delete"), {});
  assert.deepEqual(session.guard("teacherseat:admin:iam:users:delete"), {
    disabled: true,
    title: "You need teacherseat:admin:iam:users:delete",
  });
  session.me = staff({ account_owner: true });
  assert.deepEqual(session.guard("teacherseat:admin:iam:users:delete"), {});
});
