// Per-system interfaces: each registered system ships its screens as a lazily loaded bundle
// exporting `routes` ({"/iam/users": Component, ...}). The server lists the bundles of the
// systems registered for the academy ([{system, url, routes}]); this module knows which
// system owns which route and imports each bundle once, on the first visit to one of its
// routes. Framework-free (unit tested); the panel shells hand `lazyRoutes` to m.route.

/** Only same-origin absolute paths to a script are imported. */
export function isBundleUrl(url) {
  return typeof url === "string" && /^\/[^/\\]/.test(url) && !url.includes("\\") && /\.m?js$/.test(url);
}

function rank(segment) {
  if (segment === undefined) return -1;
  if (segment.startsWith(":")) return segment.endsWith("...") ? 2 : 1;
  return 0;
}

/** Route patterns, most specific first: a literal segment beats a `:param`, which beats a `:rest...`. */
export function compareRoutes(a, b) {
  const sa = a.split("/").slice(1);
  const sb = b.split("/").slice(1);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const diff = rank(sa[i]) - rank(sb[i]);
    if (diff) return diff;
  }
  return 0;
}

/** A route entry is a component, or {component, access: "open" | "user" | "guest"}. */
export function routeSpec(entry) {
  if (entry && typeof entry === "object" && "component" in entry) {
    return { component: entry.component, access: entry.access || "open" };
  }
  return { component: entry, access: "open" };
}

/**
 * createInterfaces(list, {importer}):
 *  - patterns(): every route the registered systems serve, most specific first
 *  - owner(pattern): the system whose bundle serves it
 *  - load(system): the bundle's module (imported once; a failed import is retried next time)
 *  - resolve(pattern): {component, access} from the owner's `routes`
 * A pattern claimed by two systems stays with the first one listed.
 */
export function createInterfaces(list, { importer = (url) => import(url) } = {}) {
  const bundles = new Map();
  const owners = new Map();
  for (const item of Array.isArray(list) ? list : []) {
    if (!item || typeof item.system !== "string" || !isBundleUrl(item.url)) continue;
    bundles.set(item.system, item.url);
    for (const pattern of item.routes || []) {
      if (typeof pattern === "string" && pattern.startsWith("/") && !owners.has(pattern)) owners.set(pattern, item.system);
    }
  }
  const modules = new Map();

  function load(system) {
    if (!modules.has(system)) {
      const url = bundles.get(system);
      const pending = url ? Promise.resolve().then(() => importer(url)) : Promise.reject(new Error(`no interface bundle for ${system}`));
      pending.catch(() => modules.delete(system));
      modules.set(system, pending);
    }
    return modules.get(system);
  }

  return {
    systems: () => [...bundles.keys()],
    patterns: () => [...owners.keys()].sort(compareRoutes),
    owner: (pattern) => owners.get(pattern) || null,
    load,
    async resolve(pattern) {
      const system = owners.get(pattern);
      if (!system) throw new Error(`no registered interface serves ${pattern}`);
      const module = await load(system);
      const entry = module && module.routes ? module.routes[pattern] : undefined;
      if (!entry) throw new Error(`the ${system} interface does not export the route ${pattern}`);
      return routeSpec(entry);
    },
  };
}

/**
 * Mithril route resolvers for every interface route. On a match the owner's bundle is loaded,
 * its component wrapped once by `wrap` (the same object on every match, so a query change
 * updates the screen instead of remounting it), then passed through `gate(spec, wrapped,
 * requestedPath)` when given (sign-in checks). A bundle that cannot be loaded shows `failed`.
 */
export function lazyRoutes(interfaces, { wrap = (c) => c, gate = null, failed, onerror = () => {} }) {
  const table = {};
  for (const pattern of interfaces.patterns()) {
    let wrapped = null;
    table[pattern] = {
      onmatch: async (args, requestedPath) => {
        let spec;
        try {
          spec = await interfaces.resolve(pattern);
        } catch (err) {
          onerror(err);
          return failed;
        }
        if (!wrapped) wrapped = wrap(spec.component);
        return gate ? gate(spec, wrapped, requestedPath) : wrapped;
      },
    };
  }
  return table;
}
