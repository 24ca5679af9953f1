import { defineConfig } from 'vite';

// The renderer is a static bundle the hub serves (and Electron loads from the hub), so it works in any browser.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
});
