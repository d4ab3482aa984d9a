import type { RouteSpec } from '@openseal/contract';
import type { AddressArgs, ArgList } from './route-types.ts';

declare const routeBrand: unique symbol;

/**
 * An address built from the route table by apiUrl(): a string (an <img src>, a link, a fetch) that
 * remembers its route, so a GET of it is typed by that route's answer. Hand-written strings are not one.
 */
export type ApiUrl<R extends RouteSpec = RouteSpec> = string & { readonly [routeBrand]: R };

type QueryValue = string | number | boolean | null | undefined;

/** The route's path with each `:name` replaced by its encoded value. */
export function apiPath(route: RouteSpec, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/** The query string of `query` in its own key order; absent, null and empty values are left out. */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The path parameters and query string of one call, as apiUrl() reads them. */
export interface UrlArgs {
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
}

/** The address of one call of `route`, unchecked: for this folder's typed wrappers. */
export function urlOf(route: RouteSpec, { params, query }: UrlArgs = {}): string {
  return `${apiPath(route, params)}${queryString(query)}`;
}

/** The address of one call of `route`: path parameters filled in, query string appended. */
export function apiUrl<R extends RouteSpec>(route: R, ...[args]: ArgList<AddressArgs<R>>): ApiUrl<R> {
  return urlOf(route, args as UrlArgs | undefined) as ApiUrl<R>;
}

/**
 * The route's path as a text shows it to a person: each `:name` replaced by a label such as
 * `<type code>` (not encoded), e.g. in the integration how-to.
 */
export function shownPath(route: RouteSpec, labels: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => labels[name] ?? whole);
}
