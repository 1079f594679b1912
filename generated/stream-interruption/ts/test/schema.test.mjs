import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";

const read = (path) => JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8"));
const schema = read("../../json/stop_reasons.schema.json");
const table = read("../../json/stop_reasons.json");

const validator = () => new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

test("stop_reasons.json is valid against stop_reasons.schema.json (JSON Schema 2020-12)", () => {
  const validate = validator();
  assert.equal(validate(table), true, JSON.stringify(validate.errors, null, 2));
});

test("the schema rejects what the contract forbids", () => {
  const validate = validator();
  const broken = structuredClone(table);
  delete broken.entries[0].messages.ko;
  broken.entries[1].category = "weather";
  broken.entries[2].messages.en.provenance = "guessed";
  assert.equal(validate(broken), false);
  const paths = validate.errors.map((e) => e.instancePath).sort();
  assert.ok(paths.includes("/entries/0/messages"), paths.join(", "));
  assert.ok(paths.includes("/entries/1/category"), paths.join(", "));
  assert.ok(paths.includes("/entries/2/messages/en/provenance"), paths.join(", "));
});
