import { type ContractStatus, type ContractSummary, routes } from '@openseal/contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/api-context.tsx';

/** What the list is narrowed to; the server filters, so every page is of the same kind. */
export interface ContractFilter {
  q?: string;
  status?: ContractStatus;
  awaitingMe?: boolean;
}

export interface ContractList {
  items: ContractSummary[];
  /** More pages on the server. */
  more: boolean;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
}

/**
 * The caller's contracts, newest first, a page at a time (the server's cursor): the first page
 * whenever the filter changes, the next one on `loadMore()` appended below. An answer to an older
 * filter is dropped.
 */
export function useContractList(filter: ContractFilter): ContractList {
  const api = useApi();
  const [items, setItems] = useState<ContractSummary[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const { q, status, awaitingMe } = filter;

  const fetchPage = useCallback(
    async (after: string | undefined, append: boolean) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api.call(routes.listContracts, {
          query: { q: q || undefined, status, awaitingMe: awaitingMe || undefined, after },
        });
        if (mine !== generation.current) return;
        setItems((before) => (append ? [...before, ...page.items] : page.items));
        setNext(page.next);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, q, status, awaitingMe],
  );

  useEffect(() => {
    setItems([]);
    setNext(undefined);
    void fetchPage(undefined, false);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (next) void fetchPage(next, true);
  }, [fetchPage, next]);

  return { items, more: next !== undefined, loading, error, loadMore };
}
