/**
 * The simulator's in-memory Chat data: sessions and their messages (seeded deterministically),
 * chat topics, and the counters of every mutation it applies, per id, so that tests can prove
 * "exactly once" (a delete that removes nothing is received but not effective).
 */
import type { Associate, ChatMessage, ChatSessionEntity, ChatSessionStatus, ChatTopicEntity } from '../generated/chat/types.js';
import { Random } from './random.js';

export interface StateOptions {
  /** Seed of the generated data (default 1). */
  seed?: number;
  /** Number of sessions (ids 1..N, default 20). */
  sessions?: number;
  /** Messages per session: a number, or `[min, max]` drawn per session (default [2, 24]). */
  messagesPerSession?: number | readonly [number, number];
  /** Most messages one GetChatMessages answer carries (the caller pages with `After`; default 500). */
  pageSize?: number;
  /**
   * Every message's text padded to this many characters when served (GetChatMessages), for large
   * pages: `pageSize` × `messageBytes` ≈ the page size. Nothing large is stored (one shared padding).
   */
  messageBytes?: number;
}

/** Mutation kinds the simulator counts. */
export type MutationKind = 'deleted' | 'reset' | 'added' | 'saved' | 'created' | 'other';
/** The entities mutations apply to (their ids are separate number spaces). */
export type EntityKind = 'session' | 'topic';

export interface MutationCounters {
  /** Effective mutations by kind (a delete of a session already gone is not counted). */
  readonly byKind: Record<MutationKind, number>;
  /** Effective mutations of sessions by kind and session id (`byEntity.session`). */
  readonly byId: Record<MutationKind, Map<number, number>>;
  /** Effective mutations by entity kind, mutation kind and id. */
  readonly byEntity: Record<EntityKind, Record<MutationKind, Map<number, number>>>;
  /** Every mutation request the simulator processed, effective or not, by operation. */
  readonly requested: Map<string, number>;
}

