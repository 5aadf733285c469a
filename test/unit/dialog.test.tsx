// @vitest-environment jsdom
// The app's one modal frame (components/ui/dialog): a native <dialog> named by its title, with the
// caller's content, the chosen width, and onClose after any close. Opening it modal (showModal:
// focus in, Escape closes, focus back) is the browser's, checked in Chromium by lifecycle.spec.ts;
// jsdom has no showModal, so these tests set `open` as the browser would.
import { cleanup, render, screen } from "@testing-library/react";
import { createRef, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dialog } from "@/components/ui/dialog";

afterEach(cleanup);

function renderOpen(ui: ReactNode) {
  const { container } = render(ui);
  container.querySelector("dialog")!.setAttribute("open", "");
}

describe("the dialog frame", () => {
  it("is a <dialog> named by its title, holding the caller's content", () => {
    const ref = createRef<HTMLDialogElement>();
    renderOpen(
      <Dialog ref={ref} title={<>Delete “Orders”?</>}>
        <p>This cannot be undone.</p>
      </Dialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Delete “Orders”?" });
    expect(dialog.tagName).toBe("DIALOG");
    expect(ref.current).toBe(dialog);
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Delete “Orders”?");
    expect(dialog.textContent).toContain("This cannot be undone.");
    expect(dialog.className).toContain("max-w-md");
  });

  it("takes the wider size when asked", () => {
    renderOpen(
      <Dialog ref={createRef()} title="Run now" width="lg">
        <p>Body</p>
      </Dialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Run now" });
    expect(dialog.className).toContain("max-w-lg");
    expect(dialog.className).not.toContain("max-w-md");
  });

  it("calls onClose when the dialog closes", () => {
    const onClose = vi.fn();
    renderOpen(
      <Dialog ref={createRef()} title="Published versions" onClose={onClose}>
        <p>Versions</p>
      </Dialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Published versions" });
    expect(onClose).not.toHaveBeenCalled();
    dialog.dispatchEvent(new Event("close"));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
