/** The examples in examples/ run against the simulator (they are type-checked by `npm run typecheck`). */
import { startSimulator, type Simulator } from '../../src/simulator/index';
import { main as getMessages } from '../../examples/get-messages';
import { main as errorHandling } from '../../examples/error-handling';
import { main as codec } from '../../examples/codec';

let sim: Simulator;
beforeAll(async () => {
  // error-handling shows the Succeeded=false path: the simulator answers not-found as an exception (its default is NULL).
  sim = await startSimulator({ seed: 7, sessions: 5, notFound: 'exception' });
});
afterAll(() => sim.stop());

const env = () => ({ SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket });

test('get-messages prints the messages of a session', async () => {
  const lines: string[] = [];
  const id = [...sim.state.messages.keys()][0];
  const count = await getMessages(env(), id, (l) => lines.push(l));
  expect(count).toBeGreaterThan(0);
  expect(lines).toHaveLength(count);
  expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT.*: /);
});

test('error-handling reports a missing session as SoExceptionError', async () => {
  const lines: string[] = [];
  await expect(errorHandling(env(), 999_999, (l) => lines.push(l))).resolves.toBe('SoExceptionError');
  expect(lines[0]).toMatch(/Succeeded=false/);
});

test('codec builds and decodes offline', () => {
  const lines: string[] = [];
  const body = codec((l) => lines.push(l)) as { Response: { Message: string }[] };
  expect(lines[0]).toContain('DeleteChatSessionEntity');
  expect(body.Response[0].Message).toBe('Hello');
});
