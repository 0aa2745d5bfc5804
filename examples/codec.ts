/**
 * The low-level codec: build a request envelope and decode a response without any I/O.
 * Run: <any TypeScript runner> examples/codec.ts
 */
import { ChatService } from 'so-soap';
import { decodeResponse, encodeRequest } from 'so-soap/codec';

export function main(print: (line: string) => void = console.log): unknown {
  const envelope = encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: 42 }, { ApplicationToken: 'my-app-token', Credentials: { Ticket: '7T:my-ticket' } });
  print(envelope);
  const response =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><Succeeded xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">true</Succeeded></s:Header>' +
    '<s:Body><GetChatMessagesResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response><ChatMessage><ChatMessageId>1</ChatMessageId>' +
    '<Type>ToUser</Type><Message>Hello</Message><WhenPosted>2011-04-19T16:48:28.8939219+02:00</WhenPosted></ChatMessage></Response></GetChatMessagesResponse></s:Body></s:Envelope>';
  const { headers, body } = decodeResponse(ChatService, 'GetChatMessages', response);
  print(JSON.stringify({ headers, body }));
  return body;
}

if (require.main === module) main();
