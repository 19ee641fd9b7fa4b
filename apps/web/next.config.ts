import type { NextConfig } from 'next';

// Read when the dashboard is built (`next build` writes the rewrites into its manifest), not when it starts.
const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');

const nextConfig: NextConfig = {
  transpilePackages: ['@foretell/contracts'],
  // Lets a second build (e.g. one pointed at a test API) live beside the usual one.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The proxied server-sent events must reach the browser as they are written; Next's gzip would hold them back
  // until a buffer fills. A reverse proxy in front of the dashboard can compress instead.
  compress: false,
  poweredByHeader: false,
  experimental: {
    // The run events stream stays open for as long as a run trains, and big uploads take a while: the default 30 s
    // idle timeout of the /api proxy would cut both.
    proxyTimeout: 30 * 60_000,
  },
  // The browser talks to the API through the dashboard's own origin, so no CORS and no API URL in the bundle.
  async rewrites() {
    return [{ source: '/api/:path*', destination: `${apiUrl}/api/:path*` }];
  },
};

export default nextConfig;
