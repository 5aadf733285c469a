import { redirect } from "next/navigation";

// An invite link: /invite/<token> -> the sign-up page with the invite (a signed-in user accepts it there).
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  redirect(`/sign-up?invite=${encodeURIComponent(token)}`);
}
