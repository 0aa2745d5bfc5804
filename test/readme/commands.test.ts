/**
 * Every shell block of README.md and docs/guide that runs `npx so-soap` is run, as written, by bash
 * in a temp directory: `npx so-soap` is the built CLI (dist/), `curl` of a tenant's WSDL copies it
 * from ../shared/wsdl, `https://<host>/<tenant>` is a local server that serves the WSDLs (`?wsdl`,
 * `?singleWsdl`) and forwards SOAP to the embedded simulator, the placeholders of the batch example
 * (`PORT`, `…`) are the simulator's, `<command>` is `generate`, and a command documented to run until
 * Ctrl-C must still be running after two seconds, then gets one. Each block must exit 0. A doc that shows a command no block
 * runs fails here too.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeResponse } from '../../src/codec';
import { ChatService } from '../../src/generated/chat/descriptor';
import { startSimulator, type Simulator } from '../../src/simulator/server';
import { describeWithWsdls, WSDL_DIR } from '../codegen/shared';

const REPO = resolve(__dirname, '../..');
const BIN = join(REPO, 'dist/src/cli/bin.js');
const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs/guide')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/guide/${f}`)];

interface Block {
  doc: string;
  line: number;
  script: string;
}

function shellBlocks(): Block[] {
  const out: Block[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(REPO, doc), 'utf8');
    for (const m of text.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```$/gm)) {
      if (/npx so-soap/.test(m[1])) out.push({ doc, line: text.slice(0, m.index).split('\n').length + 1, script: m[1] });
    }
  }
  return out;
}

/** The block as it runs here: placeholders replaced, Ctrl-C given to what waits for it. */
function runnable(script: string, tenant: string, sim: Simulator): string {
  return script
    .replace(/https:\/\/<host>\/<tenant>/g, tenant)
    .replace(/http:\/\/127\.0\.0\.1:PORT\/Remote\/Services88\/Chat\.svc/g, sim.endpoint)
    .replace(/SO_APPLICATION_TOKEN=…/g, `SO_APPLICATION_TOKEN='${sim.applicationToken}'`)
    .replace(/SO_TICKET=…/g, `SO_TICKET='${sim.ticket}'`)
    .replace(/npx so-soap <command>/g, 'npx so-soap generate')
    .replace(/^(.*npx so-soap .*)# until Ctrl-C$/gm, '{ $1 & p=$!; sleep 2; kill -0 $p; pkill -INT -P $p; wait $p || true; }');
}

const PRELUDE = (bin: string, wsdlDir: string) => `set -euo pipefail
trap 'for p in $(jobs -p); do pkill -P "$p"; kill "$p"; done 2>/dev/null || true' EXIT
npx() { if [ "$1" = so-soap ]; then shift; node '${bin}' "$@"; else echo "npx $1: not in this test" >&2; return 1; fi; }
curl() { local url="" out=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac; done
  local svc; svc=$(basename "\${url%%\\?*}" .svc); mkdir -p "$(dirname "$out")"; cp '${wsdlDir}'/"Services88-$svc.wsdl" "$out"; }
`;

describeWithWsdls('the commands shown in README.md and docs/guide', () => {
  let sim: Simulator;
  let tenant: Server;
  let tenantUrl = '';
  let dir = '';

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error('run `npm run build` first (dist/src/cli/bin.js is missing)');
    // a tenant: WSDLs on GET, SOAP forwarded to the simulator of the block that runs
    tenant = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const svc = /\/([A-Za-z]+)\.svc$/.exec(url.pathname)?.[1];
      if (req.method === 'GET' && svc && (url.search === '?wsdl' || url.search === '?singleWsdl') && existsSync(join(WSDL_DIR, `Services88-${svc}.wsdl`))) {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(readFileSync(join(WSDL_DIR, `Services88-${svc}.wsdl`)));
        return;
      }
      const simUrl = new URL(sim.endpoint);
      const forward = request({ host: simUrl.hostname, port: simUrl.port, path: simUrl.pathname, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    await new Promise<void>((done) => tenant.listen(0, '127.0.0.1', done));
    const address = tenant.address();
    tenantUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tenant`;
    dir = mkdtempSync(join(tmpdir(), 'so-soap-doc-commands-'));
    // the files the blocks name: a WSDL in the current folder, a saved response, a generated folder
    copyFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'), join(dir, 'Services88-Chat.wsdl'));
    writeFileSync(join(dir, 'response.xml'), encodeResponse(ChatService, 'GetChatMessages', { Response: [] }, { Succeeded: true }));
    mkdirSync(join(dir, 'src/generated'), { recursive: true });
  });

  // a fresh simulator for every block: a block that deletes sessions must not change what the next one sees
  beforeEach(async () => {
    sim = await startSimulator({ sessions: 500, seed: 7 });
  });
  afterEach(async () => {
    await sim?.stop();
  });

  afterAll(async () => {
    await new Promise((done) => (tenant ? tenant.close(done) : done(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const blocks = shellBlocks();

  it('finds the blocks that show so-soap commands', () => {
    expect(blocks.map((b) => b.doc)).toEqual(expect.arrayContaining(['docs/guide/cli.md', 'docs/guide/codec.md', 'docs/guide/batch-jobs.md', 'docs/guide/generator.md', 'docs/guide/wsdl-updates.md']));
  });

  it.each(blocks.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s runs and exits 0', async (_where, b) => {
    // wsdl-updates diffs a generated folder first: generate it from the same WSDL
    if (/src\/generated\/chat/.test(b.script) && !existsSync(join(dir, 'src/generated/chat/model.json'))) {
      await run(`npx so-soap generate --wsdl Services88-Chat.wsdl --out src/generated/chat`);
    }
    const r = await run(runnable(b.script, tenantUrl, sim));
    if (r.code !== 0) throw new Error(`${b.doc}:${b.line} exited ${r.code}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-3000)}`);
  }, 180_000);

  function run(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const env = { ...process.env, SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket };
      execFile('bash', ['-c', PRELUDE(BIN, WSDL_DIR) + script], { cwd: dir, env, timeout: 170_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  }
});
