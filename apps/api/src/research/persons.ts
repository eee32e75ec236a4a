/**
 * Persons for research exports: cases joined by linkage matches (shown and not rejected) are one
 * person. Read through linkage_person_links (migration 0071) in the national scope, then grouped
 * with a union–find; each group is named by its smallest case id, which the export turns into a
 * per-export pseudonym.
 */
import type { Tx } from '@harbour/db';
import { sql } from 'kysely';

/** Case id → the id naming its person; cases with no link are absent (they are their own person). */
export async function personRoots(tx: Tx): Promise<Map<string, string>> {
  const { rows } = await sql<{ case_id: string; other_case_id: string }>`
    select case_id, other_case_id from linkage_person_links()`.execute(tx);
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    // path compression keeps later finds short
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { case_id, other_case_id } of rows) {
    const [a, b] = [find(case_id), find(other_case_id)];
    if (a === b) continue;
    // the smaller id names the group, so the grouping does not depend on the order of the links
    if (a < b) parent.set(b, a);
    else parent.set(a, b);
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
  }
  const roots = new Map<string, string>();
  for (const id of parent.keys()) roots.set(id, find(id));
  return roots;
}
