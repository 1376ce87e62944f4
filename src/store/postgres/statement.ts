/**
 * A statement the engine runs, named so that each connection prepares it once
 * and afterwards only binds and executes it.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** The methods of a connection the mapping modules use: run one statement, get its rows. */
export interface Db {
  rows<R>(statement: Statement, values: readonly unknown[]): Promise<R[]>;
  /** Rows affected by an INSERT, UPDATE or DELETE. */
  count(statement: Statement, values: readonly unknown[]): Promise<number>;
}

export function statement(name: string, text: string): Statement {
  return { name: `linden_${name}`, text: text.replace(/\s+/g, ' ').trim() };
}

/** The UTF-8 bytes of a key or DN, as bytea parameters take them. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
