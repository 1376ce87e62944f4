import type { Filter } from '../../filter/model.ts';
import type { Control } from '../../protocol/index.ts';
import * as protocol from '../../protocol/index.ts';
import { ControlOid } from '../controls.ts';

/** RFC 4528: the assertion control carries a Filter that the target entry must match. */
export function assertionFilter(controls: readonly Control[]): Filter | undefined {
  const c = controls.find((x) => x.oid === ControlOid.assertion);
  if (!c?.value) return undefined;
  return protocol.decodeAssertionValue(c.value);
}
