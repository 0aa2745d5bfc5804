/**
 * What each Chat operation does in the simulator. Operations with behaviour act on `ChatState`;
 * every other operation of the descriptor answers a typed default of its output (see `defaults.ts`).
 * A handler returns the output wrapper's children (`{ Response: … }`, or `{}` for an empty
 * wrapper) or throws `NotFoundError` (answered as NULL, `nullOutput`, or with `notFound: 'exception'`
 * as `Succeeded=false` + `ExceptionInfo`).
 */
import type { ChatMessage, ChatPresence, ChatSessionEntity, ChatTopicAgent, ChatTopicEntity } from '../generated/chat/types.js';
import type { OperationDescriptor, ServiceDescriptor } from '../runtime/codec/descriptor.js';
import { elementFields } from '../runtime/codec/plan.js';
import { defaultValue } from './defaults.js';
import { NotFoundError, type ChatState } from './state.js';

type Body = Record<string, unknown>;
type Handler = (state: ChatState, input: Body) => Body;

const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const sessions = (state: ChatState): ChatSessionEntity[] => [...state.sessions.values()];

/** Operations that change state (their requests are counted as mutation requests). */
export const MUTATIONS = new Set([
  'DeleteChatSessionEntity', 'ResetChatSession', 'AddChatMessage', 'SaveChatSessionEntity', 'CreateChatSessionForTopic',
  'TransferChatSession', 'AcceptChatSessionTransfer', 'RejectChatSessionTransfer', 'PickUpChatSession', 'PickUpFirstChatSession',
  'SaveChatTopicEntity', 'DeleteChatTopicEntity', 'SaveChatPresence', 'AddChatTopicUserAgent', 'UpdateChatTopicUserAgent',
  'UpdateChatTopicUserAgents', 'DeleteChatTopicUserAgent',
]);

const handlers: Record<string, Handler> = {
  // Sessions
  GetChatSessionEntity: (s, i) => ({ Response: s.getSession(int(i.ChatSessionEntityId)) }),
  CreateDefaultChatSessionEntity: (s) => ({ Response: s.defaultSession() }),
  SaveChatSessionEntity: (s, i) => ({ Response: s.saveSession(i.ChatSessionEntity as ChatSessionEntity | null | undefined) }),
  DeleteChatSessionEntity: (s, i) => {
    const id = int(i.ChatSessionEntityId);
    if (!s.deleteSession(id)) throw new NotFoundError(`ChatSession with id ${id ?? '(none)'} was not found`);
    return {};
  },
  ResetChatSession: (s, i) => ({ Response: s.resetSession(int(i.ChatSessionId)) }),
  ChatSessionsForUser: (s) => ({ Response: sessions(s) }),
  CreateChatSessionForTopic: (s, i) => ({ Response: s.createSessionForTopic(int(i.ChatTopicId)) }),
  TransferChatSession: (s, i) => ({ Response: s.updateSession(int(i.ChatSessionId), { TransferTo: { Name: (i.ToAssociate as string | null | undefined) ?? '' } }) }),
  AcceptChatSessionTransfer: (s, i) => ({ Response: s.updateSession(int(i.ChatSessionId), { TransferTo: null, Status: 'UserLast' }) }),
  RejectChatSessionTransfer: (s, i) => ({ Response: s.updateSession(int(i.ChatSessionId), { TransferTo: null }) }),
  PickUpChatSession: (s, i) => ({ Response: s.updateSession(int(i.ChatSessionId), { Status: 'UserLast', WhenStarted: new Date() }) }),
  PickUpFirstChatSession: (s) => {
    const first = sessions(s).find((x) => x.Status === 'InQueue');
    return { Response: first ? s.updateSession(first.ChatSessionId, { Status: 'UserLast', WhenStarted: new Date() }) : null };
  },
  // Messages
  GetChatMessages: (s, i) => ({ Response: s.messagesAfter(int(i.ChatSessionId), int(i.After)) }),
  AddChatMessage: (s, i) => ({ Response: s.addMessage(int(i.ChatSessionId), i.Message as ChatMessage | null | undefined) }),
  GetChatTranscript: (s, i) => ({ Response: s.transcript(int(i.ChatSessionId), i.Html as boolean | undefined) }),
  // Topics
  GetChatTopicEntity: (s, i) => ({ Response: s.getTopic(int(i.ChatTopicEntityId)) }),
  SaveChatTopicEntity: (s, i) => ({ Response: s.saveTopic(i.ChatTopicEntity as ChatTopicEntity | null | undefined) }),
  DeleteChatTopicEntity: (s, i) => {
    const id = int(i.ChatTopicEntityId);
    if (!s.deleteTopic(id)) throw new NotFoundError(`ChatTopic with id ${id ?? '(none)'} was not found`);
    return {};
  },
  ChatTopicsForUser: (s) => ({ Response: [...s.topics.values()] }),
  IsWithinOpeningHours: (s, i) => {
    s.getTopic(int(i.ChatTopicId));
    return { Response: true };
  },
  GetChatTopicUserAgentList: (s, i) => {
    const topic = s.getTopic(int(i.ChatTopicId));
    const agents: ChatTopicAgent[] = [{ TopicId: topic.ChatTopicId, User: { AssociateId: 11, Name: 'AGENT1', FullName: 'Siri Support' }, CanListen: true, CanRespond: true, CanManage: false, CanNotify: true }];
    return { Response: agents };
  },
  GetChatPresence: (s) => {
    const presence: ChatPresence[] = [{ UserId: 11, DisplayName: 'Siri Support', OngoingChats: sessions(s).filter((x) => x.Status === 'UserLast').length, Present: true, ChatTopics: [...s.topics.keys()] }];
    return { Response: presence };
  },
};

/** Run an operation against the state. */
export function handle(service: ServiceDescriptor, op: OperationDescriptor, state: ChatState, input: Body): Body {
  const h = handlers[op.name];
  if (h) return h(state, input);
  // No behaviour of its own: a typed default of the output wrapper.
  const out: Body = {};
  for (const f of elementFields(op.output.fields, `simulator: ${op.output.element}`)) out[f.name] = defaultValue(service, f.type);
  return out;
}

/**
 * The output of an operation whose entity is missing, answered as NULL: a nil `Response`; no
 * `Response` element when it is not nillable (a value type such as `IsWithinOpeningHours`'s
 * boolean cannot be nil) or the operation has none.
 */
export function nullOutput(op: OperationDescriptor): Body {
  const response = op.output.fields.find((f) => 'name' in f && f.name === 'Response');
  return response && 'nillable' in response && response.nillable ? { Response: null } : {};
}

export { NotFoundError };
