// Answers a list of queries with the built package, in the canonical form the
// parity test compares with the Rust crate and a plain reading of the JSON.
// Usage: node tools/answers.mjs QUERIES.json  (prints the answers as JSON)
import { readFileSync } from "node:fs";
import { bestReason, key, LANGS, lookup, lookupErrcode, matchText, message, negotiateLang, parseCallback } from "../dist/index.js";

const queries = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pair = (r) => [r.errcode, r.sub_errcode];
const reason = (r) => ({
  code: pair(r),
  category: r.category,
  retryable: r.retryable,
  messages: LANGS.map((l) => [l, message(r, l).text]),
  provenance: LANGS.map((l) => [l, message(r, l).provenance]),
});
const errcode = (n) => {
  const m = lookupErrcode(n);
  switch (m.kind) {
    case "single":
      return { errcode: n, kind: "single", codes: [pair(m.reason)], category: m.reason.category, retryable: m.reason.retryable };
    case "multiple":
      return { errcode: n, kind: "multiple", codes: m.candidates.map(pair), category: m.category ?? null, retryable: m.retryable ?? null };
    default:
      return { errcode: n, kind: "unknown", codes: [], category: null, retryable: null };
  }
};
const answers = {
  lookup: queries.codes.map(([e, s]) => {
    const r = lookup(e, s);
    return { code: [e, s], reason: r === undefined ? null : reason(r) };
  }),
  errcode: queries.errcodes.map(errcode),
  text: queries.texts.map(({ text, lang }) => ({
    text,
    lang,
    matches: matchText(text, lang ?? undefined).map((m) => ({
      how: m.how, lang: m.lang ?? null, text: m.text, score: m.score, exact: m.exact, codes: m.reasons.map(pair),
    })),
  })),
  negotiate: queries.accept.map((accept) => ({ accept, lang: negotiateLang(accept) })),
  keys: queries.keys.map((text) => key(text)),
  callbacks: queries.callbacks.map(({ errcode, errmsg }) => {
    const best = bestReason(parseCallback({ event_type: 0, errcode, errmsg }));
    return {
      errcode,
      errmsg,
      best: { reason: best.reason === undefined ? null : pair(best.reason), evidence: best.evidence, candidates: best.candidates.map(pair) },
    };
  }),
};
process.stdout.write(JSON.stringify(answers));
