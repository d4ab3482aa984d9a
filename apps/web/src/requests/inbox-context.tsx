import { routes } from '@openseal/contract';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { apiUrl } from '../api/api-url.ts';
import { usePolled } from './use-polled.ts';

interface InboxValue {
  /** Requests waiting for the signed-in person now; null until first loaded. */
  count: number | null;
  /** Call after acting on a request, so the menu badge and the bell catch up at once. */
  refresh: () => void;
  /** Changes whenever refresh() is called. */
  generation: number;
}

const InboxContext = createContext<InboxValue>({ count: null, refresh: () => undefined, generation: 0 });

/** The approval inbox's size for the menu badge, polled every 30 s and after every action. */
export function InboxProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  const inbox = usePolled(
    enabled ? apiUrl(routes.listRequests, { query: { view: 'inbox' } }) : null,
    30_000,
    generation,
  );
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const value = useMemo(
    () => ({ count: inbox ? inbox.length : null, refresh, generation }),
    [inbox, refresh, generation],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): InboxValue {
  return useContext(InboxContext);
}
