import type pg from 'pg';

/** What a step of a transaction may do: run queries on the transaction's connection. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Run `work` in one PostgreSQL transaction on a pooled connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
