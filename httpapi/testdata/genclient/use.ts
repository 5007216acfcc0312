// Compiled by httpapi's TestGeneratedTypeScript against the types openapi-typescript
// generates from the served document (api.d.ts, never committed): a typo in a field, a
// mark outside the enum or a missing required field fails tsc.
import type { components, paths } from "./api";

type Schemas = components["schemas"];

const stance: Schemas["StancePut"] = { rev: 0, mark: "amend", amendment: "A strip of 40 km." };

const created: paths["/api/workspaces"]["post"]["responses"][201]["content"]["application/json"] = {
  workspace: {
    id: "w1", name: "Geneva talks", issues: [{ id: "nato", kind: "options", options: ["join", "renounce"] }],
    members: [{ id: "med", role: "mediator" }], settings: { stance_visibility: "shared" }, rev: 1,
    created_at: "2025-11-23T10:00:00Z",
  },
  tokens: [{ member: "med", token: "t" }],
};

const problem: Schemas["Problem"] = {
  type: "urn:parley:problem:not_found", title: "Not Found", status: 404, code: "not_found",
};

function agreed(r: Schemas["Ratification"]): boolean {
  return r.state === "agreed" && r.signatures.every((s) => s.decision === "sign");
}

function cell(m: Schemas["Matrix"], i: number, j: number): Schemas["Stance"]["mark"] | "none" {
  return m.cells[i][j]?.mark ?? "none";
}

export { stance, created, problem, agreed, cell };
