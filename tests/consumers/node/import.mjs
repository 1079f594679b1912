// The package from an ES module, and its entries as text.
import { lookup } from "css-stop-reasons";

console.log(`${lookup(18, 503)}`);
