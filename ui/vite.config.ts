/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built SPA lands in ui/dist, which ui/embed.go embeds into the Go binary.
// ui/dist/.gitkeep is committed so `go build` works without npm: the build script
// touches it again after Vite empties the folder.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    // IDEENWERK_API points the dev server at another backend (default: scripts/run.sh's :8080).
    proxy: {
      '/api': { target: process.env.IDEENWERK_API ?? 'http://localhost:8080', changeOrigin: false },
      '/readyz': process.env.IDEENWERK_API ?? 'http://localhost:8080',
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
