import type { Metadata } from "next";
import { AcceptInvite } from "@/app/_components/auth/AcceptInvite";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-8">
      <h1 className="text-2xl font-semibold">Join Anneal</h1>
      <AcceptInvite token={token} />
    </div>
  );
}
