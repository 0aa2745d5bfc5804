/** Hand-written SOAP requests to the simulator (what another client would send, bypassing our encoder). */
import type { Simulator } from '../../src/simulator/index.js';

export const TNS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

/** POST `body` (the wrapper element) as operation `op` with valid credentials, plus `extraHeaders` (raw XML). */
export async function rawPost(sim: Simulator, op: string, body: string, extraHeaders = ''): Promise<{ status: number; text: string }> {
  const envelope =
    `<s:Envelope xmlns:s="${ENV}"><s:Header><ApplicationToken xmlns="${TNS}">${sim.applicationToken}</ApplicationToken>` +
    `<Credentials xmlns="${TNS}"><Ticket>${sim.ticket}</Ticket></Credentials>${extraHeaders}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  const res = await fetch(sim.endpoint, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${TNS}/Chat/${op}"` }, body: envelope });
  return { status: res.status, text: await res.text() };
}
