import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LdapServer, OpEndMessage } from '../server/index.ts';
import type { Store, StoreStats } from '../store/index.ts';

/** Seconds: LDAP operations range from tens of microseconds (cached bind) to seconds (big searches). */
const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface AdminMetrics {
  readonly registry: Registry;
  /** Console logins by outcome. */
  readonly logins: Counter<'result'>;
  readonly httpRequests: Counter<'method' | 'status'>;
  close(): void;
}

/**
 * Prometheus metrics on a registry of this server's own (several Lindens in one
 * process do not collide). Counters are read from the LDAP server's stats when
 * scraped, so the hot path pays nothing for them; latencies come from the
 * `linden:op:end` diagnostics channel.
 */
export function createMetrics(options: {
  ldapServer?: LdapServer | undefined;
  store: Store;
  defaultMetrics?: boolean;
}): AdminMetrics {
  const registry = new Registry();
  const stats = () => options.ldapServer?.stats.snapshot();
  if (options.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: 'linden_process_' });

  new Gauge({
    name: 'linden_connections_open',
    help: 'LDAP connections open now',
    registers: [registry],
    collect() {
      this.set(stats()?.connectionsOpen ?? 0);
    },
  });
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  counter('linden_connections_total', 'LDAP connections accepted', () => stats()?.connectionsTotal ?? 0);
  counter(
    'linden_connections_refused_total',
    'LDAP connections refused at accept by a connection limit',
    () => stats()?.connectionsRefused ?? 0,
  );
  counter(
    'linden_bytes_received_total',
    'Bytes received on LDAP connections',
    () => stats()?.bytesReceived ?? 0,
  );
  counter('linden_bytes_sent_total', 'Bytes sent on LDAP connections', () => stats()?.bytesSent ?? 0);
  counter(
    'linden_protocol_errors_total',
    'LDAP PDUs that could not be framed or decoded',
    () => stats()?.protocolErrors ?? 0,
  );
  counter('linden_binds_failed_total', 'LDAP binds that did not succeed', () => {
    const byResult = stats()?.operations.bind ?? {};
    return Object.entries(byResult).reduce((n, [code, count]) => (code === '0' ? n : n + count), 0);
  });
  new Counter({
    name: 'linden_operations_total',
    help: 'LDAP operations completed, by type and result code (none: ended without a response)',
    labelNames: ['type', 'result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [type, byResult] of Object.entries(stats()?.operations ?? {}))
        for (const [result, count] of Object.entries(byResult)) this.inc({ type, result }, count);
    },
  });
  const latency = new Histogram({
    name: 'linden_operation_duration_seconds',
    help: 'LDAP operation latency from dispatch to response, by type',
    labelNames: ['type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const storeGauge = (name: string, help: string, read: (s: StoreStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        try {
          this.set(read(await options.store.stats()));
        } catch {
          // The store is unavailable: /readyz says so; keep the last value.
        }
      },
    });
  storeGauge('linden_store_entries', 'Entries in the store', (s) => s.entries);
  storeGauge(
    'linden_store_size_bytes',
    'Bytes the store uses (on disk, or in memory for the memory engine)',
    (s) => s.sizeBytes,
  );
  const logins = new Counter({
    name: 'linden_http_logins_total',
    help: 'Console and API logins, by result (success, invalidCredentials, busy, …)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'linden_http_requests_total',
    help: 'HTTP requests answered, by method and status',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const onEnd = (message: unknown): void => {
    const m = message as OpEndMessage;
    latency.observe({ type: m.op }, m.durationMs / 1000);
  };
  subscribe('linden:op:end', onEnd);
  return {
    registry,
    logins,
    httpRequests,
    close: () => {
      unsubscribe('linden:op:end', onEnd);
    },
  };
}
