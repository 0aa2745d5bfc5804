/**
 * How each operation travels over the SuperOffice REST **Agents** API: the per-operation mapping the
 * REST transport is driven by, beside the generated service descriptor (which stays the one source
 * of types, field names and nil/optional rules for both transports).
 *
 * Derivation (by hand, once, from `../../shared/openapi/openapi-v3-ChatAgent.json`, "SuperOffice
 * Agent API v1 - ChatAgent"; the runtime never reads that file, and
 * `test/rest/openapi-consistency.test.ts` re-derives every entry from it and fails on any
 * difference):
 *
 * - `path`: the OpenAPI path `POST /api/v1/Agents/<agent>/<Operation>`; every Chat path is named
 *   exactly like the WSDL operation.
 * - `query`: the operation's `in: query` parameters other than `$select`, camelCase on the wire
 *   (`chatSessionEntityId`), each carrying the WSDL input field of the same name in PascalCase
 *   (`ChatSessionEntityId`). All of them are `required: true` in the OpenAPI.
 * - `body`:
 *   - `'none'`: no `requestBody` (no body, no `Content-Type`);
 *   - `'entity'`: the `requestBody` is a carrier schema (`SuperOffice.CRM.Services.ChatSessionEntity`)
 *     and the body is the bare value of the one input field (`ChatSessionEntity`), not a wrapper;
 *   - `'request'`: the `requestBody` is `…ChatCarriers.<Operation>Request`, a JSON object whose
 *     PascalCase properties are the input wrapper's fields.
 * - `response`: `'json'` when the OpenAPI answers `200` with a JSON body (the output wrapper's
 *   `Response`), `'none'` when it answers `204 No Content` (the WSDL output wrapper is empty).
 * - `localized`: whether the operation declares the `Accept-Language`/`SO-Language`/`SO-Culture`/
 *   `SO-TimeZone` request headers (the Delete operations and `SaveChatPresence`,
 *   `DeleteChatTopicUserAgent` declare only `SO-AppToken`); `SO-TimeZone`/`SO-Language` are sent
 *   only to operations that declare them.
 */

/** What an operation sends as its JSON body (see the rules above). */
export type RestBodyKind = 'none' | 'entity' | 'request';

/** An input field sent as a query parameter instead of in the body. */
export interface RestQueryParameter {
  /** Query parameter name on the wire (camelCase). */
  readonly name: string;
  /** The input wrapper field it carries (PascalCase). */
  readonly field: string;
}

/** How one operation travels over the REST Agents API (derived from the OpenAPI description). */
export interface RestOperationMapping {
  /** Path below the endpoint, e.g. `/api/v1/Agents/Chat/GetChatSessionEntity`. */
  readonly path: string;
  /** Input fields sent as query parameters. */
  readonly query: readonly RestQueryParameter[];
  /** What the body holds: nothing, the bare entity, or the request object. */
  readonly body: RestBodyKind;
  /** For `body: 'entity'`: the input field sent as the bare body. */
  readonly entityField?: string;
  /** `json`: a 200 with the output's `Response` as JSON; `none`: 204 No Content. */
  readonly response: 'json' | 'none';
  /** Whether the operation declares the language/time-zone request headers. */
  readonly localized: boolean;
}

/** The REST mapping of a service's operations. */
export interface RestServiceMapping {
  /** The agent segment (`Chat` in `/api/v1/Agents/Chat/…`). */
  readonly agent: string;
  /** The mapping of each operation, by WSDL operation name. */
  readonly operations: Readonly<Record<string, RestOperationMapping>>;
}

const P = '/api/v1/Agents/Chat/';

function request(op: string, response: 'json' | 'none' = 'json', localized = true): RestOperationMapping {
  return { path: P + op, query: [], body: 'request', response, localized };
}
function noBody(op: string): RestOperationMapping {
  return { path: P + op, query: [], body: 'none', response: 'json', localized: true };
}
function entity(op: string, field: string): RestOperationMapping {
  return { path: P + op, query: [], body: 'entity', entityField: field, response: 'json', localized: true };
}
function byId(op: string, field: string, response: 'json' | 'none'): RestOperationMapping {
  const name = field.charAt(0).toLowerCase() + field.slice(1);
  return { path: P + op, query: [{ name, field }], body: 'none', response, localized: response === 'json' };
}

