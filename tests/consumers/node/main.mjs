import { readFileSync } from "node:fs";
import { callbackReason, message, parseCallback } from "css-stop-reasons";

const callback = parseCallback(readFileSync(process.argv[2], "utf8"));
const reason = callbackReason(callback);
const candidates = reason.kind === "single" ? [reason.reason] : reason.kind === "multiple" ? reason.candidates : [];
for (const r of candidates) console.log(`${r.sub_errcode}: ${message(r, "ja").text}`);
