// The Save button of a small settings form, with the save's error beside it.
import { buttonStyles } from "./styles";

export function SaveButton({
  unchanged,
  pending,
  error,
}: {
  unchanged: boolean;
  pending: boolean;
  error: Error | null;
}) {
  return (
    <>
      <button type="submit" className={buttonStyles.secondary} disabled={unchanged || pending}>
        Save
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error.message}
        </span>
      )}
    </>
  );
}
