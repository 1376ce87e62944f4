/** ModifyDNRequest (RFC 4511 §4.9). */
export interface ModifyDNRequest {
  readonly type: 'modifyDNRequest';
  readonly entry: string;
  readonly newRDN: string;
  readonly deleteOldRDN: boolean;
  readonly newSuperior?: string;
}
