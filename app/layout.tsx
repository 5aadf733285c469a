import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@xyflow/react/dist/style.css";
import "./globals.css";
import { themeScript } from "@/components/ui/theme-script";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Hookline", template: "%s · Hookline" },
  description: "Turn incoming webhooks into actions: build a flow on a canvas, paste its URL, every delivery runs.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The inline script sets the theme's class before the first paint, so React sees a class it did
    // not render: suppressHydrationWarning (for <html>'s own attributes only).
    <html lang="en" className="h-full" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-full bg-slate-50 font-sans text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
