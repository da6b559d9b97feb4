import "server-only";
import { randomInt } from "node:crypto";

const ADJECTIVES = [
  "amber",
  "brisk",
  "calm",
  "dusky",
  "eager",
  "fuzzy",
  "gentle",
  "hazy",
  "icy",
  "jolly",
  "keen",
  "lucid",
  "misty",
  "noble",
  "olive",
  "proud",
  "quiet",
  "rapid",
  "sunny",
  "tidy",
  "urban",
  "vivid",
  "windy",
  "young",
  "zesty",
];
const NOUNS = [
  "anneal",
  "basin",
  "cosine",
  "delta",
  "ember",
  "fjord",
  "gradient",
  "harbor",
  "isle",
  "jetty",
  "kernel",
  "lagoon",
  "meadow",
  "nadir",
  "optimum",
  "plateau",
  "quartz",
  "ridge",
  "saddle",
  "tundra",
  "upland",
  "valley",
  "wave",
  "xenon",
  "zenith",
];

/** A readable default run name, e.g. "misty-plateau-17". */
export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1, 100)}`;
}

/** Run ids are the project's general ids (lib/server/ids.ts). */
export { generateId as generateRunId } from "@/lib/server/ids";
