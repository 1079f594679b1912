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

test("reconciled cells carry provenance, the set-aside doc text and alternates", () => {
  const ko = message(lookup(16), "ko");
  assert.equal(ko.provenance, "inferred");
  assert.deepEqual(ko.inferred_from, { errcode: 5, sub_errcode: 0 });
  assert.equal(ko.doc_text?.text, "푸시 링크 네트워크 오류");
  assert.equal(message(lookup(18, 602), "en").provenance, "aligned");
  assert.equal(message(lookup(39), "zh").source, "decisions");
  assert.equal(lookup(18, 503)?.category, "auth");
  assert.equal(lookup(18, 503)?.retryable, false);
  assert.equal(message(lookup(1), "en").alternates?.[0]?.text, "Push client interrupted the push.");
});

test("codes without sub codes use 0; unknown pairs are undefined", () => {
  assert.equal(message(lookup(1), "en").text, "The push client actively stopped the push.");
  assert.equal(lookup(18, 0), undefined);
  assert.equal(lookup(40), undefined);
});

test("the table holds 70 code pairs and BCP 47 tags parse", () => {
  assert.equal(STOP_REASONS.length, 70);
  assert.equal(parseLang("ja-JP"), "ja");
  assert.equal(parseLang("zh-Hans"), "zh");
  assert.equal(parseLang("fr"), undefined);
});
