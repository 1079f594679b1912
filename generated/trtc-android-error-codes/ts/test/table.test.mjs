// The table's own lookups agree with it: every code is found by its key and
// by each of its texts, and every language by its tag.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ENTRIES, LANGS, lookup, matchText, message, negotiateLang, parseLang, lookupSymbol } from "../dist/index.js";

test("every code is found by its key and by its texts", () => {
  assert.ok(ENTRIES.length > 0);
  for (const e of ENTRIES) {
    assert.equal(lookup(e.value), e);
    for (const lang of LANGS) {
      const [first] = matchText(message(e, lang).text, lang);
      assert.ok(first?.exact && first.reasons.includes(e));
    }
  }
});

test("every language is named by its tag", () => {
  for (const lang of LANGS) assert.equal(parseLang(lang), lang);
  assert.equal(negotiateLang(""), LANGS[0]);
});

test("every code is found by its symbolic name", () => {
  for (const e of ENTRIES) assert.equal(lookupSymbol(e.symbol), e);
});
