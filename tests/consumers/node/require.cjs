// The package from CommonJS, as `require` finds it, and its entries as text.
const { lookup, CallbackError, parseCallback } = require("css-stop-reasons");

console.log(String(lookup(18, 503)));
try {
  parseCallback("[]");
} catch (e) {
  console.log(`${e.name} ${e instanceof CallbackError}`);
}
