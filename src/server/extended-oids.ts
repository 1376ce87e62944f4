/** Extended operation OIDs the server itself answers (defined once, in the protocol layer). */
export { NOTICE_OF_DISCONNECTION_OID, START_TLS_OID, WHO_AM_I_OID } from '../protocol/index.ts';
