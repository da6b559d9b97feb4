import type { Metadata } from "next";
import { AdminView } from "@/app/_components/auth/AdminView";

export const metadata: Metadata = { title: "Users" };

export default function AdminPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users and invitations</h1>
      <AdminView />
    </div>
  );
}
