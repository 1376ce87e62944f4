import { SdkError, SdkErrorCode } from '../errors.ts';
import type { ImportProblem } from './model.ts';

/**
 * A mapping import refused as a whole (code `LINDEN_SDK_INVALID_ARGUMENT`):
 * `problems` lists every bad line with its number, and nothing was applied.
 */
export class MappingImportError extends SdkError {
  readonly problems: readonly ImportProblem[];

  constructor(problems: readonly ImportProblem[], source = 'mapping file') {
    const lines = problems.map((p) => `line ${p.line}: ${p.message}`).join('; ');
    super(SdkErrorCode.invalidArgument, `${source}: nothing imported: ${lines}`);
    this.name = 'MappingImportError';
    this.problems = problems;
  }
}
