// The package's lookups agree with its table, whatever codes and texts the
// docs give: no test here names a code or a text of today's docs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LANGS, SOURCES, STOP_REASONS, lookup, message, parseLang } from "../dist/index.js";

/** An errcode no entry has: the first gap in the table. */
const unknownErrcode = () => {
  for (let e = 0; e <= 0xffff; e++) if (!STOP_REASONS.some((r) => r.errcode === e)) return e;
  throw new Error("the table leaves no errcode free");
};

test("every code is found by its pair, with a text in every language", () => {
  assert.ok(STOP_REASONS.length > 0);
  for (const r of STOP_REASONS) {
    assert.equal(lookup(r.errcode, r.sub_errcode), r);
    for (const lang of LANGS) assert.ok(message(r, lang).text.length > 0, `${r.errcode}/${r.sub_errcode} ${lang}`);
  }
});

test("every text says where it comes from", () => {
  for (const r of STOP_REASONS) {
    for (const lang of LANGS) {
      const m = message(r, lang);
      const where = `${r.errcode}/${r.sub_errcode} ${lang}`;
      assert.equal(m.inferred_from !== undefined, m.provenance === "inferred", where);
      if (m.provenance === "curated") assert.equal(m.source, "decisions", where);
      else assert.ok(SOURCES.some((s) => s.id === m.source && s.lang === lang), where);
      if (m.provenance === "inferred") {
        const from = lookup(m.inferred_from.errcode, m.inferred_from.sub_errcode);
        assert.equal(message(from, lang).text, m.text, where);
      }
    }
  }
});

test("pairs the table lacks are undefined", () => {
  assert.equal(lookup(unknownErrcode()), undefined);
  assert.equal(lookup(-1), undefined);
  for (const r of STOP_REASONS) {
    let s = 0;
    while (STOP_REASONS.some((o) => o.errcode === r.errcode && o.sub_errcode === s)) s++;
    assert.equal(lookup(r.errcode, s), undefined);
  }
});

test("the table is sorted and BCP 47 tags parse", () => {
  const codes = STOP_REASONS.map((r) => r.errcode * 0x10000 + r.sub_errcode);
  assert.deepEqual(codes, [...new Set(codes)].sort((a, b) => a - b));
  for (const lang of LANGS) assert.equal(parseLang(lang), lang);
  assert.equal(parseLang("zh-Hans"), "zh");
  assert.equal(parseLang("x-none"), undefined);
});
