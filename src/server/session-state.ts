import { ANONYMOUS, type Identity, type Session, type TlsInfo } from './handler.ts';

/** The server's mutable side of a Session; handlers only ever see it through the read-only interface. */
export class SessionState implements Session {
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly transport: 'ldap' | 'ldaps' | 'stream';
  readonly connectedAt = new Date();
  identity: Identity = ANONYMOUS;
  tls: TlsInfo | undefined;

  constructor(id: number, remoteAddress: string, remotePort: number, transport: Session['transport']) {
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.transport = transport;
  }

  get ssf(): number {
    return this.tls?.ssf ?? 0;
  }
}
