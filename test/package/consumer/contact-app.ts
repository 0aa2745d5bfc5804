// A consumer project's code (test/package/consumers.test.ts copies it beside the generated Contact client;
// compiled only): the generated client, typed, with the options a user passes from the environment.
import { createClient, SoExceptionError } from 'so-soap';
import { ContactService, type ContactEntity, type ContactClient } from './contact/index.js';

const contact: ContactClient = createClient(ContactService, {
  endpoint: process.env.SO_CONTACT_ENDPOINT ?? 'http://127.0.0.1:1/Remote/Services88/Contact.svc',
  applicationToken: process.env.SO_APPLICATION_TOKEN,
  credentials: process.env.SO_TICKET,
  timeoutMs: process.env.SO_TIMEOUT_MS ? Number(process.env.SO_TIMEOUT_MS) : undefined,
});

export async function contactName(id: number): Promise<string | null | undefined> {
  try {
    const entity: ContactEntity | null | undefined = await contact.getContactEntity({ ContactEntityId: id });
    return entity?.Name;
  } catch (e) {
    if (e instanceof SoExceptionError) return undefined;
    throw e;
  }
}
