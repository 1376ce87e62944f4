/**
 * The load generator as a process of its own, so it can be pinned to a core
 * apart from the server: `node --import tsx bench/loadgen-main.ts '<LoadRequest JSON>'`
 * prints one LoadResult as JSON on stdout.
 */
import { runLoad } from './loadgen.ts';
import { type LoadRequest, planFor } from './loads.ts';

const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;
const result = await runLoad(planFor(request));
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
