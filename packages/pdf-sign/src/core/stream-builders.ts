// Ready-to-write streams: the writer sets /Length, the data here is already encoded.

import { deflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfStream } from './objects.ts';

/** `data` compressed with FlateDecode (7.4.4); `dict` is copied, /Filter set, /DecodeParms dropped. */
export function flateStream(dict: PdfDict, data: Uint8Array): PdfStream {
  const d = new PdfDict(dict.map);
  d.map.delete('DecodeParms');
  d.set('Filter', PdfName.of('FlateDecode'));
  return new PdfStream(d, deflateSync(data, { level: 6 }));
}
