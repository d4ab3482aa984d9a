import type {
  RouteBody,
  RouteDownload,
  RouteParams,
  RouteQuery,
  RouteResponse,
  RouteSpec,
  RouteUpload,
} from '@openseal/contract';

/** One part of a call: required unless every field of it is optional, and absent when the route has none. */
type Part<Name extends string, T> = [T] extends [undefined]
  ? { [K in Name]?: never }
  : object extends T
    ? { [K in Name]?: T }
    : { [K in Name]: T };

/** A route whose request body is the file itself, sent with its own media type (never base64 in JSON). */
export type UploadRoute = RouteSpec & { readonly upload: RouteUpload };
/** A route that answers bytes (a PDF, a CSV, a ZIP, an image) rather than JSON. */
export type DownloadRoute = RouteSpec & { readonly download: RouteDownload };

/**
 * The file of an upload route and its media type; without `contentType` the file's own type is sent,
 * or the route's first accepted type when the browser gives none.
 */
export interface UploadArgs {
  body: Blob;
  contentType?: string;
}

/** An optional upload's arguments: no `body` sends no body at all. */
export type OptionalUploadArgs = Partial<UploadArgs>;

/** What the address of one call is made of: the path's `:name` values and the query string. */
export type AddressArgs<R extends RouteSpec> = Part<'params', RouteParams<R>> & Part<'query', RouteQuery<R>>;

/** The address and the body of one call, typed by the route's schemas. */
export type RouteArgs<R extends RouteSpec> = AddressArgs<R> &
  (R extends { upload: { optional: true } }
    ? OptionalUploadArgs
    : R extends UploadRoute
      ? UploadArgs
      : Part<'body', RouteBody<R>>);

/** Arguments as a rest tuple: they may be left out when nothing in them is required. */
export type ArgList<A> = object extends A ? [args?: A] : [args: A];
export type RouteArgList<R extends RouteSpec> = ArgList<RouteArgs<R>>;

/** A download's answer: the bytes and the headers that describe them (digest, ledger id, warnings). */
export interface Download {
  bytes: Uint8Array<ArrayBuffer>;
  headers: Headers;
}

/** What a successful call resolves to: the 200/201 schema's type, a Download, or undefined (204). */
export type RouteAnswer<R extends RouteSpec> = R extends DownloadRoute ? Download : RouteResponse<R>;
