// Linear (GraphQL): create an issue. Auth: a personal API key as the whole Authorization header,
// as Linear expects it (no "Bearer"). https://linear.app/developers/graphql
import { z } from "zod";
import { optionalText, requiredText, text } from "../fields";
import { defineApp, defineOperation, type AppRequest } from "../types";

type GraphQLAnswer = {
  data?: {
    issueCreate?: { success?: boolean; issue?: { id: string; identifier: string; title: string; url: string } };
  };
  errors?: Array<{ message?: string; extensions?: { userPresentableMessage?: string } }>;
};

/** The first GraphQL error, in the words Linear shows its users when it has them. */
const graphqlError = (body: unknown) => {
  const e = (body as GraphQLAnswer | null)?.errors?.[0];
  return e ? (e.extensions?.userPresentableMessage ?? e.message) : undefined;
};

const ISSUE_CREATE = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier title url } }
}`;

const PRIORITIES = ["0", "1", "2", "3", "4"] as const;

type IssueFields = { teamId: string; title: string; description: string; priority: (typeof PRIORITIES)[number] };

const issueCreateRequest = (f: IssueFields): AppRequest => ({
  method: "POST",
  path: "/graphql",
  body: {
    json: {
      query: ISSUE_CREATE,
      variables: {
        input: {
          teamId: text(f.teamId),
          title: text(f.title),
          priority: Number(f.priority),
          ...(text(f.description) ? { description: text(f.description) } : {}),
        },
      },
    },
  },
});

const createIssue = defineOperation({
  id: "createIssue",
  label: "Create an issue",
  description: "Files an issue in a Linear team.",
  fields: z.object({
    teamId: requiredText("Team"),
    title: requiredText("Title"),
    description: optionalText("Description", "Markdown", true),
    priority: z
      .enum(PRIORITIES)
      .default("0")
      .meta({ title: "Priority", description: "0 none, 1 urgent, 2 high, 3 medium, 4 low" }),
  }),
  defaults: { teamId: "", title: "", description: "", priority: "0" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "Linear's issueCreate takes no idempotency key: a retry after a lost answer may file a second issue",
  },
  request: (f) => {
    if (!text(f.teamId)) throw new Error("Team is required");
    if (!text(f.title)) throw new Error("Title is required");
    return issueCreateRequest(f);
  },
  output: (body) => {
    // A GraphQL server may answer errors with 200: they fail the step with Linear's message.
    const message = graphqlError(body);
    if (message) throw new Error(message);
    const issue = (body as GraphQLAnswer).data?.issueCreate?.issue;
    return { id: issue?.id, identifier: issue?.identifier, title: issue?.title, url: issue?.url };
  },
  summary: (f) => (f.title ? `Issue “${f.title}”` : "Create an issue"),
});

export const linear = defineApp({
  id: "linear",
  name: "Linear",
  logo: "/apps/linear.svg",
  description: "Issues.",
  baseUrl: "https://api.linear.app",
  auth: { kind: "apiKey", parts: [{ name: "Authorization", label: "Personal API key", in: "header" }] },
  operations: [createIssue],
  errorMessage: graphqlError,
  options: {
    teamId: {
      request: () => ({
        method: "POST",
        path: "/graphql",
        body: { json: { query: "{ teams { nodes { id name } } }" } },
      }),
      map: (body) =>
        ((body as { data?: { teams?: { nodes?: Array<{ id: string; name: string }> } } }).data?.teams?.nodes ?? []).map(
          (t) => ({ value: t.id, label: t.name }),
        ),
    },
  },
});
