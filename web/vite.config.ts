import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Built to web/dist; `postroom serve` serves it at /app. In development (`npm run dev:web`) the API
// of a running `npm start` is proxied, so the session cookie stays same-origin.
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The modulepreload polyfill would be fine, but no inline script must ever be needed (CSP).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/careers': 'http://127.0.0.1:3000' } },
});
