/**
 * Options are typed `| undefined` (a consumer with exactOptionalPropertyTypes passes
 * `process.env.X` as it is: test/package/consumers.test.ts compiles that); at run time an option
 * given as `undefined` means "not given": the default applies, it never overrides one.
 */
import { DEFAULT_RETRY, resolveRetry } from '../../src/runtime/client/retry';

test('retry settings given as undefined keep the defaults (client and per call)', () => {
  expect(resolveRetry({ maxAttempts: undefined, baseDelayMs: 50 }, { maxDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY, baseDelayMs: 50 });
  expect(resolveRetry(undefined, { maxAttempts: 5, baseDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY, maxAttempts: 5 });
});
