import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { SchoolTimeProvider } from './account/school-time-context.tsx';
import { createApiClient } from './api/api-client.ts';
import { ApiProvider } from './api/api-context.tsx';
import { App } from './app.tsx';
import { SessionProvider } from './auth/session-context.tsx';
import { defaultLocale } from './i18n/browser-locale.ts';
import { LocaleProvider } from './i18n/locale-context.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <LocaleProvider
      storage={window.localStorage}
      fallback={defaultLocale(window.location.pathname, navigator.languages)}
    >
      <ApiProvider client={createApiClient()}>
        <SchoolTimeProvider>
          <SessionProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </SessionProvider>
        </SchoolTimeProvider>
      </ApiProvider>
    </LocaleProvider>
  </StrictMode>,
);
