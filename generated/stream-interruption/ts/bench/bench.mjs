// Times the package's lookups beside a plain Map, on the built dist/.
// Usage: npm run bench [-- --json]   (prints a table, or JSON with --json)
import { lookup, lookupErrcode, matchText, STOP_REASONS } from "../dist/index.js";

const map = new Map(STOP_REASONS.map((r) => [r.errcode * 65536 + r.sub_errcode, r]));
const codes = STOP_REASONS.map((r) => [r.errcode, r.sub_errcode]);
let sink = 0;

/** Median nanoseconds per call over 15 rounds of `n` calls, after a warm-up. */
function time(name, n, fn) {
  for (let i = 0; i < n; i += 1) fn(i);
  const rounds = [];
  for (let r = 0; r < 15; r += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1) fn(i);
    rounds.push(Number(process.hrtime.bigint() - start) / n);
  }
  rounds.sort((a, b) => a - b);
  return { name, ns: rounds[7], min: rounds[0], max: rounds[14] };
}

const results = [
  time("lookup 18/503", 1_000_000, () => { sink += lookup(18, 503) ? 1 : 0; }),
  time("lookup, every code (per code)", 1_000_000, (i) => { const [e, s] = codes[i % codes.length]; sink += lookup(e, s) ? 1 : 0; }),
  time("Map.get 18/503", 1_000_000, () => { sink += map.get(18 * 65536 + 503) ? 1 : 0; }),
  time("lookupErrcode 18", 100_000, () => { sink += lookupErrcode(18).kind.length; }),
  time("matchText exact, zh", 100_000, () => { sink += matchText("推流客户端主动断流。", "zh").length; }),
  time("matchText exact, any language", 100_000, () => { sink += matchText("Authentication parameter verification failed.").length; }),
  time("matchText contains, zh", 20_000, () => { sink += matchText("客户端主动断流", "zh").length; }),
  time("matchText code given, zh", 20_000, () => { sink += matchText("客户端主动断流(3)").length; }),
  time("matchText errmsg", 100_000, () => { sink += matchText("recv() return 0").length; }),
  time("matchText fuzzy, any language (full table)", 20_000, () => { sink += matchText("The authentication parameter check failed").length; }),
];

if (process.argv.includes("--json")) {
  process.stdout.write(JSON.stringify({ node: process.version, results, sink }) + "\n");
} else {
  console.log(`node ${process.version}`);
  for (const r of results) console.log(`${r.name.padEnd(44)} ${r.ns.toFixed(1).padStart(10)} ns  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`);
}
