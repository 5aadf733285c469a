// The outcome of the last publish: success, or why it was refused (with the server's issue list).
import { buttonStyles } from "@/components/ui/styles";
import type { PublishStatus } from "./use-publish";

export function PublishNotice({ status, onDismiss }: { status: PublishStatus; onDismiss: () => void }) {
  if (status.phase === "published") {
    return (
      <div
        role="status"
        className="flex shrink-0 items-center gap-3 border-b border-emerald-200 bg-emerald-50 px-4 py-1.5 text-sm text-emerald-900"
      >
        <span>Published v{status.version}. New requests to the webhook URL run this version.</span>
        <button type="button" onClick={onDismiss} className={`${buttonStyles.ghost} ml-auto`}>
          Dismiss
        </button>
      </div>
    );
  }
  if (status.phase !== "failed") return null;
  return (
    <div
      data-testid="publish-error"
      role="alert"
      className="flex shrink-0 items-start gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900"
    >
      <div className="min-w-0">
        <p className="font-semibold">Publish failed: {status.message}</p>
        {status.issues.length > 0 && (
          <ul className="mt-1 list-disc pl-5">
            {status.issues.map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" onClick={onDismiss} className={`${buttonStyles.ghost} ml-auto`}>
        Dismiss
      </button>
    </div>
  );
}
