import type { OperationType } from './operation-type.ts';

/**
 * Counters the metrics module reads; plain numbers, updated in place, so the
 * hot path pays an increment and nothing else.
 */
export class ServerStats {
  connectionsOpen = 0;
  connectionsTotal = 0;
  /** Connections closed at accept because a connection limit was reached. */
  connectionsRefused = 0;
  bytesReceived = 0;
  bytesSent = 0;
  /** PDUs that could not be framed or decoded. */
  protocolErrors = 0;
  /**
   * Operations completed, by type, then by result code. Operations that end
   * without a response (abandoned ones, abandon and unbind themselves) count
   * under `none`.
   */
  readonly operations = new Map<OperationType, Map<number | 'none', number>>();

  countOperation(op: OperationType, resultCode: number | undefined): void {
    let byResult = this.operations.get(op);
    if (byResult === undefined) {
      byResult = new Map();
      this.operations.set(op, byResult);
    }
    const key = resultCode ?? 'none';
    byResult.set(key, (byResult.get(key) ?? 0) + 1);
  }

  /** A JSON-friendly copy, e.g. `{ operations: { search: { '0': 12 } } }`. */
  snapshot(): ServerStatsSnapshot {
    const operations: Record<string, Record<string, number>> = {};
    for (const [op, byResult] of this.operations) {
      operations[op] = Object.fromEntries([...byResult].map(([code, n]) => [String(code), n]));
    }
    return {
      connectionsOpen: this.connectionsOpen,
      connectionsTotal: this.connectionsTotal,
      connectionsRefused: this.connectionsRefused,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
      protocolErrors: this.protocolErrors,
      operations,
    };
  }
}

export interface ServerStatsSnapshot {
  readonly connectionsOpen: number;
  readonly connectionsTotal: number;
  readonly connectionsRefused: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly protocolErrors: number;
  readonly operations: Record<string, Record<string, number>>;
}
