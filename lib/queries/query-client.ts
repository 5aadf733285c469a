// The one QueryClient factory. The browser keeps a single client per session (see app/providers.tsx).
import { QueryClient } from "@tanstack/react-query";
import { ApiRequestError } from "./fetch-json";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not get better by asking again; network blips and 5xx might.
        retry: (failures, error) =>
          !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}
