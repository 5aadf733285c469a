import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { requireSignedIn } from "@/lib/auth/page-guard";

// The shell: a sticky nav (h-12; the editor sizes itself to the rest of the viewport) over pages
// that scroll the document as usual.
export default async function AppLayout({ children }: { children: ReactNode }) {
  await requireSignedIn();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 flex h-12 shrink-0 items-center gap-6 border-b border-slate-200 bg-white px-4">
        <Link href="/flows" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="grid size-6 place-items-center rounded-md bg-indigo-600 text-xs text-white">
            H
          </span>
          Hookline
        </Link>
        <nav aria-label="Main" className="flex items-center gap-4">
          <Link href="/flows" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Flows
          </Link>
          <Link href="/runs" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Run history
          </Link>
          <Link href="/credentials" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Credentials
          </Link>
          <Link href="/apps" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Apps
          </Link>
          <Link href="/tables" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Tables
          </Link>
        </nav>
        <UserMenu />
      </header>
      <main className="flex-1">{children}</main>
    </div>
  );
}
