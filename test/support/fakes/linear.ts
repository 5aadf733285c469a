// Fake Linear GraphQL API (POST /graphql): the issueCreate mutation and the teams query. Auth: the
// personal API key as the whole Authorization header (no "Bearer"). Errors as GraphQL errors with
// extensions.userPresentableMessage; a bad argument is answered with HTTP 400.
import { expectOr, startFakeVendor, type FakeAnswer } from "./harness";

export const LINEAR_KEY = "lin_api_fake0123456789abcdef";
export const LINEAR_TEAM = "9cfb482a-81e3-4154-b5b9-2c805e70a02d";

const graphqlError = (status: number, message: string, code: string, userPresentableMessage: string): FakeAnswer => ({
  status,
  body: {
    errors: [{ message, extensions: { code, type: code.toLowerCase(), userError: true, userPresentableMessage } }],
  },
});

type Body = { query?: string; variables?: { input?: Record<string, unknown> } };

export const startFakeLinear = () =>
  startFakeVendor({
    authorized: (r) => r.headers.authorization === LINEAR_KEY,
    unauthorized: graphqlError(
      400,
      "Authentication required, not authenticated",
      "AUTHENTICATION_ERROR",
      "You need to authenticate to access this operation.",
    ),
    routes: [
      {
        method: "POST",
        path: /^\/graphql$/,
        handle: (r) => {
          expectOr(
            /application\/json/.test(r.headers["content-type"] ?? ""),
            graphqlError(400, "Bad content type", "BAD_REQUEST", "Send JSON"),
          );
          const b = (r.json ?? {}) as Body;
          if (/^\s*\{\s*teams\s*\{/.test(b.query ?? ""))
            return { body: { data: { teams: { nodes: [{ id: LINEAR_TEAM, name: "Ops" }] } } } };
          expectOr(
            /mutation \w*\(\$input: IssueCreateInput!\)\s*\{\s*issueCreate\(input: \$input\)/.test(b.query ?? ""),
            graphqlError(400, "Cannot query field", "GRAPHQL_VALIDATION_FAILED", "Unknown query"),
          );
          const input = b.variables?.input ?? {};
          expectOr(
            typeof input.title === "string" && input.title !== "",
            graphqlError(400, "Argument Validation Error", "INVALID_INPUT", "Title is required"),
          );
          expectOr(
            input.priority === undefined || [0, 1, 2, 3, 4].includes(input.priority as number),
            graphqlError(400, "Argument Validation Error", "INVALID_INPUT", "Priority must be 0 to 4"),
          );
          expectOr(
            input.teamId === LINEAR_TEAM,
            graphqlError(400, "Entity not found: Team", "INVALID_INPUT", "Could not find referenced Team."),
          );
          return {
            body: {
              data: {
                issueCreate: {
                  success: true,
                  issue: {
                    id: "3f2b1c9e-5a43-4b5e-9a51-2d1e0c7a6b01",
                    identifier: "OPS-12",
                    title: input.title,
                    url: "https://linear.app/acme/issue/OPS-12/order",
                  },
                },
              },
            },
          };
        },
      },
    ],
  });
