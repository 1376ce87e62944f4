/** RFC 4517 §3.3 syntax OIDs used by more than one file. */
const base = '1.3.6.1.4.1.1466.115.121.1';
export const BIT_STRING = `${base}.6`;
export const BOOLEAN = `${base}.7`;
export const CERTIFICATE = `${base}.8`;
export const COUNTRY_STRING = `${base}.11`;
export const DN = `${base}.12`;
export const DIRECTORY_STRING = `${base}.15`;
export const GENERALIZED_TIME = `${base}.24`;
export const IA5_STRING = `${base}.26`;
export const INTEGER = `${base}.27`;
export const JPEG = `${base}.28`;
export const NAME_AND_OPTIONAL_UID = `${base}.34`;
export const NUMERIC_STRING = `${base}.36`;
export const OID = `${base}.38`;
export const OCTET_STRING = `${base}.40`;
export const POSTAL_ADDRESS = `${base}.41`;
export const PRINTABLE_STRING = `${base}.44`;
export const SUBSTRING_ASSERTION = `${base}.58`;
export const TELEPHONE_NUMBER = `${base}.50`;
/** RFC 4530 §2.1. */
export const UUID = '1.3.6.1.1.16.1';
