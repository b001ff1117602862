// Parses every .tf file of a Terraform module with HashiCorp's HCL parser (@cdktf/hcl2json, the Go hcl library
// compiled to WebAssembly) and writes one JSON document: {"files": {"<name>.tf": <parsed>}}.
// A syntax error fails with the parser's message. usage: node parse-hcl.mjs MODULE_DIR OUT_JSON
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

const [moduleDir, out] = process.argv.slice(2);
const files = {};
for (const name of readdirSync(moduleDir).filter((file) => file.endsWith(".tf")).sort()) {
  files[name] = await parse(name, readFileSync(join(moduleDir, name), "utf8"));
}
writeFileSync(out, JSON.stringify({ files }, null, 1));
