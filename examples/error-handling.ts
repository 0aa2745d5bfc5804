/**
 * Every failure is a typed error class: tell them apart with `instanceof`.
 * Run: SO_ENDPOINT=… SO_APPLICATION_TOKEN=… SO_TICKET=… <any TypeScript runner> examples/error-handling.ts 999999
 * (against `so-soap simulate --not-found exception`: by default a missing session is NULL, not an error)
 */
import { createChatClient, HttpError, NetworkError, RequestValidationError, ResponseFormatError, SoapFaultError, SoExceptionError, TimeoutError } from 'so-soap';

export async function main(env: NodeJS.ProcessEnv, sessionId: number, print: (line: string) => void = console.log): Promise<string> {
  const chat = createChatClient({ endpoint: env.SO_ENDPOINT ?? '', applicationToken: env.SO_APPLICATION_TOKEN, credentials: env.SO_TICKET, timeoutMs: 10_000 });
  try {
    const session = await chat.getChatSessionEntity({ ChatSessionEntityId: sessionId });
    print(`session ${session?.ChatSessionId}: ${session?.Status}`);
    return 'ok';
  } catch (e) {
    if (e instanceof SoExceptionError) print(`the service said no (Succeeded=false): ${e.exceptionType}: ${e.friendlyText ?? e.message}`);
    else if (e instanceof SoapFaultError) print(`SOAP Fault ${e.code}: ${e.faultString}`);
    else if (e instanceof HttpError) print(`HTTP ${e.status}${e.retryAfterMs !== undefined ? ` (retry after ${e.retryAfterMs} ms)` : ''}`);
    else if (e instanceof TimeoutError) print(`no answer within ${e.timeoutMs} ms`);
    else if (e instanceof NetworkError) print(`network: ${e.code}`);
    else if (e instanceof RequestValidationError) print(`bad input at ${e.path}: ${e.message}`);
    else if (e instanceof ResponseFormatError) print(`unexpected response: ${e.message}`);
    else throw e;
    return (e as Error).name;
  }
}

if (require.main === module) {
  main(process.env, Number(process.argv[2] ?? 999999)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
