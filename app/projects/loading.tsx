import { SkeletonRows } from "@/app/_components/Notice";

export default function Loading() {
  return <SkeletonRows rows={8} />;
}
