// A failed load, with the server's reason and a way to try again.
import { buttonStyles } from "./styles";

type Props = { what: string; error: Error; onRetry?: () => void };

export function LoadError({ what, error, onRetry }: Props) {
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <span aria-hidden>⚠</span>
      <div className="flex-1">
        <p className="font-semibold">Could not load {what}.</p>
        <p className="mt-0.5">{error.message}</p>
      </div>
      {onRetry && (
        <button type="button" onClick={onRetry} className={buttonStyles.secondary}>
          Try again
        </button>
      )}
    </div>
  );
}
