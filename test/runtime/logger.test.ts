/**
 * `log`: a level the logger has no method for is dropped before the entry is redacted (the client
 * makes a `debug` entry for every successful attempt; a logger without `debug` pays nothing for it).
 */
import { log, type LogEntry } from '../../src/runtime/client/logger.js';
import { registerSecret } from '../../src/runtime/client/redact.js';

/** An entry whose serialisation (the first step of redaction) is counted. */
function counted(level: LogEntry['level']): { entry: LogEntry; serialised: () => number } {
  let n = 0;
  const entry: LogEntry = { level, message: 'GetChatMessages ok', detail: { toJSON: () => (n++, 'detail') } };
  return { entry, serialised: () => n };
}

test('an object logger without a method for the level gets nothing, and the entry is not redacted', () => {
  const warn = jest.fn();
  const { entry, serialised } = counted('debug');
  log({ warn }, entry);
  expect(warn).not.toHaveBeenCalled();
  expect(serialised()).toBe(0);
});

test('an object logger with the method gets the redacted entry', () => {
  registerSecret('logger-test-secret-0123');
  const debug = jest.fn();
  const { entry, serialised } = counted('debug');
  log({ debug }, { ...entry, message: 'call with logger-test-secret-0123' });
  expect(serialised()).toBe(1);
  expect(debug).toHaveBeenCalledTimes(1);
  const [message, safe] = debug.mock.calls[0] as [string, LogEntry];
  expect(message).toBe('call with ***');
  expect(safe.detail).toBe('detail');
});

test('a function logger gets every level', () => {
  const fn = jest.fn();
  for (const level of ['debug', 'info', 'warn', 'error'] as const) log(fn, counted(level).entry);
  expect(fn.mock.calls.map(([e]) => (e as LogEntry).level)).toEqual(['debug', 'info', 'warn', 'error']);
});
