// POST /api/auth/password {currentPassword, newPassword} - change the password; other sessions end
import { apiRoute, readJson } from "@/lib/api/handler";
import { changePassword } from "@/lib/auth/accounts";
import { currentUser, withCookies } from "@/lib/auth/respond";
import { changePasswordBody } from "@/lib/auth/schemas";
import { audit } from "@/lib/audit/audit";

export const POST = apiRoute(async (req) => {
  const user = currentUser();
  const { body, cookies } = await changePassword(req, user.email, await readJson(req, changePasswordBody));
  if (user.workspaceId) await audit("user.password_changed", { type: "user", id: user.userId, name: user.email });
  return withCookies(body, cookies);
});
