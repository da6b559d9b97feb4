import { ZCreateUser } from "@/lib/schemas/auth";
import { Auth } from "@/lib/server/auth/auth";
import { isProjectRole } from "@/lib/auth/roles";
import { addMember, listMembers, removeMember } from "@/lib/server/members/members";
import { createUser, findUserByEmail, listUsers, updateUser } from "@/lib/server/users/users";
import { withCliDatabase } from "./open-cli-database";

export interface AccountsArgs {
  verb?: string;
  email?: string;
  password?: string;
  name?: string;
  admin?: boolean;
  project?: string;
  role?: string;
}

/**
 * `anneal users …` and `anneal members …` on the database directly (the operator's commands: the
 * first admin, a forgotten admin password). Returns a usage error message, or null when it ran.
 */
export async function accountsCommand(command: "users" | "members", o: AccountsArgs): Promise<string | null> {
  const verbs = command === "users" ? ["create", "list", "disable", "enable", "set-password"] : ["add", "list", "remove"];
  if (!o.verb || !verbs.includes(o.verb)) return `unknown command '${command} ${o.verb ?? ""}' (one of: ${verbs.join(", ")})`;
  if (o.verb !== "list" && !o.email) return "--email is required";
  if ((o.verb === "create" || o.verb === "set-password") && !o.password) return "--password is required";
  if (command === "members" && !o.project) return "--project is required";
  if (o.verb === "add" && !isProjectRole(o.role)) return "--role must be owner, editor or viewer";
  if (o.verb === "create") {
    const checked = ZCreateUser.safeParse({ email: o.email, password: o.password, name: o.name, admin: o.admin });
    if (!checked.success) return checked.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n");
  }
  const op = Auth.operator();
  await withCliDatabase(async (db) => {
    if (command === "users") {
      if (o.verb === "list") {
        for (const u of await listUsers(db))
          console.log(`${u.email}\t${u.name}\t${u.admin ? "admin" : "user"}\t${u.disabled ? "disabled" : "active"}\tlast sign-in ${u.lastSignInAt ?? "never"}`);
      } else if (o.verb === "create") {
        const u = await createUser(db, { email: o.email!, password: o.password!, name: o.name, admin: o.admin, actor: "cli" });
        console.log(`Created ${u.admin ? "admin " : ""}account ${u.email}.`);
      } else {
        const u = await findUserByEmail(db, o.email!);
        const change = o.verb === "set-password" ? { password: o.password } : { disabled: o.verb === "disable" };
        await updateUser(db, { id: u.id, ...change, actor: "cli" });
        console.log(o.verb === "set-password" ? `New password set for ${u.email}; their sessions ended.` : `${u.email} ${o.verb}d.`);
      }
    } else if (o.verb === "list") {
      for (const m of await listMembers(db, { projectSlug: o.project! })) console.log(`${m.email}\t${m.role}${m.disabled ? "\t(disabled)" : ""}`);
    } else if (o.verb === "add") {
      const m = await addMember(db, { projectSlug: o.project!, email: o.email!, role: o.role as "owner" | "editor" | "viewer", auth: op });
      console.log(`${m.email} is ${m.role} of ${o.project}.`);
    } else {
      const u = await findUserByEmail(db, o.email!);
      await removeMember(db, { projectSlug: o.project!, userId: u.id, auth: op });
      console.log(`${u.email} removed from ${o.project}.`);
    }
  });
  return null;
}
