/** One server-sent event: the `event:` name (default "message") and its joined `data:` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser for a `text/event-stream` body (the WHATWG rules that matter here):
 * lines end in LF, CRLF or CR; a blank line dispatches; lines starting with ":" are comments
 * (heartbeats); `data:` lines are joined with "\n"; one leading space after the colon is dropped.
 */
export function createSseParser(onEvent: (event: SseEvent) => void): { push(chunk: string): void } {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  /** The last line ended in a CR at the very end of a chunk: an LF opening the next chunk is its second half. */
  let skipLf = false;

  const dispatch = () => {
    if (data.length > 0) onEvent({ event: eventName || 'message', data: data.join('\n') });
    eventName = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
  };

  return {
    push(chunk) {
      if (chunk === '') return;
      // A CR that ended the previous chunk already ended its line (a CR-only stream must not wait
      // for more data to dispatch); if it was the first half of a CRLF, drop the LF.
      buffer += skipLf && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
      skipLf = false;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        skipLf = match[0] === '\r' && buffer === '';
      }
    },
  };
}
