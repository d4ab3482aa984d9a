export { bindRecord } from './bind-record.ts';
export { compileTemplate } from './compile-template.ts';
export { FOOTER_HEIGHT_MM } from './footer.ts';
export { TemplateError, type TemplateErrorCode } from './template-error.ts';
export * as templateParts from './template-parts.ts';
export type {
  Alignment,
  BaseSchema,
  BoxDimension,
  CellStyle,
  CompiledTemplate,
  CredentialTemplate,
  ImageSchema,
  LineSchema,
  MultiVariableTextSchema,
  QrCodeSchema,
  RectangleSchema,
  RenderedDocument,
  RenderInputs,
  RenderMeta,
  SealSlot,
  SealSlotSchema,
  TableSchema,
  TemplateSchema,
  TextSchema,
  TextStyle,
  VerificationFooter,
  VerticalAlignment,
} from './template-types.ts';
