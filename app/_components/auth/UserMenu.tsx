"use client";

import { fullPageLoad } from "./full-page-load";
import Link from "next/link";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api-fetch";
import { useSession } from "./session-context";

/** The signed-in user's name with Account, Admin (admins) and Sign out; nothing in local mode. */
export function UserMenu() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  if (session.mode !== "team" || !session.user) return null;
  const user = session.user;
  const signOut = async () => {
    try {
      await apiFetch("/api/v1/auth/logout", { method: "POST" });
      fullPageLoad("/sign-in");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="relative ml-auto" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button type="button" className="btn-secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="user-menu">
        {user.name || user.email}
        {user.admin && <span className="rounded bg-indigo-100 px-1 text-xs text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200">admin</span>}
      </button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <p className="truncate px-3 py-2 text-xs text-slate-500 dark:text-slate-400">{user.email}</p>
          <Link role="menuitem" href="/account" className="block rounded px-3 py-2 hover:bg-slate-100 dark:hover:bg-slate-800" onClick={() => setOpen(false)}>
            Account and password
          </Link>
          {user.admin && (
            <Link role="menuitem" href="/admin" className="block rounded px-3 py-2 hover:bg-slate-100 dark:hover:bg-slate-800" onClick={() => setOpen(false)}>
              Users and invitations
            </Link>
          )}
          <button
            role="menuitem"
            type="button"
            className="block w-full rounded px-3 py-2 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
            onClick={() => void signOut()}
          >
            Sign out
          </button>
          {error && <p className="px-3 py-2 text-red-700 dark:text-red-300">{error}</p>}
        </div>
      )}
    </div>
  );
}
