/**
 * Versioned schema for `PostgresAccountStore`. Append new versions; never edit
 * an applied one. (Organizations, when they come, are a new version with their
 * own tables beside `linden_account_groups`.)
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts, groups and memberships',
    sql: `
      CREATE TABLE linden_accounts (
        id               uuid PRIMARY KEY,
        username         text NOT NULL UNIQUE,
        directory_backed boolean NOT NULL,
        attributes       jsonb NOT NULL DEFAULT '{}',
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE linden_groups (
        name             text PRIMARY KEY,
        directory_backed boolean NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE linden_account_groups (
        account_id uuid NOT NULL REFERENCES linden_accounts(id) ON DELETE CASCADE,
        group_name text NOT NULL REFERENCES linden_groups(name) ON DELETE CASCADE,
        owner      boolean NOT NULL DEFAULT false,
        PRIMARY KEY (account_id, group_name)
      );
      CREATE INDEX linden_accounts_directory_backed ON linden_accounts (directory_backed);
    `,
  },
];
