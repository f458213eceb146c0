// Vite build of the single-page client into dist/, served by scsa-server from --web-root.
// During `npm run dev`, /api and /ws are proxied to a server given by SCSA_DEV_SERVER.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const backend = process.env.SCSA_DEV_SERVER ?? 'http://127.0.0.1:8080';

// Text files worth compressing; source maps are left alone (only developers load them).
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|webmanifest|txt)$/;

/**
 * Writes app.js.br and app.js.gz beside each text file of the build, at the highest levels (once, at build
 * time), for scsa-server to send to browsers that accept them (server/net/static_files.hpp): the participant
 * page's first load over a venue's Wi-Fi is a third of the bytes. Node's own zlib does both, so no package.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'scsa-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 512) continue; // a header's worth: not worth a second request path
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  plugins: [precompress()],
  server: {
    proxy: {
      '/api': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
});
