import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/auth/roles";
import { ZSlug } from "./common";
import { ZDateTime, ZIsoTime, ZJsonObject } from "./wire";

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

// ---- Answers -------------------------------------------------------------------------------

/** GET /api/v1/auth/session: the server's mode and who the caller is. */
export const ZSessionInfo = z.strictObject({
  mode: z.enum(["local", "team"]),
  /** local | visitor | anonymous | user | key */
  identity: z.string(),
  user: z.strictObject({ id: z.string(), email: z.string(), name: z.string(), admin: z.boolean() }).nullable(),
  /** Whether the caller may create projects (and load the demo). */
  canCreateProjects: z.boolean(),
  oidc: z.strictObject({ enabled: z.boolean(), name: z.string() }),
});

/** Who signed in (POST /auth/login, POST /invites/{token}). */
export const ZSignedIn = z.strictObject({ user: z.strictObject({ id: z.string(), email: z.string(), name: z.string() }) });
export const ZSessionsRevoked = z.strictObject({ revoked: z.number() });

export const ZUser = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  admin: z.boolean(),
  disabled: z.boolean(),
  createdAt: ZIsoTime,
  /** The newest session's start: when the user last signed in (null: never). */
  lastSignInAt: ZIsoTime.nullable(),
});
/** POST /invites/{token}: the account made, signed in. */
export const ZInviteAccepted = z.strictObject({ user: ZUser });
export const ZUserList = z.strictObject({ users: z.array(ZUser) });

export const ZInvite = z.strictObject({
  id: z.number(),
  email: z.string().nullable(),
  admin: z.boolean(),
  project: z.string().nullable(),
  role: ZRole.nullable(),
  createdAt: ZIsoTime,
  expiresAt: ZIsoTime,
  state: z.enum(["open", "accepted", "expired", "revoked"]),
});
export const ZInviteList = z.strictObject({ invites: z.array(ZInvite) });
/** The invitation link, in this answer only. */
export const ZCreatedInvite = ZInvite.extend({ url: z.string() });

export const ZApiKey = z.strictObject({
  id: z.number(),
  name: z.string().nullable(),
  scope: z.enum(["read", "write"]),
  prefix: z.string(),
  createdAt: ZDateTime,
  lastUsedAt: ZDateTime.nullable(),
  revokedAt: ZDateTime.nullable(),
  createdById: z.string().nullable(),
});
export const ZApiKeyList = z.strictObject({ keys: z.array(ZApiKey) });
/** POST /projects/{slug}/keys: `key` is in this answer only. */
export const ZCreatedApiKey = z.strictObject({
  id: z.number(),
  key: z.string(),
  name: z.string().nullable(),
  scope: z.enum(["read", "write"]),
  project: z.string(),
  prefix: z.string(),
  createdAt: ZDateTime,
});

export const ZMember = z.strictObject({ userId: z.string(), email: z.string(), name: z.string(), role: ZRole, disabled: z.boolean(), addedAt: ZIsoTime });
export const ZMemberList = z.strictObject({ members: z.array(ZMember) });

export const ZAuditPage = z.strictObject({
  events: z.array(
    z.strictObject({
      id: z.string(),
      at: ZIsoTime,
      action: z.string(),
      actor: z.string(),
      projectId: z.number().nullable(),
      target: z.string().nullable(),
      detail: ZJsonObject,
    }),
  ),
});

export const ZHealth = z.strictObject({ status: z.literal("ok"), mode: z.enum(["local", "team"]) });