/** The Chat agent: all 31 operations of `Services88-Chat.wsdl`. */
export const CHAT_REST_MAPPING: RestServiceMapping = {
  agent: 'Chat',
  operations: {
    GetChatPresence: noBody('GetChatPresence'),
    SaveChatPresence: request('SaveChatPresence', 'none', false),
    CreateDefaultChatSessionEntity: noBody('CreateDefaultChatSessionEntity'),
    SaveChatSessionEntity: entity('SaveChatSessionEntity', 'ChatSessionEntity'),
    DeleteChatSessionEntity: byId('DeleteChatSessionEntity', 'ChatSessionEntityId', 'none'),
    GetChatSessionEntity: byId('GetChatSessionEntity', 'ChatSessionEntityId', 'json'),
    ChatSessionsForUser: noBody('ChatSessionsForUser'),
    TransferChatSession: request('TransferChatSession'),
    AcceptChatSessionTransfer: request('AcceptChatSessionTransfer'),
    RejectChatSessionTransfer: request('RejectChatSessionTransfer'),
    PickUpChatSession: request('PickUpChatSession'),
    PickUpFirstChatSession: noBody('PickUpFirstChatSession'),
    ResetChatSession: request('ResetChatSession'),
    GetChatTranscript: request('GetChatTranscript'),
    GetChatMessages: request('GetChatMessages'),
    AddChatMessage: request('AddChatMessage'),
    CreateDefaultChatTopicAgent: noBody('CreateDefaultChatTopicAgent'),
    CreateDefaultChatTopicEntity: noBody('CreateDefaultChatTopicEntity'),
    SaveChatTopicEntity: entity('SaveChatTopicEntity', 'ChatTopicEntity'),
    DeleteChatTopicEntity: byId('DeleteChatTopicEntity', 'ChatTopicEntityId', 'none'),
    GetChatTopicEntity: byId('GetChatTopicEntity', 'ChatTopicEntityId', 'json'),
    IsWithinOpeningHours: request('IsWithinOpeningHours'),
    ChatTopicsForUser: noBody('ChatTopicsForUser'),
    GetUserAgentList: request('GetUserAgentList'),
    GetChatTopicUserAgentList: request('GetChatTopicUserAgentList'),
    GetChatTopicUserAgent: request('GetChatTopicUserAgent'),
    AddChatTopicUserAgent: request('AddChatTopicUserAgent'),
    UpdateChatTopicUserAgent: request('UpdateChatTopicUserAgent'),
    UpdateChatTopicUserAgents: request('UpdateChatTopicUserAgents'),
    DeleteChatTopicUserAgent: request('DeleteChatTopicUserAgent', 'none', false),
    CreateChatSessionForTopic: request('CreateChatSessionForTopic'),
  },
};

/**
 * Flags (`xs:list` of names in the WSDL) travel in REST JSON as ONE string, the .NET `[Flags]`
 * enum text: member names joined by `", "` (`"Email, Phone"`), and the value 0 spelled as the
 * enum's zero member. The OpenAPI schema gives each flags property `type: string` (never an
 * array) with `enum` = the member names; the one name it lists beyond the WSDL's `xs:list` is the
 * zero member, which WCF leaves out of the list type (an empty list already means 0):
 * `WidgetRequiredFields` → `None`, `ChatSessionFlags` → `CustomerIsTyping` (declared first without
 * a value, so 0). Flags types whose OpenAPI property has no `enum` (`TableRight.Mask`: ETableRight,
 * `FieldRight.Mask`: EFieldRight) have no known zero name: their 0 is written as `"0"` (what .NET
 * `Enum.ToString()` gives and `Enum.Parse` reads back).
 *
 * Keyed by flags type (TS name); checked against the OpenAPI file by the consistency test.
 */
export const CHAT_FLAGS_ZERO_NAMES: Readonly<Record<string, string>> = {
  ChatSessionFlags: 'CustomerIsTyping',
  WidgetRequiredFields: 'None',
};

/** The REST mappings this package knows, by service (descriptor) name. */
export const REST_MAPPINGS: Readonly<Record<string, { readonly mapping: RestServiceMapping; readonly flagsZeroNames: Readonly<Record<string, string>> }>> = {
  Chat: { mapping: CHAT_REST_MAPPING, flagsZeroNames: CHAT_FLAGS_ZERO_NAMES },
};
