import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  callbackReason, key, lookup, lookupErrcode, matchText, message, messageFor, negotiateLang, parseCallback, verifySign, CallbackError,
} from "../dist/index.js";

const fixture = readFileSync(fileURLToPath(new URL("../../rust/tests/fixtures/interruption_callback.json", import.meta.url)), "utf8");
// MD5("3f6a8c1e9b7d" + "1700000600"), computed with Python's hashlib.
const KEY = "3f6a8c1e9b7d";

test("errcode alone gives one entry or the candidates and what they share", () => {
  assert.equal(lookupErrcode(16).kind, "single");
  const m = lookupErrcode(21);
  assert.equal(m.kind, "multiple");
  assert.deepEqual(m.candidates.map((r) => r.sub_errcode), [100, 101, 102, 103]);
  assert.equal(m.category, "command");
  assert.equal(m.retryable, undefined);
  assert.equal(lookupErrcode(40).kind, "unknown");
});

test("reverse lookup is exact first, then ranked, never a silent guess", () => {
  const exact = matchText("ＣＳＳシステム内部エラー", "ja");
  assert.equal(exact.length, 1);
  assert.equal(exact[0].exact, true);
  assert.ok(exact[0].reasons.some((r) => r.errcode === 16));
  const fuzzy = matchText("客户端主动断流", "zh");
  assert.equal(fuzzy[0].exact, false);
  assert.equal(fuzzy[0].text, "推流客户端主动断流。");
  assert.ok(fuzzy[0].score > 0.7);
  assert.deepEqual(matchText("The weather is nice today"), []);
  assert.equal(key("Unknown  Reason. "), "unknown reason");
  assert.equal(key("プッシュクライアント IP がブラックリスト"), key("プッシュクライアントIPがブラックリスト"));
});

test("language negotiation falls back along the chain", () => {
  assert.equal(negotiateLang("fr-CA, ko;q=0.5, ja;q=0.8"), "ja");
  assert.equal(negotiateLang("zh-Hant-TW"), "zh");
  assert.equal(negotiateLang("pt-BR"), "en");
  assert.equal(negotiateLang("ja;q=0, ko"), "ko");
  assert.equal(messageFor(lookup(18, 503), "de-DE, zh-CN;q=0.7"), "校验鉴权参数不通过。");
  assert.equal(message(lookup(18, 503), "ko").text, "인증 매개변수 검증 미통과");
});

test("a callback body decodes, keeps unknown fields and explains its errcode", () => {
  const cb = parseCallback(fixture);
  assert.equal(cb.push_duration, 61234);
  assert.equal(cb.errcode, 18);
  assert.deepEqual(Object.keys(cb.other).sort(), ["height", "idc_id", "set_id", "width"]);
  const reason = callbackReason(cb);
  assert.equal(reason.kind, "multiple");
  assert.equal(reason.candidates.length, 28);
  assert.throws(() => parseCallback('{"event_type":0,"t":1,"sign":"x","push_duration":"1.5s"}'), CallbackError);
  assert.throws(() => parseCallback("[]"), CallbackError);
});

test("sign verification rejects expired and forged callbacks distinctly", () => {
  const cb = parseCallback(fixture);
  assert.deepEqual(verifySign(cb, KEY, 1700000000), { ok: true });
  assert.deepEqual(verifySign(cb, KEY, 1700000601), { ok: false, error: "expired", expiredAt: 1700000600, now: 1700000601 });
  assert.deepEqual(verifySign(cb, "other-key", 1700000000), { ok: false, error: "forged" });
  assert.deepEqual(verifySign({ ...cb, t: cb.t + 3600 }, KEY, 1700000000), { ok: false, error: "forged" });
  assert.deepEqual(verifySign({ ...cb, sign: "not-a-sign" }, KEY, 1700000000), { ok: false, error: "malformed" });
  assert.deepEqual(verifySign({ ...cb, sign: cb.sign.toUpperCase() }, KEY, 1700000000), { ok: true });
});
