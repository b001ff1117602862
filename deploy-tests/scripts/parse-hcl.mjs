// Parses every .tf file of a Terraform module with HashiCorp's HCL parser (@cdktf/hcl2json, the Go hcl library
// compiled to WebAssembly), and the same for each local module it calls (source "./..."), and writes one JSON document:
// {"files": {"<name>.tf": <parsed>}, "modules": {"<source>": {"<name>.tf": <parsed>}}}.
// A syntax error fails with the parser's message. usage: node parse-hcl.mjs MODULE_DIR OUT_JSON
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

async function parseDirectory(directory) {
  const files = {};
  for (const name of readdirSync(directory).filter((file) => file.endsWith(".tf")).sort()) {
    files[name] = await parse(name, readFileSync(join(directory, name), "utf8"));
  }
  return files;
}

const [moduleDir, out] = process.argv.slice(2);
const files = await parseDirectory(moduleDir);
const modules = {};
for (const parsed of Object.values(files)) {
  for (const calls of Object.values(parsed.module ?? {})) {
    for (const call of calls) {
      if (typeof call.source === "string" && call.source.startsWith("./") && !(call.source in modules)) {
        modules[call.source] = await parseDirectory(join(moduleDir, call.source));
      }
    }
  }
}
writeFileSync(out, JSON.stringify({ files, modules }, null, 1));
