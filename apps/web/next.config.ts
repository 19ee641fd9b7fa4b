import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  transpilePackages: ['@foretell/contracts'],
  // Lets a second build (e.g. a browser-test stack's) live beside the usual one.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // The browser talks to the API through the dashboard's own origin (server.ts proxies /api), so no CORS and no API
  // URL in the bundle.
};

export default nextConfig;