const FIRST_NAMES = ['Ada', 'Bjørn', 'Chloé', 'Dmitri', 'Eva', 'Frode', 'Grace', 'Hiro', 'Ingrid', 'José', 'Kari', 'Linus', 'Marit', 'Noor', 'Olav', 'Priya'];
const LAST_NAMES = ['Lovelace', 'Hansen', 'Dubois', 'Ivanov', 'Berg', 'Nilsen', 'Hopper', 'Tanaka', 'Solberg', 'García', 'Nordmann', 'Torvalds', 'Haugen', 'Khan', 'Olsen', 'Patel'];
const COMPANIES = ['Acme AS', 'Fjord & Sons', 'Nordic <Widgets>', 'Blåbær Ltd', 'Oslo "Tech" AS', 'Bergen Data'];
const WORDS = [
  'hello', 'invoice', 'order', 'delivery', 'please', 'thanks', 'account', 'password', 'reset', 'when', 'will', 'my',
  'package', 'arrive', 'refund', 'price', 'support', 'ticket', 'update', 'today', 'tomorrow', 'great', 'issue', 'login',
  'R&D', '<b>bold</b>', '"quoted"', "it's", 'æøå', 'Größe', '🙂', 'naïve', 'x < y & y > z',
];
const STATUSES: readonly ChatSessionStatus[] = ['Closed', 'Finished', 'CustomerLast', 'UserLast', 'InQueue'];
const AGENTS: readonly Associate[] = [
  { AssociateId: 11, Name: 'AGENT1', FullName: 'Siri Support', UserName: 'siri', Type: 'InternalAssociate', PersonId: 101 },
  { AssociateId: 12, Name: 'AGENT2', FullName: 'Tor Helpdesk', UserName: 'tor', Type: 'InternalAssociate', PersonId: 102 },
  { AssociateId: 13, Name: 'AGENT3', FullName: 'Una Service', UserName: 'una', Type: 'InternalAssociate', PersonId: 103 },
];
const BASE_TIME = Date.UTC(2024, 0, 15, 8, 0, 0);

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class ChatState {
  readonly sessions = new Map<number, ChatSessionEntity>();
  /** Messages by session id, ascending by ChatMessageId. */
  readonly messages = new Map<number, ChatMessage[]>();
  readonly topics = new Map<number, ChatTopicEntity>();
  readonly pageSize: number;
  /** The padding of served messages (`messageBytes`), one string shared by all. */
  private readonly padding: string | undefined;
  readonly counters: MutationCounters = (() => {
    const byEntity = { session: perKind(), topic: perKind() };
    return { byKind: { deleted: 0, reset: 0, added: 0, saved: 0, created: 0, other: 0 }, byId: byEntity.session, byEntity, requested: new Map() };
  })();
  private nextSessionId: number;
  private nextMessageId = 1;
  private nextTopicId = 1;
  private readonly random: Random;

  constructor(options: StateOptions = {}) {
    const seed = options.seed ?? 1;
    const count = options.sessions ?? 20;
    this.pageSize = options.pageSize ?? 500;
    this.padding = options.messageBytes ? 'x'.repeat(options.messageBytes) : undefined;
    this.random = new Random(seed);
    for (let t = 0; t < 3; t++) this.addTopic();
    const per = options.messagesPerSession ?? [2, 24];
    for (let id = 1; id <= count; id++) {
      const n = typeof per === 'number' ? per : this.random.int(per[0], per[1]);
      this.seedSession(id, n);
    }
    this.nextSessionId = count + 1;
  }

  /** Total number of messages currently held. */
  messageCount(): number {
    let n = 0;
    for (const list of this.messages.values()) n += list.length;
    return n;
  }

  /** Record a mutation request (effective or not) for an operation. */
  requested(operation: string): void {
    this.counters.requested.set(operation, (this.counters.requested.get(operation) ?? 0) + 1);
  }

  private count(kind: MutationKind, id: number, entity: EntityKind = 'session'): void {
    this.counters.byKind[kind]++;
    const byId = this.counters.byEntity[entity][kind];
    byId.set(id, (byId.get(id) ?? 0) + 1);
  }

  // Sessions ---------------------------------------------------------------------------------------

  getSession(id: number | undefined): ChatSessionEntity {
    const s = id === undefined ? undefined : this.sessions.get(id);
    if (!s) throw new NotFoundError(`ChatSession with id ${id ?? '(none)'} was not found`);
    return s;
  }

  /** Delete a session and its messages; `false` when it was already gone (not an effective mutation). */
  deleteSession(id: number | undefined): boolean {
    if (id === undefined || !this.sessions.has(id)) return false;
    this.sessions.delete(id);
    this.messages.delete(id);
    this.count('deleted', id);
    return true;
  }

  /** Put a session back in the queue, unassigned. */
  resetSession(id: number | undefined): ChatSessionEntity {
    const s = this.getSession(id);
    s.Status = 'InQueue';
    s.User = null;
    s.TransferTo = null;
    s.WhenStarted = new Date(0);
    this.count('reset', s.ChatSessionId!);
    return s;
  }

  /** A new, unsaved session with default values (CreateDefaultChatSessionEntity). */
  defaultSession(): ChatSessionEntity {
    return {
      ChatSessionId: 0,
      TopicId: 0,
      User: null,
      Person: null,
      CustomerAlias: '',
      CustomerName: '',
      CustomerEmail: '',
      CustomerConsented: false,
      Status: 'Invalid',
      FirstMessage: '',
      LastMessage: '',
      WhenRequested: new Date(0),
      SessionKey: '',
      InitialQueuePos: 0,
      AlertLevel: 0,
      Rank: 0,
      Flags: [],
      ChatbotIsActive: false,
      Rating: 0,
    };
  }

  /** Save a session: id 0 (or unknown to a new one) creates it, otherwise updates the stored one. */
  saveSession(entity: ChatSessionEntity | null | undefined): ChatSessionEntity {
    const e = entity ?? {};
    const id = e.ChatSessionId;
    if (id && this.sessions.has(id)) {
      const stored = this.sessions.get(id)!;
      Object.assign(stored, stripUndefined(e as Record<string, unknown>));
      this.count('saved', id);
      return stored;
    }
    if (id) throw new NotFoundError(`ChatSession with id ${id} was not found`);
    const created: ChatSessionEntity = { ...this.defaultSession(), ...stripUndefined(e as Record<string, unknown>), ChatSessionId: this.nextSessionId++ };
    if (!created.WhenRequested || created.WhenRequested.getTime() === 0) created.WhenRequested = new Date(BASE_TIME);
    this.sessions.set(created.ChatSessionId!, created);
    this.messages.set(created.ChatSessionId!, []);
    this.count('created', created.ChatSessionId!);
    return created;
  }

  /** A new session in the queue of a topic (CreateChatSessionForTopic). */
  createSessionForTopic(topicId: number | undefined): ChatSessionEntity {
    if (topicId === undefined || !this.topics.has(topicId)) throw new NotFoundError(`ChatTopic with id ${topicId ?? '(none)'} was not found`);
    return this.saveSession({ TopicId: topicId, Status: 'InQueue', SessionKey: this.sessionKey() });
  }

  /** Update a session's fields (pick up, transfer…), counted as `other`. */
  updateSession(id: number | undefined, change: Partial<ChatSessionEntity>): ChatSessionEntity {
    const s = this.getSession(id);
    Object.assign(s, change);
    this.count('other', s.ChatSessionId!);
    return s;
  }

  // Messages ---------------------------------------------------------------------------------------

  /** Messages of a session with an id above `after`, at most `pageSize` of them. */
  messagesAfter(sessionId: number | undefined, after: number | undefined): ChatMessage[] {
    this.getSession(sessionId);
    const list = this.messages.get(sessionId!) ?? [];
    const from = firstAbove(list, after ?? 0);
    const page = list.slice(from, from + this.pageSize);
    const pad = this.padding;
    if (pad === undefined) return page;
    return page.map((m) => {
      const text = m.Message ?? '';
      return { ...m, Message: text.length >= pad.length ? text : `${text} ${pad.slice(text.length + 1)}` };
    });
  }

  addMessage(sessionId: number | undefined, message: ChatMessage | null | undefined): ChatMessage {
    const s = this.getSession(sessionId);
    const list = this.messages.get(s.ChatSessionId!)!;
    const m: ChatMessage = {
      Type: 'ToCustomer',
      Author: '',
      ReadByCustomer: 0,
      SpecialType: 'None',
      SpecialParam: '',
      ...stripUndefined((message ?? {}) as Record<string, unknown>),
      ChatMessageId: this.nextMessageId++,
      ChatSessionId: s.ChatSessionId,
      WhenPosted: new Date(BASE_TIME + this.nextMessageId * 1000),
    };
    list.push(m);
    if (!s.FirstMessage) s.FirstMessage = m.Message ?? '';
    s.LastMessage = m.Message ?? '';
    s.Status = m.Type === 'ToUser' ? 'CustomerLast' : 'UserLast';
    this.count('added', s.ChatSessionId!);
    return m;
  }

  /** The transcript of a session: one line per message (`Html`: an HTML fragment with escaped text). */
  transcript(sessionId: number | undefined, html: boolean | undefined): string {
    this.getSession(sessionId);
    const list = this.messages.get(sessionId!) ?? [];
    const lines = list.map((m) => `[${m.WhenPosted?.toISOString() ?? ''}] ${m.Author ?? ''}: ${m.Message ?? ''}`);
    if (!html) return lines.join('\n');
    return `<div class="chat-transcript">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
  }

  // Topics -----------------------------------------------------------------------------------------

  getTopic(id: number | undefined): ChatTopicEntity {
    const t = id === undefined ? undefined : this.topics.get(id);
    if (!t) throw new NotFoundError(`ChatTopic with id ${id ?? '(none)'} was not found`);
    return t;
  }

  saveTopic(entity: ChatTopicEntity | null | undefined): ChatTopicEntity {
    const e = stripUndefined((entity ?? {}) as Record<string, unknown>) as ChatTopicEntity;
    if (e.ChatTopicId && this.topics.has(e.ChatTopicId)) {
      const stored = this.topics.get(e.ChatTopicId)!;
      Object.assign(stored, e);
      this.count('saved', e.ChatTopicId, 'topic');
      return stored;
    }
    if (e.ChatTopicId) throw new NotFoundError(`ChatTopic with id ${e.ChatTopicId} was not found`);
    const t = this.addTopic(e);
    this.count('created', t.ChatTopicId!, 'topic');
    return t;
  }

  deleteTopic(id: number | undefined): boolean {
    if (id === undefined || !this.topics.delete(id)) return false;
    this.count('deleted', id, 'topic');
    return true;
  }

  // Seeding ----------------------------------------------------------------------------------------

  private addTopic(e: ChatTopicEntity = {}): ChatTopicEntity {
    const id = this.nextTopicId++;
    const t: ChatTopicEntity = {
      ChatTopicId: id,
      Name: ['Sales', 'Support', 'Billing'][id - 1] ?? `Topic ${id}`,
      Description: `Chat topic ${id}`,
      WelcomeMessage: 'Welcome! How can we help?',
      SecondsPrAccept: 30,
      CollectConsent: false,
      OpeningHoursEnabled: false,
      BotEnabled: false,
      ...e,
    };
    t.ChatTopicId = id;
    this.topics.set(id, t);
    return t;
  }

  private sessionKey(): string {
    let s = '';
    for (let i = 0; i < 16; i++) s += this.random.int(0, 15).toString(16);
    return s;
  }

  private seedSession(id: number, messageCount: number): void {
    const r = this.random;
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const agent = r.pick(AGENTS);
    const requested = BASE_TIME + id * 600_000;
    const status = r.pick(STATUSES);
    const session: ChatSessionEntity = {
      ChatSessionId: id,
      TopicId: r.int(1, 3),
      User: status === 'InQueue' ? null : { ...agent },
      Person: null,
      CustomerAlias: first.toLowerCase(),
      CustomerHost: `host-${r.int(1, 250)}.example.net`,
      CustomerName: `${first} ${last}`,
      CustomerEmail: `${first}.${last}@example.com`.toLowerCase(),
      CustomerPhone: `+47 ${r.int(10_000_000, 99_999_999)}`,
      CustomerConsented: r.next() < 0.5,
      CustomerCompanyName: r.pick(COMPANIES),
      Status: status,
      WhenRequested: new Date(requested),
      WhenStarted: new Date(requested + 30_000),
      SessionKey: this.sessionKey(),
      InitialQueuePos: r.int(0, 5),
      AlertLevel: 0,
      Rank: id,
      Flags: [],
      ChatbotIsActive: false,
      Rating: r.int(0, 5),
    };
    const list: ChatMessage[] = [];
    let at = requested + 40_000;
    for (let i = 0; i < messageCount; i++) {
      const toUser = i % 2 === 0;
      const words: string[] = [];
      const n = r.int(3, 12);
      for (let w = 0; w < n; w++) words.push(r.pick(WORDS));
      at += r.int(2, 90) * 1000;
      list.push({
        ChatMessageId: this.nextMessageId++,
        ChatSessionId: id,
        Type: toUser ? 'ToUser' : 'ToCustomer',
        Message: words.join(' '),
        Author: toUser ? session.CustomerName : agent.FullName,
        ReadByCustomer: 1,
        SpecialType: 'None',
        SpecialParam: '',
        WhenPosted: new Date(at),
      });
    }
    session.FirstMessage = list[0]?.Message ?? '';
    session.LastMessage = list[list.length - 1]?.Message ?? '';
    if (status === 'Closed' || status === 'Finished') session.WhenEnded = new Date(at + 60_000);
    this.sessions.set(id, session);
    this.messages.set(id, list);
  }
}

function perKind(): Record<MutationKind, Map<number, number>> {
  return { deleted: new Map(), reset: new Map(), added: new Map(), saved: new Map(), created: new Map(), other: new Map() };
}

/** Index of the first message whose id is above `after` (ids ascend). */
function firstAbove(list: readonly ChatMessage[], after: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid].ChatMessageId ?? 0) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
