/**
 * The one way a worker context gets its database: one connection per name per context, so the
 * recording worker, the review worker and the export worker each hold exactly one.
 */
import { DB_NAME } from '../../shared/db';
import { RecorderDb } from './schema';

const open = new Map<string, RecorderDb>();

export function openStore(name = DB_NAME): RecorderDb {
  let db = open.get(name);
  if (!db) {
    db = new RecorderDb(name);
    open.set(name, db);
  }
  return db;
}
