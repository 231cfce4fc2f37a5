// Copies only the files Accord serves from node_modules into a git-ignored static folder,
// so collectstatic never walks all of node_modules.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "accord", "core", "static", "vendor");
const files = [
  ["@picocss/pico/css/pico.min.css", "pico/pico.min.css"],
  // The searchable multi-select (accord.js loads it only on pages with a data-searchable select).
  // Each .map goes along: the minified files name it, and manifest storage wants it present.
  ["tom-select/dist/js/tom-select.popular.min.js", "tom-select/tom-select.popular.min.js"],
  ["tom-select/dist/js/tom-select.popular.min.js.map", "tom-select/tom-select.popular.min.js.map"],
  ["tom-select/dist/css/tom-select.min.css", "tom-select/tom-select.min.css"],
  ["tom-select/dist/css/tom-select.min.css.map", "tom-select/tom-select.min.css.map"],
];

for (const [from, to] of files) {
  const dest = join(target, to);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(join(root, "node_modules", from), dest);
}
console.log(`copied ${files.length} asset(s) into accord/core/static/vendor`);
