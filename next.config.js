// @ts-check
import path from "node:path";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Pin the workspace root so Next does not walk up looking for other lockfiles.
  turbopack: { root: path.resolve(".") },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
