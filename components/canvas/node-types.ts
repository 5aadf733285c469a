// React Flow's nodeTypes and edgeTypes, built once at module scope from the catalog (a new object
// per render would make React Flow re-mount every node). Every kind renders through CatalogNode.
import type { EdgeTypes, NodeTypes } from "@xyflow/react";
import { CatalogNode } from "./catalog-node";
import { kinds } from "./kinds";
import { LabelledEdge } from "./labelled-edge";

export const nodeTypes: NodeTypes = Object.fromEntries(kinds.map((kind) => [kind.type, CatalogNode]));

export const edgeTypes: EdgeTypes = { labelled: LabelledEdge };
