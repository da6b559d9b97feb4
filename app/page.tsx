import { ProjectList } from "./_components/projects/ProjectList";

export default function Home() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Projects</h1>
      <ProjectList />
    </div>
  );
}
