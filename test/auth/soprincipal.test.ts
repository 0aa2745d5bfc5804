/**
 * Username and password through the simulator's SoPrincipal, end to end: the sample of
 * docs/guide/superoffice-online.md runs as written (transpiled, `so-soap` = this package), signs in
 * with AuthenticateUsernamePassword, and its Chat call is accepted with the ticket it got; a wrong
 * password is a typed refusal that names neither the password nor a ticket.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import * as soSoap from '../../src/index';
import { createChatClient, SoExceptionError } from '../../src/index';
import { startSimulator, type Simulator } from '../../src/simulator/index';

const DOC = join(__dirname, '../../docs/guide/superoffice-online.md');

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, sessions: 3, messagesPerSession: 2 });
});
afterAll(() => sim.stop());

/** The ```ts block under the heading `## Username and password (SoPrincipal)`. */
function docSample(): string {
  const text = readFileSync(DOC, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Username and password (SoPrincipal)'));
  const block = section && /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!block) throw new Error(`${DOC}: no \`\`\`ts block under "## Username and password (SoPrincipal)"`);
  return block;
}

/** Runs a docs sample with `so-soap` bound to this package, the given environment and a captured console. */
async function runSample(source: string, env: Record<string, string>): Promise<string[]> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const printed: string[] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')) };
  const requireSample = (id: string) => {
    if (id === 'so-soap') return soSoap;
    throw new Error(`the sample requires ${id}, which this test does not provide`);
  };
  const fakeProcess = { env };
  // top-level await: the transpiled module body runs inside an async function
  const body = new Function('require', 'exports', 'process', 'console', `return (async () => {\n${js}\n})();`);
  await body(requireSample, {}, fakeProcess, fakeConsole);
  return printed;
}

test('the docs sample signs in with SoPrincipal and its Chat call succeeds with the ticket it got', async () => {
  const before = sim.login.counts.soPrincipal;
  const printed = await runSample(docSample(), {
    SO_ENDPOINT: sim.endpoint,
    SO_APPLICATION_TOKEN: sim.applicationToken,
    SO_USERNAME: sim.login.username,
    SO_PASSWORD: sim.login.password,
  });
  expect(printed).toHaveLength(1);
  expect(JSON.parse(printed[0])).toMatchObject({ ChatSessionId: 1 });
  expect(sim.login.counts.soPrincipal - before).toBe(1);
});

test('a wrong password is refused by SoPrincipal as an SoExceptionError naming the user, never the password', async () => {
  const chat = createChatClient({
    endpoint: sim.endpoint,
    applicationToken: sim.applicationToken,
    credentials: { username: sim.login.username, password: 'wrong-password-4711' },
  });
  const error = await chat.getChatSessionEntity({ ChatSessionEntityId: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SoExceptionError);
  const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
  expect(shown).toContain(sim.login.username);
  expect(shown).not.toContain('wrong-password-4711');
  expect(shown).not.toContain(sim.login.password);
});
