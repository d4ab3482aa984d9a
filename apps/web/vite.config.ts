import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server itself (apps/server web-static plugin), so same-origin
// /api calls need no CORS; in `vite dev` they are proxied to a server on :8080.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
});
