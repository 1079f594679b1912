import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  bestReason, callbackReason, key, lookupErrcode, matchText, message, messageFor, negotiateLang, parseCallback, verifySign, CallbackError, LANGS,
  STOP_REASONS,
} from "../dist/index.js";

const fixture = readFileSync(fileURLToPath(new URL("../../rust/tests/fixtures/interruption_callback.json", import.meta.url)), "utf8");
const deleteStream = readFileSync(fileURLToPath(new URL("../../rust/tests/fixtures/delete_stream_callback.json", import.meta.url)), "utf8");
// MD5("3f6a8c1e9b7d" + "1700000600"), computed with Python's hashlib.
const KEY = "3f6a8c1e9b7d";

test("errcode alone gives one entry or the candidates and what they share", () => {
  for (const r of STOP_REASONS) {
    const run = STOP_REASONS.filter((o) => o.errcode === r.errcode);
    const m = lookupErrcode(r.errcode);
    if (run.length === 1) {
      assert.deepEqual(m, { kind: "single", reason: r });
      continue;
    }
    assert.equal(m.kind, "multiple");
    assert.deepEqual(m.candidates, run);
    const shared = (field) => (run.every((o) => o[field] === run[0][field]) ? run[0][field] : undefined);
    assert.equal(m.category, shared("category"));
    assert.equal(m.retryable, shared("retryable"));
  }
  assert.equal(lookupErrcode(0x10000).kind, "unknown");
});

test("reverse lookup is exact first, then ranked, never a silent guess", () => {
  for (const r of STOP_REASONS) {
    for (const lang of LANGS) {
      const text = message(r, lang).text;
      const exact = matchText(text.toUpperCase(), lang);
      assert.equal(exact.length, 1);
      assert.equal(exact[0].exact, true);
      assert.ok(exact[0].reasons.includes(r));
    }
  }
  const longest = STOP_REASONS.map((r) => message(r, "en").text).reduce((a, b) => (b.length > a.length ? b : a));
  const ranked = matchText(longest.slice(0, Math.ceil((longest.length * 3) / 4)), "en");
  assert.ok(ranked.every((m, i) => i === 0 || ranked[i - 1].score >= m.score));
  assert.deepEqual(matchText("   。"), []);
  assert.equal(key("Unknown  Reason. "), "unknown reason");
  assert.equal(key("プッシュクライアント IP がブラックリスト"), key("プッシュクライアントIPがブラックリスト"));
});

test("language negotiation falls back along the chain", () => {
  assert.equal(negotiateLang("fr-CA, ko;q=0.5, ja;q=0.8"), "ja");
  assert.equal(negotiateLang("zh-Hant-TW"), "zh");
  assert.equal(negotiateLang("pt-BR"), "en");
  assert.equal(negotiateLang("ja;q=0, ko"), "ko");
  for (const r of STOP_REASONS) assert.equal(messageFor(r, "de-DE, zh-CN;q=0.7"), message(r, "zh").text);
});

test("a callback body decodes, keeps unknown fields and explains its errcode", () => {
  const cb = parseCallback(fixture);
  assert.equal(cb.push_duration, 61234);
  assert.equal(cb.errcode, 18);
  assert.deepEqual(Object.keys(cb.other).sort(), ["height", "idc_id", "set_id", "width"]);
  assert.deepEqual(callbackReason(cb), lookupErrcode(cb.errcode));
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

test("sign verification: leeway, a t in milliseconds, a body without t or sign", () => {
  const cb = parseCallback(fixture);
  assert.deepEqual(verifySign(cb, KEY, 1700000660, 60), { ok: true });
  assert.equal(verifySign(cb, KEY, 1700000661, 60).error, "expired");
  // MD5("3f6a8c1e9b7d" + "1700000600000"), by Python's hashlib.
  const ms = { ...cb, t: 1700000600000, sign: "daff0d0805b953f2847974d8ceda54fe" };
  assert.deepEqual(verifySign(ms, KEY, 1700000000), { ok: false, error: "milliseconds", t: 1700000600000 });
  const bare = parseCallback(deleteStream);
  assert.equal(bare.t, undefined);
  assert.deepEqual(verifySign(bare, KEY, 0), { ok: false, error: "missing" });
});

test("a caught CallbackError says its name", () => {
  try {
    parseCallback("[]");
    assert.fail("parsed");
  } catch (e) {
    assert.equal(e.name, "CallbackError");
  }
});

test("a real-shaped callback is answered by its errmsg", () => {
  const cb = parseCallback(deleteStream);
  assert.equal(cb.push_duration, 5000);
  assert.ok("set_id" in cb.other && "idc_id" in cb.other);
  const best = bestReason(cb);
  assert.equal(best.evidence, "errmsg");
  assert.equal(best.reason.errcode, cb.errcode);
  assert.ok(best.reason.errmsgs.some((m) => m.errmsg === cb.errmsg));
});

test("bestReason narrows by every documented errmsg, and gives the candidates without evidence", () => {
  const body = (errcode, errmsg) => parseCallback({ event_type: 0, errcode, errmsg });
  for (const r of STOP_REASONS) {
    const run = STOP_REASONS.filter((o) => o.errcode === r.errcode);
    for (const m of r.errmsgs) {
      const named = run.filter((o) => o.errmsgs.some((x) => x.errmsg === m.errmsg));
      const best = bestReason(body(r.errcode, m.errmsg.toUpperCase()));
      if (named.length === 1) assert.deepEqual([best.reason, best.evidence], [r, "errmsg"]);
      else assert.ok(best.candidates.includes(r));
    }
    const none = bestReason(body(r.errcode, ""));
    assert.deepEqual(none.candidates, run);
    assert.equal(none.evidence, run.length === 1 ? "errcode" : "candidates");
  }
});
