/**
 * What every generated table package shares: the shape of each text's
 * provenance, language negotiation, and reverse lookups by text. Written once
 * in the generator (`codegen/runtime/ts/runtime.ts`) and copied into every
 * set's package by `cargo xtask gen`; the set's own types (`Lang`, `Code`, the
 * entry type and `lookup`) are in `table.ts`.
 */
import { ENTRIES, ERRMSGS, KEY_COLUMNS, LANGS, TEXTS, type Code, type Entry, type Lang } from "./table.js";

/** Where a message's text comes from. */
export type Provenance = "doc" | "aligned" | "inferred" | "curated";

/** A text as a doc writes it, with where it was read. */
export interface DocText {
  readonly text: string;
  /** Id of the doc in `SOURCES`. */
  readonly source: string;
  /** 1-based line in that doc. */
  readonly line: number;
}

/** A doc the table was generated from. */
export interface Source {
  /** The source id, e.g. `"ko"`; messages name it in `source`. */
  readonly id: string;
  /** The doc's path in the generating project. */
  readonly file: string;
  readonly lang: Lang;
  /** `"coded"` (a table of codes), `"causes"` (causes without codes) or `"errmsg"` (a callback page's errmsg table). */
  readonly role: "coded" | "causes" | "errmsg";
  /** The page the doc was taken from. */
  readonly origin: string;
  /** Lowercase hex SHA-256 of the doc's bytes. */
  readonly sha256: string;
}

/** A doc text involved in a `Conflict`. */
export interface ConflictText {
  readonly lang: Lang;
  /** The code the text is at. */
  readonly code: Code;
  readonly text: string;
  readonly source: string;
  readonly line: number;
  /** The other codes this language gives the same text. */
  readonly grouped_with: readonly Code[];
}

/** A disagreement found between the docs, and how the maintainers resolved it. */
export interface Conflict {
  /** A stable name: the codes joined by `+`, `@`, the dissenting languages. */
  readonly id: string;
  readonly codes: readonly Code[];
  /** The languages whose grouping differed. */
  readonly dissent: readonly Lang[];
  /** Whether no majority existed. */
  readonly split: boolean;
  readonly texts: readonly ConflictText[];
  readonly resolution: {
    readonly holds: "others" | "dissent" | "variant";
    readonly set_aside: readonly Code[];
    readonly why: string;
    readonly line: number;
  };
}

/** An `errmsg` string a callback carries with an errcode, with the docs that list it. */
export interface Errmsg {
  readonly errmsg: string;
  readonly sources: readonly { readonly source: string; readonly line: number }[];
}

/** A text of the table for reverse lookups: one per distinct language and key. */
export interface IndexedText {
  readonly lang: Lang;
  readonly key: string;
  readonly text: string;
  /** Positions in the entries. */
  readonly reasons: readonly number[];
}

/** An `errmsg` string of the table for reverse lookups: one per distinct key. */
export interface IndexedErrmsg {
  readonly key: string;
  readonly errmsg: string;
  /** Positions in the entries. */
  readonly reasons: readonly number[];
}

/** One language's text at a code, with where it comes from. */
export interface Message {
  readonly text: string;
  readonly provenance: Provenance;
  /** Id of the doc in `SOURCES`, or `"decisions"` for curated texts. */
  readonly source: string;
  /** 1-based line in that source. */
  readonly line: number;
  /** For `inferred` texts: the code whose text this is. */
  readonly inferred_from?: Code;
  /** The doc's own text at this code, where a maintainers' decision set it aside. */
  readonly doc_text?: DocText;
  /** Other wordings of the same cause in this language. */
  readonly alternates?: readonly DocText[];
  /** The heading of the section the doc lists the code under, where kept. */
  readonly section?: string;
}

/** The text of `entry` in `lang`, with its provenance. Every code has one in every language. */
export function message(entry: Entry, lang: Lang): Message {
  const messages: Record<Lang, Message> = entry.messages;
  return messages[lang];
}

/** The subtags of a BCP 47 tag, `-` or `_` separated, lowercased. */
const subtags = (tag: string): string[] => tag.toLowerCase().split(/[-_]/);

/**
 * Parses a BCP 47 tag case-insensitively: the table's language with that tag,
 * else the first whose language subtag it has (`ja-JP` → `"ja"`); `undefined`
 * for a language the table lacks.
 */
export function parseLang(tag: string): Lang | undefined {
  const exact = LANGS.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact !== undefined) return exact;
  const primary = subtags(tag)[0] ?? "";
  return LANGS.find((l) => subtags(l)[0] === primary);
}

/**
 * The table's language for a BCP 47 tag or an HTTP `Accept-Language` list,
 * never failing: tags are tried by descending `q` weight (ties in the order
 * written; `q=0` skipped) and matched as `parseLang` matches them; `*`, an
 * empty list and languages the table lacks fall back to its first language.
 */
