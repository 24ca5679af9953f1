// Region names for the Views menu, read from the hub's `/api/graph` (Vizceral JSON, CONTRACT.md). The answer
// is untrusted data: anything not shaped as expected is skipped, and a menu label is plain text.
const MAX_REGIONS = 50;

export function regionNames(graph: unknown): string[] {
  if (typeof graph !== 'object' || graph === null) return [];
  const nodes = (graph as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return [];
  const names = new Set<string>();
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const { name, renderer } = node as { name?: unknown; renderer?: unknown };
    if (renderer === 'region' && typeof name === 'string' && name !== '' && name !== 'INTERNET') names.add(name);
  }
  return [...names].sort((a, b) => a.localeCompare(b)).slice(0, MAX_REGIONS);
}
