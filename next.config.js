/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own WASM + data files, and pg/prisma are server-only: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};
export default nextConfig;
