// Build both panels: bundle + minify with esbuild, content-hashed names, dist/index.html.
// Usage: node build.mjs [section31|student ...]
import * as esbuild from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const panels = {
  section31: { title: "TeacherSeat Admin" },
  student: { title: "TeacherSeat" },
};

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

async function buildPanel(name) {
  const dir = path.join(root, name);
  const dist = path.join(dir, "dist");
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, "assets"), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: path.join(dir, "src", "main.js") },
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020", "chrome90", "firefox90", "safari14"],
    outdir: path.join(dist, "assets"),
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    publicPath: `/${name}/assets/`,
    metafile: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => path.relative(dist, path.resolve(root, p)).split(path.sep).join("/"));
  const js = outputs.filter((p) => p.endsWith(".js"));
  const css = outputs.filter((p) => p.endsWith(".css"));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<link rel="icon" href="data:,">
<title>${escape(panels[name].title)}</title>
${css.map((href) => `<link rel="stylesheet" href="/${name}/${href}">`).join("\n")}
${js.map((src) => `<script type="module" src="/${name}/${src}"></script>`).join("\n")}
</head>
<body>
<div id="app"><p style="padding:1rem;font-family:system-ui,sans-serif">Loading…</p></div>
<noscript><p>This application needs JavaScript enabled.</p></noscript>
</body>
</html>
`;
  await writeFile(path.join(dist, "index.html"), html);
  await writeFile(path.join(dist, "manifest.json"), JSON.stringify({ js, css }, null, 2));
  return { name, js, css };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(panels);
for (const name of wanted) {
  if (!panels[name]) throw new Error(`unknown panel ${name}`);
  const built = await buildPanel(name);
  console.log(`built ${name}: ${[...built.js, ...built.css].join(", ")}`);
}
