/** Small rules of the sign-in side: Stage's login host, the OAuth way's ApplicationToken, a refusal's service message. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInFromEnv } from '../../src/cli/sign-in';
import { SignInError } from '../../src/runtime/auth/errors';
import { loginBaseOf } from '../../src/runtime/auth/tenant';
import { registerSecret } from '../../src/runtime/client/redact';

test('environment stage signs in at qaonline.superoffice.com (stage.superoffice.com serves tenants); the others at their own name', () => {
  expect(loginBaseOf({ environment: 'stage' })).toBe('https://qaonline.superoffice.com/login');
  expect(loginBaseOf({ environment: 'sod' })).toBe('https://sod.superoffice.com/login');
  expect(loginBaseOf({})).toBe('https://online.superoffice.com/login');
});

test('the OAuth way: SO_CLIENT_SECRET is also the ApplicationToken header when SO_APPLICATION_TOKEN is not set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so-soap-oauth-env-'));
  try {
    const file = join(dir, 'refresh');
    writeFileSync(file, 'refresh-token-0001\n', { mode: 0o600 });
    const env = { SO_REFRESH_TOKEN_FILE: file, SO_CLIENT_ID: 'client-1', SO_CLIENT_SECRET: 'client-secret-0815', SO_LOGIN_BASE: 'http://127.0.0.1:1/login' };
    expect(signInFromEnv(env)).toMatchObject({ way: 'oauth', applicationToken: 'client-secret-0815' });
    expect(signInFromEnv({ ...env, SO_APPLICATION_TOKEN: 'app-token-4711' })).toMatchObject({ way: 'oauth', applicationToken: 'app-token-4711' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a refusal's serviceMessage is the service's message alone, redacted, also when redaction shortened it", () => {
  registerSecret('sign-in-secret-token-0001');
  const e = new SignInError('the system user sign-in', 'Bad request: token sign-in-secret-token-0001 is unknown');
  expect(e.serviceMessage).toBe('Bad request: token *** is unknown');
  expect(e.message).toBe('the system user sign-in was refused: Bad request: token *** is unknown');
});
