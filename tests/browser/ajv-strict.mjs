// Compiles JSON Schemas with Ajv in strict mode (draft 2020-12), as `ajv compile --strict=true` does:
// unknown keywords, keywords that do not apply to the declared type and union types are refused.
// Usage: node ajv-strict.mjs SCHEMA...   Prints "ok NAME" or the reason per schema; exits 1 if any fails.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";

let failed = false;
for (const path of process.argv.slice(2)) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats.default ?? addFormats)(ajv);
  try {
    ajv.compile(JSON.parse(readFileSync(path, "utf8")));
    console.log(`ok ${path}`);
  } catch (error) {
    console.log(`${path}: ${error.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
