// Stands in for "server-only" when scripts/server.ts is bundled for plain Node (Next resolves it
// to an empty module on the server itself).
export {};
