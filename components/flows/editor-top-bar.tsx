"use client";

import Link from "next/link";
import { useId } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { FlowLifecycleActions } from "./flow-lifecycle-actions";
import { PauseToggle } from "./pause-toggle";
import { RunNowButton } from "./run-now-dialog";
import { SaveState } from "./save-state";
import { UrlActions } from "./url-actions";
import type { FlowDefinition } from "@/lib/flows/definition";
import { ExportButton } from "./export-button";
import { VersionsButton } from "./versions-dialog";

type Props = {
  flowId: string;
  name: string;
  onNameChange: (name: string) => void;
  save: { label: string; phase: "idle" | "saving" | "failed"; dirty: boolean; onSave: () => void };
  publishing: boolean;
  onPublish: () => void;
  publishedVersion: number | null;
  paused: boolean;
  onRestoreVersion: (def: FlowDefinition, number: number) => void;
  exportDefinition: FlowDefinition;
  onToggleFlowSettings: () => void;
  flowSettingsOpen: boolean;
};

export function EditorTopBar({
  flowId,
  name,
  onNameChange,
  save,
  publishing,
  onPublish,
  publishedVersion,
  paused,
  onRestoreVersion,
  exportDefinition,
  onToggleFlowSettings,
  flowSettingsOpen,
}: Props) {
  const nameId = useId();
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
      <label htmlFor={nameId} className="sr-only">
        Flow name
      </label>
      <input
        id={nameId}
        value={name}
        maxLength={120}
        onChange={(e) => onNameChange(e.target.value)}
        className="w-72 min-w-0 rounded-md border border-transparent px-2 py-1 text-lg font-semibold text-slate-900 hover:border-slate-300 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/30"
      />
      <SaveState label={save.label} phase={save.phase} dirty={save.dirty} />
      <div className="ml-auto flex items-center gap-2">
        <span
          data-testid="published-version"
          title={publishedVersion ? `Version ${publishedVersion} is live` : "Never published"}
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${
            publishedVersion
              ? "bg-emerald-50 text-emerald-800 ring-emerald-300"
              : "bg-slate-100 text-slate-600 ring-slate-300"
          }`}
        >
          {publishedVersion ? `v${publishedVersion}` : "Draft"}
        </span>
        <Link href={`/flows/${flowId}/deliveries`} className={buttonStyles.ghost}>
          Requests
        </Link>
        <Link href={`/flows/${flowId}/runs`} className={buttonStyles.ghost}>
          Runs
        </Link>
        <VersionsButton flowId={flowId} liveVersion={publishedVersion} onRestore={onRestoreVersion} />
        <ExportButton name={name} definition={exportDefinition} />
        <button
          type="button"
          aria-pressed={flowSettingsOpen}
          onClick={onToggleFlowSettings}
          className={buttonStyles.ghost}
        >
          Flow settings
        </button>
        <UrlActions flowId={flowId} />
        <PauseToggle flowId={flowId} paused={paused} />
        <RunNowButton flowId={flowId} published={publishedVersion !== null} />
        <FlowLifecycleActions flowId={flowId} name={name} />
        <button type="button" onClick={save.onSave} className={buttonStyles.secondary}>
          Save
        </button>
        <button type="button" onClick={onPublish} disabled={publishing} className={buttonStyles.primary}>
          {publishing ? "Publishing…" : "Publish"}
        </button>
      </div>
    </div>
  );
}
