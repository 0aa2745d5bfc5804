/** The simulator's in-memory state: deterministic seeding, paging with After, mutation counters. */
import { ChatState } from '../../src/simulator/state.js';

test('seeded deterministically: same seed, same data; another seed, other data', () => {
  const a = new ChatState({ seed: 5, sessions: 10 });
  const b = new ChatState({ seed: 5, sessions: 10 });
  const c = new ChatState({ seed: 6, sessions: 10 });
  expect([...a.messages.values()]).toEqual([...b.messages.values()]);
  expect([...a.sessions.values()]).toEqual([...b.sessions.values()]);
  expect([...a.sessions.values()]).not.toEqual([...c.sessions.values()]);
  expect([...a.sessions.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const counts = [...a.messages.values()].map((l) => l.length);
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
  expect(Math.max(...counts)).toBeLessThanOrEqual(24);
  // Message ids run 1..N across sessions, ascending within a session.
  const ids = [...a.messages.values()].flat().map((m) => m.ChatMessageId);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(a.messageCount()).toBe(ids.length);
});

test('messagesAfter pages with After = the last message id seen', () => {
  const s = new ChatState({ sessions: 2, messagesPerSession: 11, pageSize: 4 });
  const seen: number[] = [];
  let after = 0;
  for (;;) {
    const page = s.messagesAfter(2, after);
    if (page.length === 0) break;
    expect(page.length).toBeLessThanOrEqual(4);
    for (const m of page) seen.push(m.ChatMessageId!);
    after = page[page.length - 1].ChatMessageId!;
  }
  expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => 12 + i));
  expect(() => s.messagesAfter(3, 0)).toThrow('ChatSession with id 3 was not found');
});

test('counts effective mutations per id: a second delete of the same id is not one', () => {
  const s = new ChatState({ sessions: 3, messagesPerSession: 2 });
  expect(s.deleteSession(2)).toBe(true);
  expect(s.deleteSession(2)).toBe(false);
  s.resetSession(1);
  s.resetSession(1);
  s.addMessage(3, { Message: 'hi' });
  expect(s.counters.byKind).toEqual({ deleted: 1, reset: 2, added: 1, saved: 0, created: 0, other: 0 });
  expect(Object.fromEntries(s.counters.byId.deleted)).toEqual({ 2: 1 });
  expect(Object.fromEntries(s.counters.byId.reset)).toEqual({ 1: 2 });
  expect(s.sessions.get(1)!.Status).toBe('InQueue');
  expect(s.messages.has(2)).toBe(false);
  const added = s.messages.get(3)!;
  expect(added[added.length - 1]).toMatchObject({ Message: 'hi', ChatSessionId: 3, ChatMessageId: 7 });
});

test('save creates (id 0) and updates; transcripts in text and HTML', () => {
  const s = new ChatState({ sessions: 1, messagesPerSession: 2 });
  const created = s.saveSession({ ChatSessionId: 0, CustomerName: 'New <Customer>' });
  expect(created.ChatSessionId).toBe(2);
  s.saveSession({ ChatSessionId: 2, CustomerEmail: 'x@example.com' });
  expect(s.sessions.get(2)).toMatchObject({ CustomerName: 'New <Customer>', CustomerEmail: 'x@example.com' });
  expect(() => s.saveSession({ ChatSessionId: 77 })).toThrow('was not found');
  expect(s.counters.byKind.created).toBe(1);
  expect(s.counters.byKind.saved).toBe(1);
  s.addMessage(2, { Message: 'a < b', Author: 'Ann' });
  expect(s.transcript(2, false)).toMatch(/^\[\d{4}-.*\] Ann: a < b$/);
  expect(s.transcript(2, true)).toContain('Ann: a &lt; b</p>');
});
