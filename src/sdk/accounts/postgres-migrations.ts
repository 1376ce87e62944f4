/**
 * Versioned schema for `PostgresAccountStore`. Append new versions; never edit
 * an applied one.
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
  {
    version: 2,
    description: 'organization levels, organizations, directory-string mappings and account organizations',
    // Organizations are referenced by code; ON UPDATE CASCADE lets a rename carry every reference along.
    sql: `
      CREATE TABLE linden_organization_levels (
        name   text PRIMARY KEY,
        rank   integer NOT NULL UNIQUE,
        parent text REFERENCES linden_organization_levels(name) ON UPDATE CASCADE
      );
      INSERT INTO linden_organization_levels (name, rank, parent) VALUES
        ('University', 40, NULL), ('College', 30, 'University'), ('Department', 20, 'College');
      CREATE TABLE linden_organizations (
        code       text PRIMARY KEY,
        short_name text NOT NULL,
        long_name  text NOT NULL,
        parent     text REFERENCES linden_organizations(code) ON UPDATE CASCADE,
        level      text NOT NULL REFERENCES linden_organization_levels(name) ON UPDATE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX linden_organizations_parent ON linden_organizations (parent);
      CREATE TABLE linden_directory_organizations (
        directory_string text PRIMARY KEY,
        organization     text NOT NULL REFERENCES linden_organizations(code) ON UPDATE CASCADE
      );
      CREATE INDEX linden_directory_organizations_organization ON linden_directory_organizations (organization);
      CREATE TABLE linden_account_organizations (
        account_id   uuid NOT NULL REFERENCES linden_accounts(id) ON DELETE CASCADE,
        organization text NOT NULL REFERENCES linden_organizations(code) ON UPDATE CASCADE,
        PRIMARY KEY (account_id, organization)
      );
      CREATE INDEX linden_account_organizations_organization ON linden_account_organizations (organization);
    `,
  },
];
