import { describe, expect, it } from 'vitest';
import { collectionBody, parseCollectionQuery } from './collections.js';
import { InputError } from './input-error.js';

const FIELDS = ['check_id', 'status', 'created_at'];
const items = ['c', 'a', 'e', 'b', 'd'].map((id, i) => ({ check_id: id, status: i % 2 === 0 ? 'COMPLETED' : 'ERROR', created_at: `2026-01-0${i + 1}T00:00:00.000Z` }));
const SELF = 'https://emulator.example/phone_check/v0.2/checks';

describe('parseCollectionQuery', () => {
  it('defaults to page 1, size 10, newest first', () => {
    expect(parseCollectionQuery({}, FIELDS)).toEqual({ page: 1, size: 10, sort: { field: 'created_at', direction: 'desc' }, search: undefined });
  });

  it('collects every bad parameter into one InputError', () => {
    let caught: unknown;
    try {
      parseCollectionQuery({ page: '0', size: '101', sort: 'phone_number,asc', search: 'status=', extra: 'ignored' }, FIELDS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const issues = (caught as InputError).issues.join('\n');
    for (const name of ['page:', 'size:', 'sort:', 'search:']) expect(issues).toContain(name);
  });

  it('refuses a parameter given twice and a sort direction other than asc/desc', () => {
    expect(() => parseCollectionQuery({ page: ['1', '2'] }, FIELDS)).toThrow('page: give it once');
    expect(() => parseCollectionQuery({ sort: 'status,up' }, FIELDS)).toThrow('sort:');
  });
});

describe('collectionBody', () => {
  it('sorts, pages and links every page, the edges pointing at themselves', () => {
    const query = parseCollectionQuery({ size: '2', page: '1', sort: 'check_id,asc' }, FIELDS);
    const body = collectionBody(items, query, SELF) as { _embedded: { checks: { check_id: string }[] }; page: unknown; _links: Record<string, { href: string }> };
    expect(body._embedded.checks.map((c) => c.check_id)).toEqual(['a', 'b']);
    expect(body.page).toEqual({ size: 2, number: 1, total_pages: 3, total_elements: 5 });
    const pageOf = (name: string) => new URL(body._links[name]!.href).searchParams.get('page');
    expect({ self: pageOf('self'), first: pageOf('first'), prev: pageOf('prev'), next: pageOf('next'), last: pageOf('last') }).toEqual({
      self: '1',
      first: '1',
      prev: '1',
      next: '2',
      last: '3',
    });
    expect(new URL(body._links.next!.href).searchParams.get('sort')).toBe('check_id,asc');
  });

  it('filters with search before paging, and keeps the search in the links', () => {
    const query = parseCollectionQuery({ search: 'status==ERROR', sort: 'created_at,asc' }, FIELDS);
    const body = collectionBody(items, query, SELF) as { _embedded: { checks: { check_id: string }[] }; page: { total_elements: number }; _links: { last: { href: string } } };
    expect(body._embedded.checks.map((c) => c.check_id)).toEqual(['a', 'b']);
    expect(body.page.total_elements).toBe(2);
    expect(new URL(body._links.last.href).searchParams.get('search')).toBe('status==ERROR');
  });

  it('answers an empty page, not an error, past the end or for an empty collection', () => {
    const past = collectionBody(items, parseCollectionQuery({ page: '9' }, FIELDS), SELF) as { _embedded: { checks: unknown[] }; page: { total_pages: number } };
    expect(past._embedded.checks).toEqual([]);
    expect(past.page.total_pages).toBe(1);
    const none = collectionBody([], parseCollectionQuery({}, FIELDS), SELF) as { page: unknown; _links: { last: { href: string } } };
    expect(none.page).toEqual({ size: 10, number: 1, total_pages: 0, total_elements: 0 });
    expect(new URL(none._links.last.href).searchParams.get('page')).toBe('1');
  });
});
