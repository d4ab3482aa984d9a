import { readFile, writeFile } from 'node:fs/promises';
import {
  type PadesLevel,
  PdfDocument,
  type Placement,
  pkiRevocationSource,
  type ReservedField,
  type SealSpec,
  type SignOptions,
  sign,
  signingState,
} from '@openseal/pdf-sign';
import { createTimestampAuthority, httpTimestamper, loadPki } from '@openseal/pki';
import { CliError } from '../cli-error.ts';
import { readPassphrase } from '../passphrase.ts';

const levels: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export interface SignCommandOptions {
  out: string;
  pki: string;
  level: string;
  page?: number;
  x?: number;
  y?: number;
  keyword?: string;
  last?: boolean;
  crossPage?: boolean;
  certify?: number | true;
  invisible?: boolean;
  sealName?: string;
  sealImage?: string;
  sealSize?: number;
  reason?: string;
  tsaUrl?: string;
  /** Signature field name; an existing empty signature field of that name is signed into. */
  field?: string;
  /** `NAME` (invisible) or `NAME@PAGE,X,Y`: empty signature fields reserved for later signatures. */
  reserveField?: string[];
}

export async function signCommand(input: string, opts: SignCommandOptions): Promise<void> {
  const level = levels.find((l) => l === opts.level);
  if (!level) throw new CliError(`--level must be one of ${levels.join(', ')}`);
  const certify = opts.certify === true ? 2 : opts.certify;
  if (certify !== undefined && certify !== 1 && certify !== 2 && certify !== 3) {
    throw new CliError('--certify takes 1, 2 or 3');
  }
  const pdf = await readFile(input);
  const pki = await loadPki(opts.pki, await readPassphrase(process.env));
  const seal = pki.demoSeal.certificate;
  const orgName = (seal.organization ?? seal.commonName ?? 'OpenSeal').split(' / ')[0]!;

  const sealSpec = await sealSpecFrom(opts, orgName);
  // Signing into a reserved field: the seal goes where the field is unless a placement is given.
  const filling = opts.field !== undefined && signingState(pdf).emptySignatureFields.includes(opts.field);
  const options: SignOptions = {
    level,
    timestamper: opts.tsaUrl
      ? httpTimestamper(opts.tsaUrl)
      : createTimestampAuthority({
          certificate: pki.tsa.certificate,
          signer: pki.tsa.signer,
          chain: [pki.issuing.certificate, pki.root.certificate],
        }),
    revocation: pkiRevocationSource(pki),
    placement: filling && !placementGiven(opts) ? undefined : placementFrom(opts, pdf),
    seal: sealSpec,
    reason: opts.reason,
    certify,
    fieldName: opts.field,
    reserveFields: (opts.reserveField ?? []).map((spec) => reservedField(spec, sealSpec)),
  };
  const signed = await sign(
    pdf,
    {
      signer: pki.demoSeal.signer,
      certificate: seal,
      chain: [pki.issuing.certificate, pki.root.certificate],
    },
    options,
  );
  await writeFile(opts.out, signed);
  process.stdout.write(`sealed ${input} -> ${opts.out} (PAdES ${level}, ${signed.length} bytes)\n`);
}

async function sealSpecFrom(opts: SignCommandOptions, orgName: string): Promise<SealSpec> {
  if (opts.sealImage === undefined)
    return { kind: 'round', orgName, sealName: opts.sealName, diameterMm: opts.sealSize };
  const image = await readFile(opts.sealImage);
  const widthMm = opts.sealSize ?? 42;
  return opts.sealImage.toLowerCase().endsWith('.svg')
    ? { kind: 'image', svg: image.toString('utf8'), widthMm }
    : { kind: 'image', png: image, widthMm };
}

/** `NAME` or `NAME@PAGE,X,Y` (the seal's centre in points, as --page/--x/--y), sized like this seal. */
function reservedField(spec: string, seal: SealSpec): ReservedField {
  const m = /^([^@.]+)(?:@(\d+),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?))?$/.exec(spec);
  if (!m) throw new CliError(`--reserve-field takes NAME or NAME@PAGE,X,Y, got "${spec}"`);
  const [, name, page, x, y] = m;
  if (page === undefined) return { name: name! };
  return { name: name!, seal, placement: { kind: 'page', page: Number(page), x: Number(x), y: Number(y) } };
}

const placementGiven = (opts: SignCommandOptions) =>
  opts.keyword !== undefined || opts.crossPage === true || opts.invisible === true || opts.page !== undefined;

function placementFrom(opts: SignCommandOptions, pdf: Uint8Array): Placement {
  const chosen = [
    opts.keyword !== undefined,
    opts.crossPage === true,
    opts.invisible === true,
    opts.page !== undefined,
  ];
  if (chosen.filter(Boolean).length > 1) {
    throw new CliError('choose one placement: --page/--x/--y, --keyword, --cross-page or --invisible');
  }
  if (opts.keyword !== undefined)
    return { kind: 'keyword', keyword: opts.keyword, occurrence: opts.last ? 'last' : 'first' };
  if (opts.crossPage) return { kind: 'cross-page' };
  if (opts.invisible) return { kind: 'invisible' };
  if (opts.page !== undefined) {
    if (opts.x === undefined || opts.y === undefined) throw new CliError('--page needs --x and --y');
    return { kind: 'page', page: opts.page, x: opts.x, y: opts.y };
  }
  // Default: lower right of the last page, where a signature block usually is.
  const pages = PdfDocument.parse(pdf).pages();
  const last = pages[pages.length - 1];
  if (!last) throw new CliError('the PDF has no pages');
  const [, y1, x2] = last.cropBox;
  return { kind: 'page', page: pages.length, x: x2 - 130, y: y1 + 160 };
}
