import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../../src-renderer/lib/sse';

/** Feeds `chunks` to a fresh parser and returns every event it dispatched, in order. */
function parse(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

/**
 * One stream with everything that matters: the server's own frames (LF), CRLF and lone-CR line
 * ends, comments (the server's `: connected` and `: heartbeat`), several events back to back, an
 * event with no data (must not dispatch), multi-line data, fields without a colon or a space, and
 * fields this parser ignores.
 */
const STREAM = [
  ': connected\n\n',
  'event: change\ndata: {"cursor":1}\n\n',
  ': heartbeat\n\n',
  'event: change\r\ndata: {"cursor":2}\r\n\r\n',
  'data: first line\ndata:second line\ndata:  two spaces kept as one\n\n',
  'event: named-but-empty\n\n',
  'data: after the empty one\n\n',
  'event: cr\rdata: lone CR\r\r',
  'id: 7\nretry: 1000\nunknown: x\ndata\n\n',
  'data: héllo ✓ 🩺\n\n',
  'event: change\ndata: {"cursor":3}\n\nevent: change\ndata: {"cursor":4}\n\n',
  'data: no blank line yet, so never dispatched\n',
].join('');

const EXPECTED: SseEvent[] = [
  { event: 'change', data: '{"cursor":1}' },
  { event: 'change', data: '{"cursor":2}' },
  { event: 'message', data: 'first line\nsecond line\n two spaces kept as one' },
  { event: 'message', data: 'after the empty one' },
  { event: 'cr', data: 'lone CR' },
  { event: 'message', data: '' },
  { event: 'message', data: 'héllo ✓ 🩺' },
  { event: 'change', data: '{"cursor":3}' },
  { event: 'change', data: '{"cursor":4}' },
];

describe('createSseParser', () => {
  it('reads a whole stream pushed in one chunk', () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it('reads the same events whatever single point the stream is split at', () => {
    for (let i = 0; i <= STREAM.length; i += 1) {
      expect(parse([STREAM.slice(0, i), STREAM.slice(i)]), `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it('reads the same events whatever two points the stream is split at', () => {
    for (let i = 0; i <= STREAM.length; i += 1) {
      for (let j = i; j <= STREAM.length; j += 1) {
        const events = parse([STREAM.slice(0, i), STREAM.slice(i, j), STREAM.slice(j)]);
        // toEqual inside a 40k-iteration loop is slow; compare one string and report the split on failure.
        if (JSON.stringify(events) !== JSON.stringify(EXPECTED)) {
          expect(events, `split at ${i} and ${j}`).toEqual(EXPECTED);
        }
      }
    }
  });

  it('reads the same events pushed one character at a time, with empty chunks in between', () => {
    expect(parse([...STREAM].flatMap((c) => [c, '']))).toEqual(EXPECTED);
  });

  it('reads the same events from UTF-8 bytes split at every byte boundary (as TextDecoderStream hands them over)', () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let i = 0; i <= bytes.length; i += 1) {
      const decoder = new TextDecoder();
      const chunks = [
        decoder.decode(bytes.subarray(0, i), { stream: true }),
        decoder.decode(bytes.subarray(i), { stream: true }),
        decoder.decode(),
      ];
      expect(parse(chunks), `split at byte ${i}`).toEqual(EXPECTED);
    }
  });

  it('treats a CRLF split between two chunks as one line end, not a line end and a blank line', () => {
    // Were the CR and the LF read as two line ends, "a" would be dispatched on its own.
    expect(parse(['data: a\r', '\ndata: b\r\n', '\r\n'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it.each(['\n', '\r\n', '\r'])('dispatches an event as soon as its blank line arrives (line end %j), without waiting for more', (eol) => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    parser.push(`event: change${eol}data: 5${eol}${eol}`);
    expect(events).toEqual([{ event: 'change', data: '5' }]);
  });

  it('does not dispatch an event that has a name but no data, and does not carry its name over', () => {
    expect(parse(['event: change\n\n', 'data: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
    expect(parse(['event: change\r\n\r\n: heartbeat\r\n\r\n'])).toEqual([]);
  });

  it('ignores comment lines inside an event, and a comment that looks like a field', () => {
    expect(parse(['data: a\n: heartbeat\n:data: not data\ndata: b\n\n'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('dispatches each of several events in one chunk, each with its own name', () => {
    expect(parse(['event: one\ndata: 1\n\ndata: 2\n\nevent: three\ndata: 3\n\n'])).toEqual([
      { event: 'one', data: '1' },
      { event: 'message', data: '2' },
      { event: 'three', data: '3' },
    ]);
  });

  it('keeps colons after the first one in the value', () => {
    expect(parse(['data: {"at":"10:04"}\n\n'])).toEqual([{ event: 'message', data: '{"at":"10:04"}' }]);
  });
});
