// Template + record -> PDF -> certification seal (DocMDP P=2, PAdES B-LT) -> optional counter-seal,
// signed into an empty field the certification reserved for it (P=2 allows filling, not adding, fields).
// Runs in the renderer worker threads and in tests: no database and no keys here; signatures are asked
// of SealServices, which on a worker forwards them to the main thread.
import { createHash } from 'node:crypto';
import { AppearanceError, PdfError, SignError, type SignOptions, sign } from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import { type CompiledTemplate, compileTemplate, type SealSlot, TemplateError } from '@openseal/templates';
import { RenderError, type RenderedCredential, type RenderTask, type SealUse } from './render-task.ts';
import type { SealServices } from './seal-services.ts';

/** The counter-seal's signature field, reserved empty by the certification signature. */
const COUNTER_FIELD = 'CounterSeal';

/** Compiled templates kept per renderer; a template's new version has a new key. */
const MAX_COMPILED = 64;

export function createRenderAndSeal(): (
  task: RenderTask,
  services: SealServices,
) => Promise<RenderedCredential> {
  const compiled = new Map<string, CompiledTemplate>();
  const compiledFor = (task: RenderTask): CompiledTemplate => {
    let hit = compiled.get(task.templateKey);
    if (!hit) {
      hit = compileTemplate(task.template);
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
      compiled.set(task.templateKey, hit);
    }
    return hit;
  };

  // A seal's certificates are parsed once: renderers reuse one SealUse per seal for every document.
  const parsed = new WeakMap<SealUse, { certificate: Certificate; chain: Certificate[] }>();
  const certificatesOf = (use: SealUse) => {
    let hit = parsed.get(use);
    if (!hit) {
      hit = {
        certificate: Certificate.fromDer(use.certificate),
        chain: use.chain.map((der) => Certificate.fromDer(der)),
      };
      parsed.set(use, hit);
    }
    return hit;
  };

  return async (task, services) => {
    try {
      const rendered = compiledFor(task).render(task.inputs, task.footer, {
        title: task.title,
        lang: task.lang,
      });
      const slot = (role: SealSlot['role']): SealSlot => {
        const found = rendered.sealSlots.find((s) => s.role === role);
        if (!found) throw new RenderError('ERR_TEMPLATE_INVALID', `the template has no ${role} seal slot`);
        return found;
      };
      const at = (s: SealSlot) => ({ kind: 'page' as const, page: s.page, x: s.x, y: s.y });
      const sealWith = (pdf: Uint8Array, use: SealUse, extra: Partial<SignOptions>) =>
        sign(
          pdf,
          { signer: services.signer(use), ...certificatesOf(use) },
          {
            level: 'B-LT',
            timestamper: services.timestamper,
            revocation: services.revocation,
            seal: use.appearance,
            reason: task.reason,
            ...(services.clock ? { clock: services.clock } : {}),
            ...extra,
          },
        );
      const counter = task.counter && { use: task.counter, placement: at(slot('counter')) };
      // ISO 32000-2 12.8.2.2: the certification signature must be the document's first signature.
      let pdf = await sealWith(rendered.pdf, task.issuer, {
        certify: 2,
        placement: at(slot('issuer')),
        ...(counter && {
          reserveFields: [
            { name: COUNTER_FIELD, seal: counter.use.appearance, placement: counter.placement },
          ],
        }),
      });
      if (counter) {
        pdf = await sealWith(pdf, counter.use, { fieldName: COUNTER_FIELD, placement: counter.placement });
      }
      return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pageCount: rendered.pageCount };
    } catch (e) {
      throw asRenderError(e);
    }
  };
}

/** Errors as the renderer boundary names them; anything else (e.g. the seal service's AppError) passes. */
function asRenderError(e: unknown): unknown {
  if (e instanceof RenderError) return e;
  if (e instanceof TemplateError) return new RenderError(e.code, e.message);
  if (e instanceof SignError || e instanceof PdfError || e instanceof AppearanceError)
    return new RenderError('ERR_SEAL_DOCUMENT_INVALID', `${e.code}: ${e.message}`);
  return e;
}
