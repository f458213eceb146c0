// Vite build of the single-page client into dist/, served by scsa-server from --web-root.
// During `npm run dev`, /api and /ws are proxied to a server given by SCSA_DEV_SERVER.
import { defineConfig } from 'vite';

const backend = process.env.SCSA_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
});
