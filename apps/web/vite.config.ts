import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Pure library modules the app uses at run time (type-only imports of the libraries are erased). */
const libraryModules = {
  '@onething/case-model/roles': fileURLToPath(new URL('../../libs/case-model/src/roles.ts', import.meta.url)),
};

/**
 * Libraries every page needs get chunks of their own (cached across deployments of the app's own code);
 * everything else (the form renderer, editors, graphs, charts) is pulled in by the lazily loaded area or
 * page that uses it, so the applicant portal's first load stays small.
 */
const sharedVendorChunks: Record<string, RegExp> = {
  react:
    /\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)\//,
  mantine:
    /\/node_modules\/(@mantine\/core|@mantine\/hooks|@floating-ui|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar|react-number-format|react-textarea-autosize|clsx|tslib|get-nonce|detect-node-es)\//,
  i18n: /\/node_modules\/(i18next|react-i18next|html-parse-stringify|void-elements)\//,
  query: /\/node_modules\/@tanstack\//,
};

export default defineConfig({
  plugins: [react()],
  resolve: { alias: libraryModules },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          for (const [name, pattern] of Object.entries(sharedVendorChunks)) if (pattern.test(id)) return name;
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev:web`: the API on its default port answers everything that is not the app.
    proxy: Object.fromEntries(
      [
        '/auth',
        '/me',
        '/catalog',
        '/cases',
        '/uploads',
        '/tasks',
        '/admin',
        '/ops',
        '/definitions',
        '/verify',
        '/docs',
        '/.well-known',
      ].map((path) => [
        path,
        {
          target: 'http://127.0.0.1:3000',
          bypass: (req: { headers: { accept?: string } }) =>
            req.headers.accept?.includes('text/html') ? '/index.html' : undefined,
        },
      ]),
    ),
  },
});
