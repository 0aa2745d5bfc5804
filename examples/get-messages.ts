/**
 * Print the messages of a chat session.
 * Run: SO_ENDPOINT=https://<host>/<tenant>/Remote/Services88/Chat.svc SO_APPLICATION_TOKEN=… SO_TICKET=… \
 *      <any TypeScript runner> examples/get-messages.ts 59
 */
import { createChatClient } from 'so-soap';

export async function main(env: NodeJS.ProcessEnv, sessionId: number, print: (line: string) => void = console.log): Promise<number> {
  const chat = createChatClient({
    endpoint: env.SO_ENDPOINT ?? '',
    applicationToken: env.SO_APPLICATION_TOKEN,
    credentials: env.SO_TICKET,
  });
  const messages = (await chat.getChatMessages({ ChatSessionId: sessionId, After: 0 })) ?? [];
  for (const m of messages) {
    if (m) print(`${m.WhenPosted?.toISOString() ?? '?'} ${m.Author ?? ''}: ${m.Message ?? ''}`);
  }
  return messages.length;
}

if (require.main === module) {
  main(process.env, Number(process.argv[2] ?? 1)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
