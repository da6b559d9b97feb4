import { ProjectTabs } from "@/app/_components/auth/ProjectTabs";

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <ProjectTabs slug={slug} />
      {children}
    </>
  );
}
