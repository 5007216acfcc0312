// build.mjs copies the pinned front-end libraries from node_modules into ../static/vendor,
// where //go:embed picks them up. The copies are committed, so building parley needs Go only.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "vendor");
mkdirSync(out, { recursive: true });
const files = [
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["htmx.org/LICENSE", "htmx.LICENSE.txt"],
  ["htmx-ext-sse/dist/sse.min.js", "htmx-sse.min.js"],
];
for (const [src, dst] of files) {
  copyFileSync(join(here, "node_modules", src), join(out, dst));
  console.log(`copied ${src} -> static/vendor/${dst}`);
}
// axe-core is for the browser tests only (web/axe_test.go embeds it); it never reaches the
// binary's assets.
const testdata = join(here, "..", "testdata");
mkdirSync(testdata, { recursive: true });
for (const [src, dst] of [
  ["axe-core/axe.min.js", "axe.min.js"],
  ["axe-core/LICENSE", "axe.LICENSE.txt"],
]) {
  copyFileSync(join(here, "node_modules", src), join(testdata, dst));
  console.log(`copied ${src} -> testdata/${dst}`);
}
