/** Extended operation OIDs the server itself answers. */

/** StartTLS, RFC 4511 §4.14.1. */
export const START_TLS_OID = '1.3.6.1.4.1.1466.20037';
/** Notice of Disconnection, RFC 4511 §4.4.1. */
export const NOTICE_OF_DISCONNECTION_OID = '1.3.6.1.4.1.1466.20036';
/** "Who am I?", RFC 4532. */
export const WHO_AM_I_OID = '1.3.6.1.4.1.4203.1.11.3';
