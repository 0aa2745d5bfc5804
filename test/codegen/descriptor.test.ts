/**
 * Descriptor data: what the runtime encodes, decodes and calls by. `toServiceData` (the data) and
 * descriptor.ts (the same data printed) must agree; operations carry their `safe` (retry) flag.
 */
import { isSafeToRetry } from '../../codegen/model/retry-policy';
import { generate, text } from './helpers';

describe('descriptor data', () => {
  const g = generate({
    schema: `
<xs:element name="ApplicationToken" nillable="true" type="xs:string"/>
<xs:complexType name="ChatMessage">
<xs:sequence>
<xs:element minOccurs="0" name="Id" type="xs:int"/>
<xs:element minOccurs="0" name="Type" type="tns:ChatMessageType"/>
</xs:sequence>
</xs:complexType>
<xs:simpleType name="ChatMessageType"><xs:restriction base="xs:string"><xs:enumeration value="ToUser"/></xs:restriction></xs:simpleType>`,
    operations: [
      { name: 'GetChatMessage', input: '<xs:element minOccurs="0" name="Id" type="xs:int"/>', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:ChatMessage"/>', inputHeaders: ['ApplicationToken'] },
      { name: 'DeleteChatMessage', input: '<xs:element name="Id" type="xs:int"/>', output: '' },
    ],
  });

  it('turns the IR into service data', () => {
    expect(g.data).toEqual({
      name: 'Test',
      namespace: 'urn:test',
      soapVersion: '1.1',
      headers: { ApplicationToken: { name: 'ApplicationToken', type: 'xs:string', nillable: true } },
      operations: {
        GetChatMessage: {
          name: 'GetChatMessage',
          method: 'getChatMessage',
          soapAction: 'urn:test/Test/GetChatMessage',
          input: { element: 'GetChatMessage', fields: [{ name: 'Id', type: 'xs:int', optional: true }] },
          output: { element: 'GetChatMessageResponse', fields: [{ name: 'Response', type: 'ChatMessage', optional: true, nillable: true }] },
          inputHeaders: ['ApplicationToken'],
          outputHeaders: [],
          // Not Services88's namespace: no operation is marked safe (operations.test.ts).
          safe: false,
        },
        DeleteChatMessage: {
          name: 'DeleteChatMessage',
          method: 'deleteChatMessage',
          soapAction: 'urn:test/Test/DeleteChatMessage',
          input: { element: 'DeleteChatMessage', fields: [{ name: 'Id', type: 'xs:int' }] },
          output: { element: 'DeleteChatMessageResponse', fields: [] },
          inputHeaders: [],
          outputHeaders: [],
          safe: false,
        },
      },
      types: {
        ChatMessage: { kind: 'complex', name: 'ChatMessage', fields: [{ name: 'Id', type: 'xs:int', optional: true }, { name: 'Type', type: 'ChatMessageType', optional: true }] },
        ChatMessageType: { kind: 'enum', name: 'ChatMessageType', values: ['ToUser'] },
      },
    });
  });

  it('prints exactly that data in descriptor.ts', () => {
    expect(g.files['descriptor.ts'].split('\n').slice(2).join('\n')).toEqual(text(
      "import type { TypedServiceDescriptor } from 'so-soap/runtime';",
      "import type { TestClient } from './client.js';",
      "import type { TestRequestHeaders } from './types.js';",
      '',
      '/** The Test service (binding `BasicHttpBinding_Test`, SOAP 1.1, namespace `urn:test`): the data the runtime encodes, decodes and calls by. */',
      'export const TestService: TypedServiceDescriptor<TestClient, TestRequestHeaders> = {',
      "  name: 'Test',",
      "  namespace: 'urn:test',",
      "  soapVersion: '1.1',",
      '  headers: {',
      "    ApplicationToken: { name: 'ApplicationToken', type: 'xs:string', nillable: true },",
      '  },',
      '  operations: {',
      '    /** GetChatMessage: test.wsdl:37 */',
      '    GetChatMessage: {',
      "      name: 'GetChatMessage',",
      "      method: 'getChatMessage',",
      "      soapAction: 'urn:test/Test/GetChatMessage',",
      "      input: { element: 'GetChatMessage', fields: [{ name: 'Id', type: 'xs:int', optional: true }] },",
      "      output: { element: 'GetChatMessageResponse', fields: [{ name: 'Response', type: 'ChatMessage', optional: true, nillable: true }] },",
      "      inputHeaders: ['ApplicationToken'],",
      '      outputHeaders: [],',
      '      safe: false,',
      '    },',
      '    /** DeleteChatMessage: test.wsdl:38 */',
      '    DeleteChatMessage: {',
      "      name: 'DeleteChatMessage',",
      "      method: 'deleteChatMessage',",
      "      soapAction: 'urn:test/Test/DeleteChatMessage',",
      "      input: { element: 'DeleteChatMessage', fields: [{ name: 'Id', type: 'xs:int' }] },",
      "      output: { element: 'DeleteChatMessageResponse', fields: [] },",
      '      inputHeaders: [],',
      '      outputHeaders: [],',
      '      safe: false,',
      '    },',
      '  },',
      '  types: {',
      "    ChatMessage: { kind: 'complex', name: 'ChatMessage', fields: [",
      "      { name: 'Id', type: 'xs:int', optional: true },",
      "      { name: 'Type', type: 'ChatMessageType', optional: true },",
      '    ] },',
      "    ChatMessageType: { kind: 'enum', name: 'ChatMessageType', values: ['ToUser'] },",
      '  },',
      '};',
      '',
    ));
  });

  it('marks read-only operations safe to retry and everything else not', () => {
    const safe = ['GetChatMessages', 'Get', 'IsChatEnabled', 'HasAccess', 'FindSessions', 'GetChatSessionEntity', 'GetChatTopicsForUser', 'SessionExists', 'Get2Things'];
    const unsafe = ['DeleteChatSessionEntity', 'SaveChatSessionEntity', 'ResetChatSession', 'PickUpChatSession', 'TransferChatSession', 'CreateDefaultChatSessionEntity', 'AddChatMessage', 'SetStatus', 'Getaway', 'Issue', 'Unknown', 'Get.Thing'];
    expect(safe.filter((n) => !isSafeToRetry(n))).toEqual([]);
    expect(unsafe.filter((n) => isSafeToRetry(n))).toEqual([]);
  });
});
