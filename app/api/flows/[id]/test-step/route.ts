// POST /api/flows/:id/test-step {node, confirm, outputs?} - run one node of the draft with the
// captured sample (a side-effecting node only with confirm: true; otherwise a preview)
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { testStepBody } from "@/lib/flows/test-step-body";
import { testStep } from "@/lib/flows/test-step";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) =>
  json(await testStep(await currentWorkspaceId(), (await params).id, await readJson(req, testStepBody))),
);
