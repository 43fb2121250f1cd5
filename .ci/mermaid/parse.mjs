// Parse each file named on the command line with Mermaid's own parser
// (under jsdom); exit 1 on the first that does not parse.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ['Element', 'HTMLElement', 'Node', 'DocumentFragment', 'DOMParser', 'NodeFilter', 'HTMLTemplateElement', 'Text', 'Comment']) {
  globalThis[k] = dom.window[k];
}
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let ok = 0;
for (const f of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(f, 'utf8'));
    ok++;
  } catch (e) {
    console.error(`${f}: ${e.message}`);
    process.exit(1);
  }
}
console.log(`mermaid: ${ok} diagrams parsed`);
if (ok === 0) process.exit(1);
