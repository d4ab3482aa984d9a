// A renderer thread: template -> PDF -> the seal step's certified sealing (createRenderAndSeal), with
// the seal services answered by the main thread over this worker's port (sealing/
// remote-seal-services.ts). Keys, the TSA and the revocation sources stay there.
import { isMainThread, parentPort } from 'node:worker_threads';
import { remoteSealServices } from '../sealing/remote-seal-services.ts';
import type { SealUse } from '../sealing/seal-use.ts';
import { RenderError, toWire, type WireError } from '../sealing/sealing-errors.ts';
import { own, type ServiceCallMessage, type ServiceReplyMessage } from '../sealing/signer-wire.ts';
import type { RenderTask } from './render-task.ts';

/**
 * A task as it crosses the port. Templates and seals are cloned into a worker once, not per document:
 * `template` is null and a seal is its `sealKey()` when this worker was sent them before.
 */
export type WireTask = Omit<RenderTask, 'template' | 'issuer' | 'counter'> & {
  template: RenderTask['template'] | null;
  issuer: SealUse | string;
  counter: SealUse | string | null;
};

/** What the main thread sends a renderer. */
export type ToRenderer =
  /** `clockOffsetMs`: the server's clock minus Date.now() (a test's fixed clock), for signing times. */
  { type: 'render'; id: number; task: WireTask; clockOffsetMs: number } | ServiceReplyMessage;

/** What a renderer sends back: results, failures with their codes, and calls on the seal services. */
export type FromRenderer =
  | { type: 'rendered'; id: number; pdf: Uint8Array; sha256: string; pageCount: number }
  | { type: 'failed'; id: number; error: WireError }
  | ServiceCallMessage;

async function runRenderer(port: NonNullable<typeof parentPort>): Promise<void> {
  const { createRenderAndSeal } = await import('./render-and-seal.ts');
  const renderAndSeal = createRenderAndSeal();
  const remote = remoteSealServices((message) => port.postMessage(message satisfies FromRenderer));

  const templates = new Map<string, RenderTask['template']>();
  const render = async (id: number, wire: WireTask, clockOffsetMs: number) => {
    try {
      if (wire.template) templates.set(wire.templateKey, wire.template);
      const template = templates.get(wire.templateKey);
      if (!template)
        throw new RenderError('ERR_RENDER_FAILED', `template ${wire.templateKey} was never sent`);
      const issuer = remote.adopt(wire.issuer);
      const counter = wire.counter === null ? null : remote.adopt(wire.counter);
      const task: RenderTask = { ...wire, template, issuer, counter };
      // A dual seal's companion SM2 key is a signer of its own.
      const uses = [issuer, ...(counter ? [counter] : [])].flatMap((s) => (s.sm2 ? [s, s.sm2] : [s]));
      await Promise.all(uses.map((s) => remote.describe(s)));
      const clock = clockOffsetMs === 0 ? undefined : () => new Date(Date.now() + clockOffsetMs);
      const out = await renderAndSeal(task, clock ? { ...remote.services, clock } : remote.services);
      // Transferred, not copied (a view into a larger buffer is copied out first).
      const pdf = own(out.pdf);
      port.postMessage(
        { type: 'rendered', id, pdf, sha256: out.sha256, pageCount: out.pageCount } satisfies FromRenderer,
        [pdf.buffer as ArrayBuffer],
      );
    } catch (e) {
      port.postMessage({ type: 'failed', id, error: toWire(e) } satisfies FromRenderer);
    }
  };

  port.on('message', (msg: ToRenderer) => {
    if (msg.type === 'render') void render(msg.id, msg.task, msg.clockOffsetMs);
    else remote.settle(msg);
  });
}

if (!isMainThread && parentPort) await runRenderer(parentPort);
