/** Page paths of a project's runs, comparisons, members and keys, for server links and the UI alike. */
const project = (slug: string) => `/projects/${encodeURIComponent(slug)}`;

export const projectPath = project;
export const runPath = (slug: string, runId: string) => `${project(slug)}/runs/${runId}`;
export const comparisonPath = (slug: string, id: string) => `${project(slug)}/comparisons/${id}`;
export const comparePath = (slug: string, state: string) => `${project(slug)}/compare?${state}`;
export const membersPath = (slug: string) => `${project(slug)}/members`;
export const keysPath = (slug: string) => `${project(slug)}/keys`;
