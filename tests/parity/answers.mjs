// Answers a list of queries with a set's built npm package, in the canonical
// form `tests/parity_sets.rs` compares with the set's Rust crate and a plain
// reading of its JSON. Only the API every generated package has is used.
// Usage: node answers.mjs PACKAGE_DIR QUERIES.json  (prints the answers as JSON)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, queriesPath] = process.argv.slice(2);
const pkg = await import(pathToFileURL(join(dir, "dist", "index.js")).href);
const q = JSON.parse(readFileSync(queriesPath, "utf8"));
const codeOf = (e) => q.key.map((column) => e[column]);
const entry = (e) => ({
  code: codeOf(e),
  symbol: e.symbol ?? null,
  category: e.category ?? null,
  messages: pkg.LANGS.map((l) => [l, pkg.message(e, l).text]),
  provenance: pkg.LANGS.map((l) => [l, pkg.message(e, l).provenance]),
});
const answers = {
  lookup: q.codes.map((code) => {
    const e = pkg.lookup(...code);
    return { code, entry: e === undefined ? null : entry(e) };
  }),
  symbol: q.symbols.map((symbol) => {
    const e = pkg.lookupSymbol === undefined ? undefined : pkg.lookupSymbol(symbol);
    // The SYMBOLS constant of the name must hold the same code.
    const constant = pkg.SYMBOLS?.[symbol];
    if (constant !== undefined && JSON.stringify(q.key.length === 1 ? [constant] : q.key.map((c) => constant[c])) !== JSON.stringify(codeOf(e))) {
      throw new Error(`SYMBOLS.${symbol} is not the code lookupSymbol gives`);
    }
    return { symbol, code: e === undefined ? null : codeOf(e) };
  }),
  text: q.texts.map(({ text, lang }) => ({
    text,
    lang,
    matches: pkg.matchText(text, lang ?? undefined).map((m) => ({
      how: m.how, lang: m.lang ?? null, text: m.text, score: m.score, exact: m.exact, codes: m.reasons.map(codeOf),
    })),
  })),
  negotiate: q.accept.map((accept) => ({ accept, lang: pkg.negotiateLang(accept) })),
};
process.stdout.write(JSON.stringify(answers));
