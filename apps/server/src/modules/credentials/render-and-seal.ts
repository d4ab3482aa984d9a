// Template + record -> PDF -> the seal step's certified sealing (certification seal, then the optional
// counter-seal; sealing/certified-sealing.ts). Runs in the renderer worker threads and in tests: no
// database and no keys here; signatures are asked of SealServices, which on a worker forwards them to
// the main thread.
import { createHash } from 'node:crypto';
import { type CompiledTemplate, compileTemplate, type SealSlot, TemplateError } from '@openseal/templates';
import { createCertifiedSealer, type PagePoint } from '../sealing/certified-sealing.ts';
import type { SealServices } from '../sealing/seal-services.ts';
import { RenderError } from '../sealing/sealing-errors.ts';
import type { RenderedCredential, RenderTask } from './render-task.ts';

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
  const seal = createCertifiedSealer();

  return async (task, services) => {
    try {
      const rendered = compiledFor(task).render(task.inputs, task.footer, {
        title: task.title,
        lang: task.lang,
      });
      const slot = (role: SealSlot['role']): PagePoint => {
        const found = rendered.sealSlots.find((s) => s.role === role);
        if (!found) throw new RenderError('ERR_TEMPLATE_INVALID', `the template has no ${role} seal slot`);
        return { page: found.page, x: found.x, y: found.y };
      };
      const counter = task.counter && { use: task.counter, at: slot('counter') };
      const pdf = await seal(
        rendered.pdf,
        { issuer: { use: task.issuer, at: slot('issuer') }, counter, reason: task.reason },
        services,
      );
      return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pageCount: rendered.pageCount };
    } catch (e) {
      // The template's refusals as the renderer boundary names them; the seal step's pass as they are.
      if (e instanceof TemplateError) throw new RenderError(e.code, e.message);
      throw e;
    }
  };
}
