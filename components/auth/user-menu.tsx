"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { authQueries, signOut, switchWorkspace } from "@/lib/queries/auth";
import { buttonStyles } from "@/components/ui/styles";
import { THEME_CHOICES, useThemeChoice, type ThemeChoice } from "@/components/ui/theme";

/** The nav's right end: workspace (switchable), the user, settings, sign out. */
export function UserMenu() {
  const session = useQuery(authQueries.session());
  const router = useRouter();
  const qc = useQueryClient();
  if (!session.data) return null;
  const { user, workspace, workspaces } = session.data;
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      {workspaces.length > 1 ? (
        <select
          aria-label="Workspace"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          value={workspace?.id ?? ""}
          onChange={async (e) => {
            await switchWorkspace(e.target.value);
            qc.clear();
            router.replace("/flows");
            router.refresh();
          }}
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      ) : (
        <span className="text-slate-600">{workspace?.name}</span>
      )}
      {workspace && (
        <span data-testid="my-role" className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
          {workspace.role}
        </span>
      )}
      <ThemeSelect />
      <Link href="/settings" className="font-medium text-slate-600 hover:text-indigo-700">
        Settings
      </Link>
      <span className="text-slate-500" data-testid="signed-in-as">
        {user.email}
      </span>
      <button
        type="button"
        className={buttonStyles.ghost}
        onClick={async () => {
          await signOut();
          qc.clear();
          router.replace("/sign-in");
        }}
      >
        Sign out
      </button>
    </div>
  );
}

const THEME_NAMES: Record<ThemeChoice, string> = { system: "System theme", light: "Light", dark: "Dark" };

/** Light, dark, or whatever the system uses (the default); kept in this browser. */
function ThemeSelect() {
  const [choice, setChoice] = useThemeChoice();
  return (
    <select
      aria-label="Theme"
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-700"
      value={choice}
      onChange={(e) => setChoice(e.target.value as ThemeChoice)}
    >
      {THEME_CHOICES.map((c) => (
        <option key={c} value={c}>
          {THEME_NAMES[c]}
        </option>
      ))}
    </select>
  );
}
