import type { Metadata } from "next";
import { SignInForm } from "@/app/_components/auth/SignInForm";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-8">
      <h1 className="text-2xl font-semibold">Sign in to Anneal</h1>
      <SignInForm next={next ?? null} error={error} />
    </div>
  );
}
