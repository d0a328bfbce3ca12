// Build both panels: esbuild with code splitting, content-hashed names, dist/index.html.
//
// Each panel is a small shell (src/main.js) plus one lazily loaded bundle per system: the
// systems' manifests (../apps/*/system.json) name their screens' entry files under
// "interfaces" ({"admin": "section31/src/iam.js", "student": "student/src/iam.js"}), so an app
// adds screens with its own file and one manifest line. Every interface module exports its
// `routes`; the build records each bundle's URL and route patterns in dist/manifest.json,
// which the server reads to tell a panel the interfaces of the systems registered for the
// academy (GET /api/admin/systems/interfaces, /api/student/systems/interfaces).
//
// Usage: node build.mjs [section31|student ...]
import * as esbuild from "esbuild";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.dirname(fileURLToPath(import.meta.url));
const appsDir = path.resolve(root, "..", "apps");
const panels = {
  section31: { title: "TeacherSeat Admin", kind: "admin" },
  student: { title: "TeacherSeat", kind: "student" },
};
const SHELL = "app";

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
const posix = (p) => p.split(path.sep).join("/");

/** {label: {admin?, student?}} from the installed systems' manifests (entry files checked). */
export async function readInterfaces() {
  const found = {};
  for (const dir of (await readdir(appsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = path.join(appsDir, dir, "system.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(await readFile(file, "utf8"));
    if (!manifest.interfaces) continue;
    for (const [kind, entry] of Object.entries(manifest.interfaces)) {
      const resolved = path.resolve(root, entry);
      if (typeof entry !== "string" || path.isAbsolute(entry) || !resolved.startsWith(root + path.sep) || !existsSync(resolved)) {
        throw new Error(`${file}: field 'interfaces.${kind}': ${JSON.stringify(entry)} is not a file under static_frontends`);
      }
      if (manifest.label === SHELL) throw new Error(`${file}: the label '${SHELL}' is the shell's bundle name`);
      (found[manifest.label] ||= {})[kind] = resolved;
    }
  }
  return found;
}

/**
 * The route patterns each interface exports: the entries are bundled for node and imported
 * (their modules only declare components; nothing renders), so the shell can build its route
 * table before any bundle is loaded.
 */
async function interfaceRoutes(entries) {
  if (!Object.keys(entries).length) return {};
  const tmp = await mkdtemp(path.join(os.tmpdir(), "ts-routes-"));
  try {
    const result = await esbuild.build({
      entryPoints: entries,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      outdir: tmp,
      outExtension: { ".js": ".mjs" },
      loader: { ".css": "empty" },
      logLevel: "warning",
      metafile: true,
    });
    globalThis.requestAnimationFrame ??= (fn) => setTimeout(fn, 0);
    const routes = {};
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
      if (!meta.entryPoint) continue;
      const label = path.basename(output, ".mjs");
      const module = await import(pathToFileURL(path.resolve(output)).href);
      const table = module.routes;
      if (!table || typeof table !== "object" || !Object.keys(table).length) {
        throw new Error(`${meta.entryPoint}: an interface must export its routes ({"/path": Component, ...})`);
      }
      for (const pattern of Object.keys(table)) {
        if (!pattern.startsWith("/")) throw new Error(`${meta.entryPoint}: route ${JSON.stringify(pattern)} must start with "/"`);
      }
      routes[label] = Object.keys(table);
    }
    return routes;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The outputs a module statically imports, itself included (what loading it downloads). */
function closure(outputs, start) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file].imports || []) if (imp.kind === "import-statement") visit(imp.path);
  };
  visit(start);
  return seen;
}

const gzipped = async (file) => gzipSync(await readFile(path.resolve(root, file))).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function buildPanel(name, interfaces) {
  const { kind, title } = panels[name];
  const dir = path.join(root, name);
  const dist = path.join(dir, "dist");
  const systems = Object.fromEntries(Object.entries(interfaces).filter(([, kinds]) => kinds[kind]).map(([label, kinds]) => [label, kinds[kind]]));
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, "assets"), { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [SHELL]: path.join(dir, "src", "main.js"), ...systems },
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    target: ["es2020", "chrome90", "firefox90", "safari14"],
    outdir: path.join(dist, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    publicPath: `/${name}/assets/`,
    metafile: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = result.metafile.outputs;
  const relative = (file) => posix(path.relative(dist, path.resolve(root, file)));
  const entryOf = (input) => Object.keys(outputs).find((file) => outputs[file].entryPoint === posix(path.relative(root, input)));

  const shell = entryOf(path.join(dir, "src", "main.js"));
  const shellFiles = closure(outputs, shell);
  const css = outputs[shell].cssBundle ? [outputs[shell].cssBundle] : [];
  const preload = [...shellFiles].filter((file) => file !== shell);
  const routes = await interfaceRoutes(systems);
  const bundles = {};
  const sizes = { shell: 0, interfaces: {} };
  for (const file of [...shellFiles, ...css]) sizes.shell += await gzipped(file);
  for (const [label, input] of Object.entries(systems)) {
    const entry = entryOf(input);
    bundles[label] = { url: `/${name}/${relative(entry)}`, routes: routes[label] };
    let extra = 0;
    for (const file of closure(outputs, entry)) if (!shellFiles.has(file)) extra += await gzipped(file);
    sizes.interfaces[label] = extra;
  }

  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
${css.map((file) => `<link rel="stylesheet" href="/${name}/${relative(file)}">`).join("\n")}
${preload.map((file) => `<link rel="modulepreload" href="/${name}/${relative(file)}">`).join("\n")}
<script type="module" src="/${name}/${relative(shell)}"></script>
</head>
<body>
<div id="app"><p class="boot-loading">Loading…</p></div>
<noscript><p>This application needs JavaScript enabled.</p></noscript>
</body>
</html>
`;
  const manifest = {
    js: [relative(shell)],
    css: css.map(relative),
    preload: preload.map(relative),
    interfaces: bundles,
    gzip_bytes: sizes,
  };
  await writeFile(path.join(dist, "index.html"), html.replace(/\n\n+/g, "\n"));
  await writeFile(path.join(dist, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { name, sizes };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(panels);
const interfaces = await readInterfaces();
for (const name of wanted) {
  if (!panels[name]) throw new Error(`unknown panel ${name}`);
  const { sizes } = await buildPanel(name, interfaces);
  const extras = Object.entries(sizes.interfaces).map(([label, bytes]) => `${label} +${kb(bytes)}`).join(", ");
  console.log(`built ${name}: shell ${kb(sizes.shell)} gzipped (JS+CSS); interfaces: ${extras}`);
}
