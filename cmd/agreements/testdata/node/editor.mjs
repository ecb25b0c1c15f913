// What a contributor's editor shows on a record: yaml-language-server (the
// YAML extension of VS Code and others) run over LSP, as an editor runs
// it, on one record whose first line names its schema. Prints JSON: the
// diagnostics' messages, and the hover text of each key asked for.
//
//   node editor.mjs FILE KEY...
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const [file, ...keys] = process.argv.slice(2);
const uri = pathToFileURL(file).href;
const text = readFileSync(file, 'utf8');

const server = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'],
  { stdio: ['pipe', 'pipe', 'inherit'] });
const settings = { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false } };
let nextID = 1;
const waiting = new Map();
let diagnostics = null;
let gotDiagnostics;
const diagnosed = new Promise((resolve) => { gotDiagnostics = resolve; });

function send(message) {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) {
  const id = nextID++;
  send({ id, method, params });
  return new Promise((resolve) => waiting.set(id, resolve));
}

let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.id !== undefined && message.method) {
      // The server asks: its settings, or to register capabilities.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map((item) => (item.section === 'yaml' ? settings : {}))
        : null;
      send({ id: message.id, result });
    } else if (message.id !== undefined) {
      waiting.get(message.id)?.(message.result);
    } else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri) {
      diagnostics = message.params.diagnostics;
      if (diagnostics.length > 0) gotDiagnostics();
    }
  }
});

const timer = setTimeout(() => { console.error('yaml-language-server gave no diagnostics in 30 s'); process.exit(1); }, 30000);
await request('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(dirname(file)).href,
  capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] }, publishDiagnostics: {} }, workspace: { configuration: true } },
});
send({ method: 'initialized', params: {} });
send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: settings } } });
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
await diagnosed;
const hovers = {};
const lines = text.split('\n');
for (const key of keys) {
  const line = lines.findIndex((l) => l.startsWith(key + ':'));
  const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } });
  const contents = hover?.contents;
  hovers[key] = typeof contents === 'string' ? contents : contents?.value ?? JSON.stringify(contents);
}
clearTimeout(timer);
console.log(JSON.stringify({ diagnostics: diagnostics.map((d) => d.message), hovers }));
await request('shutdown', null);
send({ method: 'exit' });
server.kill();
process.exit(0);
