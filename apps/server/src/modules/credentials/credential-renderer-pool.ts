import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sealServiceHost } from '../sealing/seal-services.ts';
import type { SealUse } from '../sealing/seal-use.ts';
import { fromWire, RenderError, toWire } from '../sealing/sealing-errors.ts';
import { sealKey } from '../sealing/signer-wire.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { CredentialRenderer, RenderedCredential, RenderTask } from './render-task.ts';
import type { FromRenderer, ToRenderer } from './render-worker.ts';

export interface RendererPoolOptions {
  seals: SealsContext;
  /** Default: one per core. */
  workers?: number;
  /**
   * Tasks each worker holds at once (default 4): while one waits for a signature or a timestamp from
   * this thread, the worker renders the next.
   */
  tasksPerWorker?: number;
  /** The worker's entry module; default worker-bootstrap.js (tests give one that crashes). */
  workerUrl?: URL;
}

interface Pending {
  task: RenderTask;
  resolve(r: RenderedCredential): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  /** Template and seal keys whose values this worker already holds. */
  sent: Set<string>;
  exited: boolean;
}

/**
 * Worker threads that render and seal credentials; keys, TSA and OCSP stay on this thread. Workers
 * start on the first render, so a server that issues nothing starts none.
 */
export function createCredentialRendererPool(opts: RendererPoolOptions): CredentialRenderer {
  const size = Math.max(1, opts.workers ?? availableParallelism());
  const perWorker = Math.max(1, opts.tasksPerWorker ?? 4);
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let turn = 0;
  let closed = false;
  const host = sealServiceHost(opts.seals);
  /** A job's tasks share their plan's SealUse objects: each is hashed once. */
  const keysOf = new WeakMap<SealUse, string>();
  const keyOf = (seal: SealUse): string => {
    let key = keysOf.get(seal);
    if (!key) {
      key = sealKey(seal);
      keysOf.set(seal, key);
    }
    return key;
  };

  /** The task as sent to `slot`: template and seals by key once the worker holds them. */
  const wire = (slot: Slot, task: RenderTask) => {
    const once = <T>(key: string, value: T): T | string => {
      if (slot.sent.has(key)) return key;
      slot.sent.add(key);
      return value;
    };
    const template = once(`template:${task.templateKey}`, task.template);
    return {
      ...task,
      template: typeof template === 'string' ? null : template,
      issuer: once(keyOf(task.issuer), task.issuer),
      counter: task.counter ? once(keyOf(task.counter), task.counter) : null,
    };
  };

  const dispatch = () => {
    if (closed || queue.length === 0) return;
    // The first render starts every worker, so a batch (and its warm-up) uses all cores from the start.
    while (slots.length < size) spawn();
    while (queue.length > 0) {
      // The least busy worker; ties go round, so single requests warm every worker too.
      let slot: Slot | undefined;
      for (let i = 0; i < slots.length; i++) {
        const s = slots[(turn + i) % slots.length] as Slot;
        if (s.inFlight.size < perWorker && (!slot || s.inFlight.size < slot.inFlight.size)) slot = s;
      }
      if (!slot) return;
      turn = (slots.indexOf(slot) + 1) % slots.length;
      const pending = queue.shift() as Pending;
      const id = nextId++;
      slot.inFlight.set(id, pending);
      // Under a second is the system clock itself (0); a test's fixed clock gives a real offset.
      const offset = opts.seals.clock().getTime() - Date.now();
      slot.worker.postMessage({
        type: 'render',
        id,
        task: wire(slot, pending.task),
        clockOffsetMs: Math.abs(offset) < 1000 ? 0 : offset,
      } satisfies ToRenderer);
    }
  };

  const spawn = (): Slot => {
    const worker = new Worker(opts.workerUrl ?? new URL('./worker-bootstrap.js', import.meta.url));
    const slot: Slot = { worker, inFlight: new Map(), sent: new Set(), exited: false };
    const lost = (why: string) => {
      if (slot.exited) return;
      slot.exited = true;
      slots.splice(slots.indexOf(slot), 1);
      for (const p of slot.inFlight.values())
        p.reject(new RenderError('ERR_RENDER_FAILED', `the renderer stopped: ${why}`));
      slot.inFlight.clear();
      // Its replacement starts with the next task.
      dispatch();
    };
    worker.on('message', (msg: FromRenderer) => {
      if (msg.type === 'call') {
        host.answer(msg.call).then(
          (value) => worker.postMessage({ type: 'reply', rid: msg.rid, value } satisfies ToRenderer),
          (e: unknown) =>
            worker.postMessage({ type: 'reply', rid: msg.rid, error: toWire(e) } satisfies ToRenderer),
        );
        return;
      }
      const pending = slot.inFlight.get(msg.id);
      if (!pending) return;
      slot.inFlight.delete(msg.id);
      if (msg.type === 'rendered')
        pending.resolve({ pdf: msg.pdf, sha256: msg.sha256, pageCount: msg.pageCount });
      else pending.reject(fromWire(msg.error));
      dispatch();
    });
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    slots.push(slot);
    return slot;
  };

  return {
    render(task) {
      if (closed) return Promise.reject(new RenderError('ERR_RENDER_FAILED', 'the renderer pool is closed'));
      return new Promise<RenderedCredential>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0))
        p.reject(new RenderError('ERR_RENDER_FAILED', 'the renderer pool is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
      host.close();
    },
  };
}
