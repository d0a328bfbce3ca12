// Route loading of the systems' interfaces (lazily imported screen bundles).
import "./setup.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareRoutes, createInterfaces, isBundleUrl, lazyRoutes, routeSpec } from "../../shared/interfaces.js";
import { routeOf } from "../src/layout.js";

const Users = { view: () => "users" };
const UserDetail = { view: () => "user" };
const Courses = { view: () => "courses" };
const Broken = { view: () => "load failed" };

const LIST = [
  { system: "iam", url: "/section31/assets/iam-A.js", routes: ["/iam/users/:id", "/iam/users", "/iam/users/new"] },
  { system: "content", url: "/section31/assets/content-B.js", routes: ["/content/courses", "/iam/users"] },
];

function importer(modules) {
  const imported = [];
  const fn = async (url) => {
    imported.push(url);
    const module = modules[url];
    if (module instanceof Error) throw module;
    return module;
  };
  fn.imported = imported;
  return fn;
}

const MODULES = {
  "/section31/assets/iam-A.js": { routes: { "/iam/users": Users, "/iam/users/:id": UserDetail, "/iam/users/new": Users } },
  "/section31/assets/content-B.js": { routes: { "/content/courses": { component: Courses, access: "user" } } },
};

test("routes are ordered most specific first, so /new is not taken for an :id", () => {
  const interfaces = createInterfaces(LIST, { importer: importer(MODULES) });
  assert.deepEqual(interfaces.patterns(), ["/iam/users", "/iam/users/new", "/content/courses", "/iam/users/:id"].sort(compareRoutes));
  const order = interfaces.patterns();
  assert.ok(order.indexOf("/iam/users/new") < order.indexOf("/iam/users/:id"));
  assert.ok(compareRoutes("/a/:id", "/:rest...") < 0);
  assert.ok(compareRoutes("/a/b", "/a/:id") < 0);
});

test("a route belongs to the first system that declares it", () => {
  const interfaces = createInterfaces(LIST, { importer: importer(MODULES) });
  assert.equal(interfaces.owner("/iam/users"), "iam");
  assert.equal(interfaces.owner("/content/courses"), "content");
  assert.equal(interfaces.owner("/nope"), null);
});

test("only same-origin script paths are ever imported", () => {
  assert.equal(isBundleUrl("/section31/assets/iam-A.js"), true);
  for (const bad of ["//evil.example/x.js", "https://evil.example/x.js", "/x.css", "x.js", "/\\evil.js", null]) assert.equal(isBundleUrl(bad), false, bad);
  const interfaces = createInterfaces([{ system: "evil", url: "https://evil.example/x.js", routes: ["/x"] }, ...LIST]);
  assert.deepEqual(interfaces.systems(), ["iam", "content"]);
  assert.equal(interfaces.owner("/x"), null);
});

test("a bundle is imported on the first visit to one of its routes, once", async () => {
  const load = importer(MODULES);
  const interfaces = createInterfaces(LIST, { importer: load });
  assert.deepEqual(load.imported, []);
  assert.equal((await interfaces.resolve("/iam/users")).component, Users);
  assert.equal((await interfaces.resolve("/iam/users/:id")).component, UserDetail);
  assert.deepEqual(load.imported, ["/section31/assets/iam-A.js"]);
  assert.deepEqual(await interfaces.resolve("/content/courses"), { component: Courses, access: "user" });
  assert.deepEqual(load.imported, ["/section31/assets/iam-A.js", "/section31/assets/content-B.js"]);
});

test("a failed import is tried again on the next visit", async () => {
  const modules = { ...MODULES, "/section31/assets/iam-A.js": new TypeError("Failed to fetch dynamically imported module") };
  const load = importer(modules);
  const interfaces = createInterfaces(LIST, { importer: load });
  await assert.rejects(interfaces.resolve("/iam/users"), /Failed to fetch/);
  modules["/section31/assets/iam-A.js"] = MODULES["/section31/assets/iam-A.js"];
  assert.equal((await interfaces.resolve("/iam/users")).component, Users);
  assert.equal(load.imported.length, 2);
});

test("a route the bundle does not export is an error, not a blank screen", async () => {
  const interfaces = createInterfaces([{ system: "iam", url: "/section31/assets/iam-A.js", routes: ["/iam/ghost"] }], { importer: importer(MODULES) });
  await assert.rejects(interfaces.resolve("/iam/ghost"), /does not export the route \/iam\/ghost/);
  await assert.rejects(interfaces.resolve("/unknown"), /no registered interface/);
});

test("route resolvers load lazily, wrap once, and show `failed` when a bundle cannot load", async () => {
  const modules = { ...MODULES, "/section31/assets/content-B.js": new TypeError("offline") };
  const wraps = [];
  const errors = [];
  const table = lazyRoutes(createInterfaces(LIST, { importer: importer(modules) }), {
    wrap: (component) => {
      const wrapped = { wrapped: component };
      wraps.push(wrapped);
      return wrapped;
    },
    failed: Broken,
    onerror: (err) => errors.push(err.message),
  });
  assert.deepEqual(Object.keys(table).sort(), ["/content/courses", "/iam/users", "/iam/users/:id", "/iam/users/new"]);
  const first = await table["/iam/users"].onmatch({}, "/iam/users");
  const again = await table["/iam/users"].onmatch({ search: "x" }, "/iam/users?search=x");
  assert.equal(first.wrapped, Users);
  assert.equal(again, first); // same component: a query change updates the screen, keeps its state
  assert.equal(await table["/content/courses"].onmatch({}, "/content/courses"), Broken);
  assert.deepEqual(errors, ["offline"]);
});

test("a gate sees the route's access and the requested path", async () => {
  const seen = [];
  const table = lazyRoutes(createInterfaces(LIST, { importer: importer(MODULES) }), {
    gate: (spec, component, requestedPath) => {
      seen.push([spec.access, requestedPath]);
      return spec.access === "user" ? new Promise(() => {}) : component;
    },
  });
  assert.equal(await table["/iam/users"].onmatch({}, "/iam/users"), Users);
  const pending = table["/content/courses"].onmatch({}, "/content/courses?page=2");
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, [["open", "/iam/users"], ["user", "/content/courses?page=2"]]);
  assert.ok(pending instanceof Promise);
  assert.deepEqual(routeSpec(Users), { component: Users, access: "open" });
});

test("every admin menu entry is a route its own system's interface exports", async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const apps = path.resolve(here, "..", "..", "..", "apps");
  let checked = 0;
  for (const dir of await readdir(apps)) {
    let manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(apps, dir, "system.json"), "utf8"));
    } catch {
      continue;
    }
    const entry = manifest.interfaces && manifest.interfaces.admin;
    if (!entry) {
      assert.deepEqual(manifest.menu || [], [], `${dir} has menu entries but no admin interface`);
      continue;
    }
    const { routes } = await import(path.resolve(here, "..", "..", entry));
    for (const item of manifest.menu || []) {
      assert.ok(routes[routeOf(item.path)], `${dir}: menu entry ${item.path} has no screen in ${entry}`);
      checked++;
    }
  }
  assert.ok(checked >= 9, `only ${checked} menu entries checked`);
});
