import { randomBytes, randomInt } from "node:crypto";

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

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** 12 base-36 characters: unguessable enough for URLs, short enough to read out. */
export function generateRunId(): string {
  const bytes = randomBytes(12);
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b % 36];
  return id;
}