export function negotiateLang(accept: string): Lang {
  const fallback = LANGS[0] as Lang;
  let best: { q: number; lang: Lang } | undefined;
  for (const part of accept.split(",")) {
    const [rawTag = "", ...params] = part.split(";");
    const tag = rawTag.trim();
    let q = 1;
    for (const p of params) {
      const t = p.trim();
      if (t.startsWith("q=")) {
        const v = t.slice(2).trim();
        q = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : 0;
      }
    }
    if (tag === "" || !(q > 0) || (best !== undefined && q <= best.q)) continue;
    const lang = tag === "*" ? fallback : parseLang(tag);
    if (lang !== undefined) best = { q, lang };
  }
  return best?.lang ?? fallback;
}

/** The text for a BCP 47 tag or `Accept-Language` list (see `negotiateLang`). */
export function messageFor(entry: Entry, accept: string): string {
  return message(entry, negotiateLang(accept)).text;
}

const TRAILING = new Set([".", "。", "．", "!", "！", "?", "？", ";", "；", ":", "：", "、", ","]);

/** Unicode `White_Space` (not JavaScript's `\s`, which adds U+FEFF). */
const isSpace = (c: string): boolean => {
  const n = c.codePointAt(0) ?? 0;
  return (
    (n >= 0x9 && n <= 0xd) || n === 0x20 || n === 0x85 || n === 0xa0 || n === 0x1680 ||
    (n >= 0x2000 && n <= 0x200a) || n === 0x2028 || n === 0x2029 || n === 0x202f || n === 0x205f || n === 0x3000
  );
};

const isAsciiAlnum = (c: string | undefined): boolean => {
  if (c === undefined || c.length !== 1) return false;
  const n = c.charCodeAt(0);
  return (n >= 0x30 && n <= 0x39) || (n >= 0x41 && n <= 0x5a) || (n >= 0x61 && n <= 0x7a);
};

/**
 * The comparison key of a text, as the table's keys were made: NFKC,
 * lowercase, sentence punctuation and whitespace trimmed at the end, and
 * whitespace dropped except one space between two ASCII letters or digits.
 */
export function key(text: string): string {
  const chars = [...text.normalize("NFKC").toLowerCase()];
  let end = chars.length;
  while (end > 0) {
    const c = chars[end - 1] as string;
    if (!isSpace(c) && !TRAILING.has(c)) break;
    end -= 1;
  }
  let out = "";
  let last: string | undefined;
  let pendingSpace = false;
  for (const c of chars.slice(0, end)) {
    if (isSpace(c)) {
      pendingSpace = out !== "";
      continue;
    }
    if (pendingSpace && isAsciiAlnum(last) && isAsciiAlnum(c)) out += " ";
    pendingSpace = false;
    out += c;
    last = c;
  }
  return out;
}

/** Character bigrams of a key, spaces left out, packed as `first * 2^21 + second`, sorted. */
function bigrams(k: string): number[] {
  const chars = [...k].filter((c) => c !== " ").map((c) => c.codePointAt(0) ?? 0);
  const out: number[] = [];
  for (let i = 1; i < chars.length; i += 1) out.push((chars[i - 1] as number) * 0x200000 + (chars[i] as number));
  return out.sort((a, b) => a - b);
}

/** `2 × |a ∩ b| / (|a| + |b|)` over sorted bigram lists, counting repeats. */
function dice(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i += 1;
    else if (x > y) j += 1;
    else {
      both += 1;
      i += 1;
      j += 1;
    }
  }
  return (2 * both) / (a.length + b.length);
}

/** Fuzzy matches scoring below this are not returned. */
export const FUZZY_MIN_SCORE = 0.4;
/** At most this many fuzzy matches are returned. */
export const FUZZY_LIMIT = 5;

/** Most `contains` matches returned. */
export const CONTAINS_LIMIT = 20;

/** A string of the table a query is compared with: an errmsg (no language) or a reason text. */
interface Indexed {
  readonly lang: Lang | undefined;
  readonly key: string;
  readonly text: string;
  readonly reasons: readonly number[];
  readonly bigrams: readonly number[];
}

const ERRMSG_INDEX: readonly Indexed[] = ERRMSGS.map((e) => ({
  lang: undefined,
  key: e.key,
  text: e.errmsg,
  reasons: e.reasons,
  bigrams: bigrams(e.key),
}));

const TEXT_INDEX: readonly Indexed[] = TEXTS.map((t) => ({ ...t, bigrams: bigrams(t.key) }));

/** Positions in TEXT_INDEX by key, in table (language) order. */
const BY_KEY: ReadonlyMap<string, readonly number[]> = TEXT_INDEX.reduce((map, t, i) => {
  const list = map.get(t.key);
  if (list === undefined) map.set(t.key, [i]);
  else list.push(i);
  return map;
}, new Map<string, number[]>());

/** How a `TextMatch` was found, from the surest to a mere suggestion. */
export type How = "code" | "errmsg" | "exact" | "contains" | "fuzzy";

