// `@openseal/pdf-sign/test-support`: the test tools other workspaces' tests share: the external
// validators (pyHanko, poppler's pdfsig, qpdf, mutool) and the incremental writer a forgery test
// appends a hand-made update with (not part of the library's API).
export { IncrementalWriter } from '../../src/core/incremental-writer.ts';
export {
  PYHANKO,
  type PyhankoField,
  type PyhankoResult,
  pyhanko,
  pyhankoAdesLocal,
  pyhankoAvailable,
} from './pyhanko.ts';
export { mutoolCheck, nssDbTrusting, type PdfsigSignature, pdfsig, qpdfCheck } from './validators.ts';
