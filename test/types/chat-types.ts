/**
 * Type-level tests of the generated Chat types (checked by `tsc -p tsconfig.json --noEmit`, which
 * CI runs; this is not a jest test). Every `@ts-expect-error` line follows a twin that compiles, so
 * it fails for the reason it names; test/types/chat-types.test.ts proves that removing any one of
 * them breaks the compile (the file cannot pass vacuously).
 */
import {
  ChatMessageType,
  ChatSessionFlags,
  type ChatClient,
  type ChatMessage,
  type ChatSessionEntity,
  type GetChatMessagesRequest,
  type GetChatMessagesResponse,
} from '../../src/generated/chat/index.js';

/** True exactly when A and B are the same type (not mere mutual assignability). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;

// ── exact types ───────────────────────────────────────────────────────────────────────────────
export type ResponseIsNullableArrayOfNullableMessages = Assert<Equals<GetChatMessagesResponse['Response'], (ChatMessage | null)[] | null | undefined>>;
export type TypeIsTheClosedUnion = Assert<Equals<ChatMessage['Type'], 'Invalid' | 'ToCustomer' | 'ToUser' | 'Special' | undefined>>;
export type WhenPostedIsDate = Assert<Equals<ChatMessage['WhenPosted'], Date | undefined>>;
export type MessageIsNullableString = Assert<Equals<ChatMessage['Message'], string | null | undefined>>;
export type FlagsAreReadonlyArray = Assert<Equals<ChatSessionEntity['Flags'], readonly 'UserIsTyping'[] | undefined>>;
export type EnumConstIsItsUnion = Assert<Equals<(typeof ChatMessageType)[keyof typeof ChatMessageType], ChatMessageType>>;
/** Equals is strict: `any`, a supertype or a subtype is not equal. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks that Equals tells `any` apart
export type EqualsRejectsAny = Assert<Equals<Equals<ChatMessage['WhenPosted'], any>, false>>;
export type EqualsRejectsSupertype = Assert<Equals<Equals<ChatMessage['Type'], string | undefined>, false>>;
export type EqualsRejectsSubtype = Assert<Equals<Equals<ChatMessage['Type'], 'ToUser' | undefined>, false>>;

// ── values that must be rejected ──────────────────────────────────────────────────────────────
export const goodType: ChatMessage = { Type: 'ToUser' };
// @ts-expect-error a value outside the enumeration
export const badType: ChatMessage = { Type: 'ToBot' };

export const goodTypeConst: ChatMessage = { Type: ChatMessageType.Special };
// @ts-expect-error a plain string is not the closed union
export const badTypeString: ChatMessage = { Type: String('ToUser') };

export const goodId: ChatMessage = { ChatMessageId: 1 };
// @ts-expect-error a string where xs:int is declared
export const badId: ChatMessage = { ChatMessageId: '1' };

export const goodWhen: ChatMessage = { WhenPosted: new Date(0) };
// @ts-expect-error a number where xs:dateTime (Date) is declared
export const badWhen: ChatMessage = { WhenPosted: 0 };

export const goodNull: ChatMessage = { Message: null };
// @ts-expect-error null where the element is not nillable
export const badNull: ChatMessage = { ChatMessageId: null };

export const goodRequest: GetChatMessagesRequest = { ChatSessionId: 1, After: 0 };
// @ts-expect-error an unknown key
export const badRequest: GetChatMessagesRequest = { ChatSessionId: 1, After: 0, Before: 5 };

export const goodFlags: ChatSessionEntity = { Flags: [ChatSessionFlags.UserIsTyping] };
// @ts-expect-error flags are an array, never a single value
export const badFlags: ChatSessionEntity = { Flags: 'UserIsTyping' };

export const goodNoFlags: ChatSessionEntity = { Flags: [] };
// @ts-expect-error a value outside the flags' enumeration
export const badFlag: ChatSessionEntity = { Flags: ['UserIsSleeping'] };

export async function calls(chat: ChatClient): Promise<void> {
  await chat.getChatMessages({ ChatSessionId: 1 });
  await chat.getChatMessages();
  // @ts-expect-error a wrong scalar type in a call
  await chat.getChatMessages({ ChatSessionId: '1' });
  const messages = await chat.getChatMessages({ ChatSessionId: 1 });
  const resolvesToResponse: Assert<Equals<typeof messages, (ChatMessage | null)[] | null | undefined>> = true;
  const withMeta = await chat.getChatMessages({ ChatSessionId: 1 }, { withMeta: true });
  const metaData: Assert<Equals<typeof withMeta.data, (ChatMessage | null)[] | null | undefined>> = true;
  const metaHeader: Assert<Equals<typeof withMeta.headers.Succeeded, boolean | undefined>> = true;
  void [resolvesToResponse, metaData, metaHeader, withMeta];
  const first = (messages ?? [])[0];
  void first?.Type;
  // @ts-expect-error the response may be null or undefined: the caller decides (`?? []`)
  void messages.length;
}

/** A call's `headers` are the header parts its operation declares (Services88: ApplicationToken, Credentials, TimeZone; REST's Language). */
export async function perCallHeaders(chat: ChatClient): Promise<void> {
  await chat.getChatMessages({ ChatSessionId: 1 }, { headers: { ApplicationToken: 'app', Credentials: { Ticket: '7T:x' }, TimeZone: { SoTimeZoneId: 4 } } });
  await chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: undefined, Language: 'de' } });
  await chat.getChatMessages({ ChatSessionId: 1 }, { withMeta: true, headers: { Credentials: { Ticket: '8A:y' } } });
  // @ts-expect-error a header part Chat's operations do not declare
  await chat.getChatMessages({ ChatSessionId: 1 }, { headers: { DeveloperToken: 'x' } });
  // @ts-expect-error a Ticket is a string
  await chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: { Ticket: 7 } } });
  // @ts-expect-error the withMeta overload checks the header parts too
  await chat.getChatMessages({ ChatSessionId: 1 }, { withMeta: true, headers: { Ticket: '7T:x' } });
}
