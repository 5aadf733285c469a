"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { makeQueryClient } from "@/lib/queries/query-client";

// zod compiles parsers with `new Function` when eval is allowed; the CSP forbids eval
// (next.config.js), so tell zod not to try (a refused eval is a console error).
z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // One QueryClient per browser session; not module-level, so server renders never share a cache.
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
