// The boundary between the credential service (main thread: database, keys, TSA) and the renderers
// (worker threads: template -> PDF -> PAdES signatures). Everything here crosses postMessage, so it
// is plain data; private keys never do: signatures are asked of the main thread by seal id.
import type { CredentialTemplate, RenderInputs, VerificationFooter } from '@openseal/templates';
import type { SealUse } from '../sealing/seal-use.ts';

export interface RenderTask {
  /** `${templateId}:${version}`: each renderer compiles a template once per key. */
  templateKey: string;
  template: CredentialTemplate;
  inputs: RenderInputs;
  footer: VerificationFooter;
  title: string;
  lang: 'zh' | 'en';
  /** Certification signature (DocMDP P=2), PAdES B-LT, at the template's issuer seal slot. */
  issuer: SealUse;
  /**
   * The archive office's counter-seal, a second B-LT signature, when the template asks for one: signed
   * into the field the certification reserved for it.
   */
  counter: SealUse | null;
  /** The signatures' /Reason. */
  reason: string;
}

export interface RenderedCredential {
  pdf: Uint8Array;
  /** SHA-256 hex of `pdf`. */
  sha256: string;
  pageCount: number;
}

export interface CredentialRenderer {
  /** Rejects with a RenderError (code + message) for a task that cannot be rendered or sealed. */
  render(task: RenderTask): Promise<RenderedCredential>;
  close(): Promise<void>;
}
