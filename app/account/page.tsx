import type { Metadata } from "next";
import { AccountView } from "@/app/_components/auth/AccountView";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Account</h1>
      <AccountView />
    </div>
  );
}
