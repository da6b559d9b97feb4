import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/server/auth/roles";
import { ZSlug } from "./common";

const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "an email address" }))
  .pipe(z.string().max(320));
/** Long passphrases welcome; 8 is the floor, 256 keeps hashing bounded. */
export const ZPassword = z.string().min(8, "at least 8 characters").max(256, "at most 256 characters");
const ZName = z.string().trim().min(1).max(200);
const ZRole = z.enum(PROJECT_ROLES);

export const ZLogin = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(256) });
export const ZChangePassword = z.object({ currentPassword: z.string().min(1).max(256), newPassword: ZPassword });

export const ZCreateUser = z.object({ email: ZEmail, password: ZPassword, name: ZName.optional(), admin: z.boolean().optional() });
export const ZUpdateUser = z
  .object({ disabled: z.boolean().optional(), admin: z.boolean().optional(), password: ZPassword.optional() })
  .refine((o) => Object.keys(o).length > 0, { message: "give disabled, admin or password" });

export const ZCreateInvite = z.object({ email: ZEmail.optional(), admin: z.boolean().optional(), project: ZSlug.optional(), role: ZRole.optional() });
export const ZAcceptInvite = z.object({ email: ZEmail.optional(), name: ZName.optional(), password: ZPassword });

export const ZAddMember = z.object({ email: ZEmail, role: ZRole });
export const ZChangeMember = z.object({ role: ZRole });

export const ZCreateKey = z.object({ name: z.string().trim().min(1).max(100).optional(), scope: z.enum(["read", "write"]).default("write") });

export const ZAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^\d+$/)
    .transform((s) => BigInt(s))
    .optional(),
});