/** One answer of `matchText`: a text of the table and the codes that give it. */
export interface TextMatch {
  /** How it was found: a code in parentheses, an errmsg, an exact text, a text containing the query, a similar text. */
  readonly how: How;
  /** The language of the matched text; `undefined` for an errmsg, which is the same in every language. */
  readonly lang: Lang | undefined;
  /** The table's text that matched (the doc's own wording, or the errmsg); for `"code"`, the code's reason. */
  readonly text: string;
  /** 1 for a code, an errmsg or an exact text; the share of the text covered for `"contains"`; the bigram similarity in 0.4–1 for `"fuzzy"`. */
  readonly score: number;
  /** Whether this is an answer (code, errmsg, exact), not a suggestion. */
  readonly exact: boolean;
  /** The codes that give this text, sorted. */
  readonly reasons: readonly Entry[];
}

const answer = (t: Indexed, how: How, score: number): TextMatch => ({
  how,
  lang: t.lang,
  text: t.text,
  score,
  exact: how === "code" || how === "errmsg" || how === "exact",
  reasons: t.reasons.map((i) => ENTRIES[i] as Entry),
});

/** The best `limit` of `scored`, best first (ties in table order). */
function best(scored: { s: number; t: Indexed }[], how: How, limit: number): TextMatch[] {
  return scored
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, limit)
    .map((x) => answer(x.t, how, x.s));
}

/** Steps 2 to 4 of `matchText`. */
function matchWords(text: string, lang?: Lang): TextMatch[] {
  const q = key(text);
  if (q === "") return [];
  const exact = [
    ...ERRMSG_INDEX.filter((e) => e.key === q).map((e) => answer(e, "errmsg", 1)),
    ...(BY_KEY.get(q) ?? [])
      .map((i) => TEXT_INDEX[i] as Indexed)
      .filter((t) => lang === undefined || t.lang === lang)
      .map((t) => answer(t, "exact", 1)),
  ];
  if (exact.length > 0) return exact;
  const scope = [...ERRMSG_INDEX, ...TEXT_INDEX.filter((t) => lang === undefined || t.lang === lang)];
  const qLen = [...q].length;
  if (qLen >= 2) {
    const within = scope.filter((t) => t.key.includes(q)).map((t) => ({ s: qLen / [...t.key].length, t }));
    if (within.length > 0) return best(within, "contains", CONTAINS_LIMIT);
  }
  const qb = bigrams(q);
  const scored = scope.map((t) => ({ s: dice(qb, t.bigrams), t })).filter((x) => x.s >= FUZZY_MIN_SCORE);
  return best(scored, "fuzzy", FUZZY_LIMIT);
}

/**
 * The code a query ends with in parentheses, after NFKC (so full-width `（3）`
 * reads as `(3)`): the text before it and the code's columns as decimal
 * numbers (`18/503` → `["18", "503"]`).
 */
function splitCode(query: string): { rest: string; parts: string[] } | undefined {
  const chars = [...query.normalize("NFKC")];
  let end = chars.length;
  while (end > 0 && isSpace(chars[end - 1] as string)) end -= 1;
  if (end === 0 || chars[end - 1] !== ")") return undefined;
  const inner = chars.slice(0, end - 1);
  const open = inner.lastIndexOf("(");
  if (open < 0) return undefined;
  const parts: string[] = [];
  for (const raw of inner.slice(open + 1).join("").split("/")) {
    const p = [...raw];
    let a = 0;
    let b = p.length;
    while (a < b && isSpace(p[a] as string)) a += 1;
    while (b > a && isSpace(p[b - 1] as string)) b -= 1;
    const part = p.slice(a, b).join("");
    const digits = part.startsWith("-") ? part.slice(1) : part;
    if (!/^[0-9]{1,18}$/.test(digits)) return undefined;
    parts.push(BigInt(part).toString());
  }
  return { rest: inner.slice(0, open).join(""), parts };
}

/**
 * Reverse lookup by text, as CSS sends it, in `lang` or in every language;
 * each answer says how it was found, best first:
 * 1. a code in parentheses at the end (`客户端主动断流(3)`, `…（18/503）`) that
 *    the table has comes first (`"code"`, its reason in `lang`, or in the
 *    language of the text's best match), followed by what the text before it
 *    matches, which confirms the code or not;
 * 2. the errmsg strings and the texts whose key equals the query's: errmsgs first;
 * 3. without those, the texts (and errmsgs) whose key contains the query's (two
 *    characters or more), up to 20, by the share of the text the query covers;
 * 4. without those, up to 5 fuzzy matches scoring at least 0.4, best first.
 * Ties keep the table's order. An empty result means nothing is close.
 */
export function matchText(text: string, lang?: Lang): TextMatch[] {
  const split = splitCode(text);
  if (split === undefined) return matchWords(text, lang);
  const found = matchWords(split.rest, lang);
  const reasons = ENTRIES.filter((e) =>
    split.parts.length <= KEY_COLUMNS.length &&
    split.parts.every((p, i) => String((e as unknown as Record<string, unknown>)[KEY_COLUMNS[i] as string]) === p),
  );
  const [first] = reasons;
  if (first === undefined) return found;
  const shown = lang ?? found.find((m) => m.lang !== undefined)?.lang ?? (LANGS[0] as Lang);
  const code: TextMatch = { how: "code", lang: shown, text: message(first, shown).text, score: 1, exact: true, reasons };
  return [code, ...found];
}
