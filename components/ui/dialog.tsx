// The one modal frame every dialog in the app uses: a native <dialog>, named by its title.
// Callers open it with ref.current.showModal() and close it with ref.current.close() (or a
// <form method="dialog">). showModal() is what makes it accessible without code of our own: the
// browser marks it modal (the page behind is inert), moves focus into it, closes it on Escape and
// returns focus to what had it before.
import { useId, type ReactNode, type Ref } from "react";

const widths = { md: "max-w-md", lg: "max-w-lg" } as const;

export function Dialog({
  ref,
  title,
  width = "md",
  onClose,
  children,
}: {
  ref: Ref<HTMLDialogElement>;
  title: ReactNode;
  width?: keyof typeof widths;
  /** After every close: Escape, close(), or a method="dialog" form's button. */
  onClose?: () => void;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className={`m-auto w-full ${widths[width]} rounded-lg bg-white p-5 text-sm text-slate-700 shadow-xl backdrop:bg-slate-900/40`}
    >
      <h2 id={titleId} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
