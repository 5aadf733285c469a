// Catches `{{ reference }}` syntax mistakes while typing; otherwise they only surface when a run
// fails. Uses the same parser as the engine (lib/flows/template.ts).
import { parsePath, references, TemplateError } from "@/lib/flows/template";

export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const ref of references(text)) {
    try {
      parsePath(ref);
    } catch (err) {
      problems.push(err instanceof TemplateError ? err.message : `Invalid reference "${ref}"`);
    }
  }
  return problems;
}
