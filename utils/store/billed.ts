// The vendor's billed lists as stored: a list and its items written and deleted together.
import type { BilledItem, BilledList } from '../model/records';
import type { RecountDB } from './db';

/** Stores a billed list and all its items in one transaction: never half a list. */
export async function saveBilledList(db: RecountDB, list: BilledList, items: readonly BilledItem[]): Promise<BilledList> {
  return db.transaction('rw', db.billedLists, db.billedItems, async () => {
    await db.billedLists.add(list);
    await db.billedItems.bulkAdd(items.map((item) => ({ ...item, listId: list.id })));
    return list;
  });
}

export async function deleteBilledList(db: RecountDB, id: string): Promise<void> {
  await db.transaction('rw', db.billedLists, db.billedItems, async () => {
    await db.billedItems.where('listId').equals(id).delete();
    await db.billedLists.delete(id);
  });
}

export async function billedItemsOf(db: RecountDB, listId: string): Promise<BilledItem[]> {
  return (await db.billedItems.where('listId').equals(listId).toArray()).map(({ pk: _pk, listId: _l, ...item }) => item as BilledItem);
}
