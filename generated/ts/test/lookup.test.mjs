import { test } from "node:test";
import assert from "node:assert/strict";
import { lookup, message, parseLang, STOP_REASONS } from "../dist/index.js";

test("known codes give the docs' texts with their source", () => {
  const r = lookup(18, 503);
  assert.ok(r);
  assert.equal(message(r, "en")?.text, "Authentication parameter verification failed.");
  assert.equal(message(r, "zh")?.source, "zh");
  assert.equal(message(r, "ko")?.text, "인증 매개변수 검증 미통과");
});

test("codes without sub codes use 0; unknown pairs are undefined", () => {
  assert.equal(message(lookup(1), "en")?.text, "The push client actively stopped the push.");
  assert.equal(lookup(18, 0), undefined);
  assert.equal(lookup(40), undefined);
});

test("the table holds 70 code pairs and BCP 47 tags parse", () => {
  assert.equal(STOP_REASONS.length, 70);
  assert.equal(parseLang("ja-JP"), "ja");
  assert.equal(parseLang("zh-Hans"), "zh");
  assert.equal(parseLang("fr"), undefined);
});
