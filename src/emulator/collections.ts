// Collections of checks (`GET /{product}/{version}/checks`): page-based pagination as
// models/common/PageBasedPagination.v1.yaml and PaginationLinks.v1.yaml define it — `page` (from 1),
// `size` (1–100, default 10), `sort` (`{property},{direction}`), `search` (RSQL, rsql.ts) — answered
// as HAL with `_embedded.checks`, a `page` object and all five links (`first`, `last`, `prev`,
// `next`, `self`; the schema requires every one, so at an edge they point at that edge's page).
import { InputError } from './input-error.js';
import { parseRsql } from './rsql.js';
import { asText, type Predicate } from './rsql-predicate.js';

type Item = Readonly<Record<string, unknown>>;

export interface CollectionQuery {
  page: number;
  size: number;
  sort: { field: string; direction: 'asc' | 'desc' };
  search: { text: string; matches: Predicate } | undefined;
}

/** The definitions name no default order; newest first is what a console listing shows. */
export const DEFAULT_SORT = { field: 'created_at', direction: 'desc' } as const;

/** A query parameter given once; given twice (an array) it is refused rather than guessed. */
function param(query: Readonly<Record<string, unknown>>, name: string, issues: string[]): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') return raw;
  issues.push(`${name}: give it once`);
  return undefined;
}

function integerParam(raw: string | undefined, name: string, fallback: number, min: number, max: number, issues: string[]): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    issues.push(`${name}: must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** Reads the query string; every problem is collected into one InputError (400 with `issues`). */
export function parseCollectionQuery(query: Readonly<Record<string, unknown>>, fields: readonly string[]): CollectionQuery {
  const issues: string[] = [];
  const page = integerParam(param(query, 'page', issues), 'page', 1, 1, Number.MAX_SAFE_INTEGER, issues);
  const size = integerParam(param(query, 'size', issues), 'size', 10, 1, 100, issues);
  let sort: CollectionQuery['sort'] = { ...DEFAULT_SORT };
  const sortText = param(query, 'sort', issues);
  if (sortText !== undefined) {
    const [field = '', direction = 'asc', ...rest] = sortText.split(',');
    if (rest.length > 0 || !fields.includes(field) || (direction !== 'asc' && direction !== 'desc')) {
      issues.push(`sort: must be "{property},{direction}" with a property of ${fields.join(', ')} and asc or desc, got "${sortText}"`);
    } else sort = { field, direction };
  }
  let search: CollectionQuery['search'];
  const searchText = param(query, 'search', issues);
  if (searchText !== undefined) {
    try {
      search = { text: searchText, matches: parseRsql(searchText, fields) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return { page, size, sort, search };
}

/** Absent values sort after present ones either way; equal keys fall back to `check_id` for a stable order. */
function compareBy(field: string, direction: 'asc' | 'desc'): (a: Item, b: Item) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = a[field];
    const y = b[field];
    const xs = asText(x);
    const ys = asText(y);
    if (xs === undefined) return ys === undefined ? tieBreak(a, b) : 1;
    if (ys === undefined) return -1;
    const difference = typeof x === 'number' && typeof y === 'number' ? x - y : xs < ys ? -1 : xs > ys ? 1 : 0;
    return difference !== 0 ? sign * difference : tieBreak(a, b);
  };
}

const tieBreak = (a: Item, b: Item): number => (asText(a.check_id) ?? '').localeCompare(asText(b.check_id) ?? '');

/** The whole collection body: filter, sort, page, and the HAL links (`selfUrl` is origin + path). */
export function collectionBody(items: readonly Item[], query: CollectionQuery, selfUrl: string): Record<string, unknown> {
  const found = (query.search ? items.filter(query.search.matches) : [...items]).sort(compareBy(query.sort.field, query.sort.direction));
  const totalPages = Math.ceil(found.length / query.size);
  const lastPage = Math.max(totalPages, 1);
  const link = (page: number): { href: string } => {
    const url = new URL(selfUrl);
    url.searchParams.set('page', String(page));
    url.searchParams.set('size', String(query.size));
    url.searchParams.set('sort', `${query.sort.field},${query.sort.direction}`);
    if (query.search) url.searchParams.set('search', query.search.text);
    return { href: url.toString() };
  };
  const start = (query.page - 1) * query.size;
  return {
    _links: {
      self: link(query.page),
      first: link(1),
      last: link(lastPage),
      prev: link(Math.min(Math.max(query.page - 1, 1), lastPage)),
      next: link(Math.min(query.page + 1, lastPage)),
    },
    _embedded: { checks: found.slice(start, start + query.size) },
    page: { size: query.size, number: query.page, total_pages: totalPages, total_elements: found.length },
  };
}
