import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  isOpenSealError,
  OpenSealError,
  rebuildError,
  type SerializedError,
  serializeError,
} from '../src/index.ts';

type ParseCode = 'ERR_PARSE_TRUNCATED' | 'ERR_PARSE_ENCRYPTED';
class ParseError extends OpenSealError<ParseCode> {}

class WaitError extends OpenSealError<'ERR_WAIT'> {
  constructor(readonly retryAfterMs: number) {
    super('ERR_WAIT', `wait ${retryAfterMs} ms`);
  }
  get seconds(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}

/** Through a real port: what postMessage's structured clone keeps of the serialized form. */
function throughPort<T>(value: T): T {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(value);
  const received = receiveMessageOnPort(port2);
  port1.close();
  port2.close();
  if (!received) throw new Error('nothing arrived');
  return received.message as T;
}

describe('OpenSealError', () => {
  it('names itself after its class and keeps code, details and cause', () => {
    const cause = new Error('bad xref');
    const e = new ParseError('ERR_PARSE_TRUNCATED', 'cut short', { cause, details: ['offset 12'] });
    expect(e.name).toBe('ParseError');
    expect(e.code).toBe('ERR_PARSE_TRUNCATED');
    expect(e.details).toEqual(['offset 12']);
    expect(e.cause).toBe(cause);
    expect(isOpenSealError(e)).toBe(true);
    expect(isOpenSealError(new Error('x'))).toBe(false);
  });

  it('crosses a port as the same class with its code, own fields and cause', () => {
    const thrown = new ParseError('ERR_PARSE_ENCRYPTED', 'encrypted', {
      cause: new WaitError(1500),
      details: ['/Encrypt'],
    });
    // Structured clone alone loses the class and the code.
    const cloned = throughPort(thrown);
    expect(cloned).not.toBeInstanceOf(ParseError);
    expect(Object.hasOwn(cloned, 'code')).toBe(false);

    const back = rebuildError(throughPort(serializeError(thrown)), [ParseError, WaitError]);
    expect(back).toBeInstanceOf(ParseError);
    if (!(back instanceof ParseError)) return;
    expect(back.code).toBe('ERR_PARSE_ENCRYPTED');
    expect(back.message).toBe('encrypted');
    expect(back.name).toBe('ParseError');
    expect(back.details).toEqual(['/Encrypt']);
    expect(back.stack).toBe(thrown.stack);
    expect(back.cause).toBeInstanceOf(WaitError);
    if (!(back.cause instanceof WaitError)) return;
    expect(back.cause.retryAfterMs).toBe(1500);
    expect(back.cause.seconds).toBe(2);
  });

  it('keeps the code of a class the receiver does not know, and plain errors as plain errors', () => {
    const unknown = rebuildError(serializeError(new ParseError('ERR_PARSE_TRUNCATED', 'short')), []);
    expect(unknown).toBeInstanceOf(OpenSealError);
    expect(unknown.name).toBe('ParseError');
    expect(isOpenSealError(unknown) && unknown.code).toBe('ERR_PARSE_TRUNCATED');

    const plain = rebuildError(serializeError(new TypeError('nope')), [ParseError]);
    expect(plain).not.toBeInstanceOf(OpenSealError);
    expect(plain.name).toBe('TypeError');
    expect(plain.message).toBe('nope');
    expect(serializeError('a string')).toEqual({ name: 'Error', message: 'a string' });
  });

  it('survives a real worker thread', async () => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (s) => parentPort.postMessage(s));`,
      { eval: true },
    );
    const echoed = await new Promise<SerializedError>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(serializeError(new ParseError('ERR_PARSE_TRUNCATED', 'short', { details: ['x'] })));
    });
    await worker.terminate();
    const back = rebuildError(echoed, [ParseError]);
    expect(back).toBeInstanceOf(ParseError);
    expect(back instanceof ParseError && back.code).toBe('ERR_PARSE_TRUNCATED');
  });
});
