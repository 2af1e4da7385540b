/**
 * A fake GitHub GraphQL search for the summary collector (used by its tests and by the
 * benchmark): every aliased `search(...)` gets `count(query)` results, served in pages of
 * `first` with GitHub's 1,000-result cap and cursors, and nodes made by `makeNode`.
 */
export function fakeSearchGraphql(
  count: (query: string) => number,
  makeNode: (serial: number) => object = defaultNode,
) {
  const calls: Array<{ query: string }> = [];
  let serial = 0;
  const graphql = async <T>(query: string): Promise<T> => {
    calls.push({ query });
    const result: Record<string, unknown> = {};
    for (const match of query.matchAll(
      /(\w+): search\(query: ("(?:[^"\\]|\\.)*"), type: ISSUE, first: (\d+)(?:, after: "([^"]*)")?\)/g,
    )) {
      const [, alias, q, first, after] = match;
      const total = count(JSON.parse(q as string) as string);
      const offset = after ? Number(after) : 0;
      const size = Math.min(Number(first), Math.max(0, Math.min(total, 1000) - offset));
      result[alias as string] = {
        issueCount: total,
        pageInfo: {
          hasNextPage: offset + size < Math.min(total, 1000),
          endCursor: String(offset + size),
        },
        nodes: Array.from({ length: size }, () => makeNode(++serial)),
      };
    }
    return result as T;
  };
  return { graphql, calls };
}

function defaultNode(serial: number): object {
  return {
    __typename: "PullRequest",
    number: serial,
    title: "t",
    url: "u",
    createdAt: "2026-11-17T10:00:00Z",
    author: { login: "a", __typename: "User" },
    labels: { nodes: [] },
  };
}
