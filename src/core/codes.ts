/**
 * The catalogue of codes: every stable, machine-readable code skyfleet can emit — the scenario loader's and the
 * simulator's Issues, the engine's reasons (filter rejections, why-not causes, violations, the solver's unplaced
 * reasons, explain notes), the exact solver's errors and the command line's usage errors — each with the shape of
 * its params, a one-line meaning and an example message. docs/codes.md is generated from it
 * (`npx tsx scripts/gen-codes.ts`); test/codes.test.ts proves the catalogue, the docs and the code base agree.
 *
 * Words are not made here: the renderer (src/messages) turns a code and its params into English.
 */

import { CONTROL_CODES } from './codes-control.js';

/** Who emits a code. */
export type CodeSource =
  | 'loader'
  | 'engine'
  | 'simulator'
  | 'solver'
  | 'cli'
  | 'control'
  | 'store'
  | 'api'
  | 'skypilot'
  | 'provider';

export interface CodeInfo {
  readonly source: CodeSource;
  /** The params' shape, `{name: type, …}`, or `—` when the code carries none (its words are in `message`). */
  readonly params: string;
  readonly meaning: string;
  /** A message as it is printed (or as it appears in the plan's JSON). */
  readonly example: string;
}

const e = (source: CodeSource, params: string, meaning: string, example: string): CodeInfo => ({
  source,
  params,
  meaning,
  example,
});
const loader = (meaning: string, example: string, params = '—'): CodeInfo => e('loader', params, meaning, example);
const sim = (meaning: string, example: string, params = '—'): CodeInfo => e('simulator', params, meaning, example);
const cli = (meaning: string, example: string, params = '—'): CodeInfo => e('cli', params, meaning, example);
const solver = (meaning: string, example: string, params = '—'): CodeInfo => e('solver', params, meaning, example);
const store = (meaning: string, example: string, params = '—'): CodeInfo => e('store', params, meaning, example);
const engine = (params: string, meaning: string, example: string): CodeInfo => e('engine', params, meaning, example);
const api = (meaning: string, example: string, params = '—'): CodeInfo => e('api', params, meaning, example);
const sky = (meaning: string, example: string, params = '—'): CodeInfo => e('skypilot', params, meaning, example);
const provider = (meaning: string, example: string, params = '—'): CodeInfo => e('provider', params, meaning, example);

/** The engine's filters, by name (a filter's `name` is its source in every reason it gives). */
export const FILTER_NAMES = [
  'gpu-model',
  'provider',
  'region',
  'tier',
  'geo',
  'residency',
  'exclusivity',
  'throughput',
  'interconnect',
  'instance-shape',
  'deadline',
  'capacity',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
/** A pool kept out by a cheaper twin is counted as rejected by this pseudo-filter (compile's dominance pruning). */
export type RejectionSource = FilterName | 'dominated';

const STATIC = {
  ...CONTROL_CODES,
  // ── scenario loader: the file and its YAML ──────────────────────────────────────────────────────────────────────
  'file.empty': loader(
    'the scenario file is empty',
    'the file is empty: a scenario needs name, horizon, providers and workloads (docs/scenario.md)',
  ),
  'yaml.syntax': loader('the YAML does not parse', 'Nested mappings are not allowed in compact mappings'),
  'yaml.invalid': loader(
    'the YAML parses but is not a document skyfleet can read',
    'the alias *base names no anchor (&base) before it',
  ),
  'yaml.too-deep': loader(
    'the YAML nests deeper than the limit (docs/limits.md)',
    'the document is nested deeper than 64 levels, the limit (docs/limits.md)',
  ),
  'yaml.duplicate-key': loader(
    'a key appears twice in one mapping',
    "the key 'gpus' appears twice in the same mapping (which one was meant?)",
  ),
  'yaml.alias-cycle': loader(
    'a YAML alias refers to itself',
    'the alias *a is inside the node it names, so it never ends',
  ),
  'yaml.alias-expansion': loader(
    'aliases would expand the document beyond the limit',
    'the aliases (*name) repeat more than 1,000,000 values in all; that is the limit (docs/limits.md)',
  ),
  'yaml.too-many-aliases': loader(
    'more aliases than the limit',
    'more than 10,000 anchors and aliases (&name, *name) in one file; that is the limit (docs/limits.md)',
  ),
  'key.forbidden': loader(
    'a key that could pollute prototypes (`__proto__`)',
    "the key '__proto__' is not allowed (it names a JavaScript internal, never a field)",
  ),
  // ── scenario loader: the schema ────────────────────────────────────────────────────────────────────────────────
  'schema.missing': loader('a required field is missing', "missing required field 'gpus'"),
  'schema.type': loader('a field has the wrong type', 'expected a number, received a string'),
  'schema.enum': loader('a value is not one of the allowed words', 'must be one of training, inference, batch'),
  'schema.format': loader('a value does not have the expected format', 'invalid date'),
  'schema.unknown-key': loader('a field the schema does not know', "unknown field 'gpu'"),
  'schema.too-few': loader('a list has fewer items than it needs', 'needs at least 1 item(s)'),
  'schema.empty': loader('a value is empty where one is needed', 'must not be empty'),
  'schema.invalid': loader('a value the schema rejects for another reason', 'invalid input'),
  // ── scenario loader: values ────────────────────────────────────────────────────────────────────────────────────
  'unit.invalid': loader(
    'a quantity with a unit (duration, money, rate) cannot be read',
    "'6 months' is not a duration: write it like '6mo'",
  ),
  'unit.wrong-unit': loader(
    'a quantity has a unit of the wrong kind',
    "'20 GPU-h': a price per hour is in USD; write a price like '2.50 USD/h'",
  ),
  'value.negative': loader('a value must not be negative', "'-5 USD/h': a price must not be negative"),
  'value.not-positive': loader('a value must be greater than 0', 'column price_usd_hr must be greater than 0'),
  'value.out-of-range': loader(
    'a value lies outside its allowed range',
    "'120%': a share must lie between 0% and 100%",
  ),
  'value.too-big': loader('a value exceeds its limit (docs/limits.md)', 'must be at most 1,000,000 (docs/limits.md)'),
  'value.too-small': loader(
    'a value is below its minimum (docs/limits.md)',
    "'10s': a duration must be at least 1 minute (docs/limits.md)",
  ),
  'value.too-long': loader('a text is longer than its limit', 'must be at most 64 characters long (docs/limits.md)'),
  'text.control-character': loader(
    'a text holds a control or invisible character',
    'the text holds control characters',
  ),
  'name.invalid': loader('an id or name has characters it may not hold', "'a b' in column cloud is not a valid name"),
  'date.invalid': loader('a date cannot be read', "expected a date like '2026-12-01', got '2026-13-01'"),
  'date.out-of-range': loader(
    'a date lies outside the years skyfleet accepts',
    "'12026-01-01': the year must lie between 1970 and 9999 (docs/limits.md)",
  ),
  // ── scenario loader: meaning ───────────────────────────────────────────────────────────────────────────────────
  'providers.none': loader('the scenario declares no provider', 'declare at least one provider'),
  'provider.unknown': loader(
    'a declared provider is not in the catalog',
    "provider 'awz' is not in the catalog (did you mean 'aws'?)",
  ),
  'provider.undeclared': loader(
    'a workload names a provider the scenario does not declare',
    "provider 'oci' is not declared under providers",
    '{provider: string, suggestion?: string} (workloads; `—` from policies.byProvider)',
  ),
  'region.unknown': loader(
    'a region the catalog does not have',
    "region 'us-east-9' is not in the catalog for aws (did you mean 'us-east-1'?)",
    '{region: string, provider?: string, suggestion?: string}',
  ),
  'region.not-allowed': loader(
    'a region the provider does not offer',
    "region 'eu-west-1' has a quota but is not in aws's regions",
  ),
  'gpu.unknown': loader(
    'a GPU model the catalog does not have',
    "GPU model 'H10O' is not in the catalog (did you mean 'H100'?)",
    '{gpu: string, suggestion?: string}',
  ),
  'geo.unknown': loader('a geography skyfleet does not know', "'mars' is not a geography (us, eu, asia, …)"),
  'throughput.unknown': loader(
    'a throughput figure for a GPU model the catalog does not have',
    "no throughput is known for GPU 'MI300X': add it to the scenario's or the workload's throughput map (ratio to H100)",
    '{gpu: string}',
  ),
  'id.duplicate': loader(
    'an id is used twice',
    "workload id 'evals' is already used by workloads[7]",
    '{kind: string, id: string, first: string}',
  ),
  'horizon.bucket-too-long': loader(
    'the planning bucket is longer than the horizon',
    'the bucket is longer than the horizon',
  ),
  'horizon.bucket-too-short': loader(
    'the planning bucket is shorter than the minimum',
    'the bucket must be at least 1h (capacity, prices and billing are stepped per bucket)',
  ),
  'horizon.too-many-buckets': loader(
    'the horizon cut into buckets gives more than the limit',
    'the horizon holds more than 100,000 buckets, the limit (docs/limits.md): choose a longer bucket',
  ),
  'contract.term-missing': loader(
    'a contract has neither a term nor an end',
    "contract 'aws-credits' needs a term (e.g. '1y') or an end date",
  ),
  'contract.term-conflict': loader('a contract gives both a term and an end', 'give a term or an end, not both'),
  'contract.ends-before-start': loader(
    'a contract ends before it starts',
    "contract 'x' ends (2026-01-01) before it starts (2027-01-01)",
  ),
  'contract.exclusivity-conflict': loader(
    'two contracts make one class exclusive to different providers at once',
    "class 'pretrain' is already exclusive to aws; it cannot also be exclusive to gcp",
  ),
  'contract.provider-undeclared': loader(
    'a contract names a provider the scenario does not declare',
    "contract 'x' is with provider 'oci', which is not declared under providers",
    '{provider: string, suggestion?: string}',
  ),
  'contract.period-outside-term': loader(
    "a commitment period lies outside the contract's term",
    'the period 2028-01-01 – 2028-07-01 falls outside the contract term 2026-12-01 – 2027-12-01',
  ),
  'contract.periods-overlap': loader(
    'two commitment periods of a contract overlap',
    'the period starting 2027-03-01 overlaps the previous one (which ends 2027-06-01)',
  ),
  'commitment.form-conflict': loader(
    'a commitment gives both periods and total + every',
    'give either periods, or total + every (+ ramp), not both',
  ),
  'commitment.form-missing': loader(
    'a commitment gives neither periods nor total + every',
    'a commitment needs periods, or total and every',
  ),
  'commitment.period-conflict': loader(
    'a period gives both a length and an end',
    'give a period length or an end, not both',
  ),
  'commitment.period-length-missing': loader(
    'a period gives neither a length nor an end',
    'a period needs a length or an end',
  ),
  'commitment.period-empty': loader(
    'a period ends where it starts',
    'the period ends (2027-01-01) before it starts (2027-06-01)',
  ),
  'commitment.ramp-sum': loader("a ramp's fractions do not sum to 100%", 'the ramp shares sum to 90.00%, not 100%'),
  'commitment.unit-mismatch': loader(
    'a commitment mixes money and GPU-hours',
    "'400k GPU-h' is in GPU-hours but the commitment is in USD",
  ),
  'reserved.not-offered': loader(
    'a reserved block names an offering the catalog does not have',
    'the catalog has no H100 offering for aws in eu-west-9',
  ),
  'reserved.instance-unknown': loader(
    'a reserved block names an instance type the catalog does not have',
    'the catalog has no H200 instance type "p9.x" for aws in us-east-1',
  ),
  'ramp.out-of-order': loader(
    "a reserved block's ramp steps are not in date order",
    'ramp step 2027-01-01 must come after the previous step (2027-03-01)',
  ),
  'ramp.outside-term': loader(
    "a ramp step lies outside the contract's term",
    'ramp step 2028-01-01 is outside the contract term 2026-12-01 – 2027-12-01',
  ),
  'workload.deadline-before-start': loader(
    'a workload is due before it starts',
    "workload 'x': deadline 2026-11-01 is not after its start 2026-12-01",
  ),
  'workload.nodes-uneven': loader(
    "a workload's GPUs cannot be shared equally by its nodes",
    "workload 'ft' has 12 GPUs in its gang, which 8 nodes cannot share equally",
  ),
  'workload.outside-horizon': loader(
    'a workload lies wholly outside the horizon',
    "workload 'x' starts 2029-01-01, outside the horizon 2026-12-01 – 2027-12-01",
  ),
  'inference.min-providers': loader(
    'a service asks for more providers than it may use',
    "workload 'chat' needs 3 providers but only 2 are available to it",
  ),
  'inference.price-needs-throughput': loader(
    'a per-token price needs a throughput figure',
    "workload 'chat' gives a price per million tokens but not tokensPerSecondPerReplica",
  ),
  'inference.tokens-per-replica-missing': loader(
    'demand in tokens needs tokens per replica',
    "demand '400k tokens/s' is in tokens/s: give tokensPerSecondPerReplica (what one replica serves on H100)",
  ),
  'catalog.duplicate-row': loader(
    'the catalog lists one offering twice',
    'aws p5.48xlarge in us-east-1 is already on line 12 with a different GPU, count or price',
  ),
  'csv.empty': loader('a CSV file is empty', 'file is empty: a header line is needed'),
  'csv.bad-quote': loader('a CSV field has characters after its closing quote', "unexpected 'x' after a closing quote"),
  'csv.unterminated-quote': loader('a CSV quoted field is never closed', 'quoted field is never closed'),
  'csv.field-count': loader('a CSV row has more or fewer fields than the header', 'expected 6 fields, found 5'),
  'csv.duplicate-column': loader('a CSV header names a column twice', "column 'region' appears twice in the header"),
  'csv.missing-column': loader(
    'a CSV header lacks a required column',
    "the header has no column 'region' (expected: cloud,instance_type,accelerator,…)",
  ),
  'csv.empty-cell': loader('a required CSV cell is empty', 'column gpu is empty'),
  'csv.bad-number': loader(
    'a CSV cell is not a non-negative number',
    "'abc' in column price_usd_hr is not a non-negative number",
  ),
  'csv.bad-gpu-count': loader(
    'a CSV row has a GPU count that is not a positive number',
    'accelerator_count 3.5 is neither a whole number of GPUs nor a fraction 1/n of one (n from 2 to 8)',
  ),
  'csv.too-many-rows': loader(
    'a CSV file has more rows than the limit',
    'the file has more than 1,000,000 rows, the limit (docs/limits.md)',
  ),
  'csv.too-many-issues': loader('a CSV file has more problems than are listed', '…and 12 more problems in this file'),
  'issues.too-many': loader(
    'more problems than are listed for one input',
    '…and 3 more problems (only the first 100 are listed)',
  ),
  // ── simulator ──────────────────────────────────────────────────────────────────────────────────────────────────
  'trace.empty': sim('a trace has a header but no rows', 'the trace has a header but no requests'),
  'trace.unreadable': sim('a trace file cannot be read', 'jobs.csv: cannot read the job trace: EACCES'),
  'trace.too-large': sim(
    'a trace file is larger than the limit',
    'jobs.csv: cannot read the job trace: 80.0 MiB is more than the limit of 64 MiB (docs/limits.md)',
  ),
  'trace.missing-column': sim('a trace lacks a required column', "the header has no column 'job_id'"),
  'trace.too-many-fields': sim(
    'a trace row has more fields than the limit',
    'line 3 has more than 100 fields (the limit: docs/limits.md)',
  ),
  'trace.too-many-rows': sim(
    'a trace has more rows than the limit',
    'the trace has more than 1,000,000 rows (the limit: docs/limits.md); split it or sample it',
  ),
  'trace.not-a-number': sim('a trace cell is not a number', "gpus: 'x' is not a number"),
  'trace.not-an-integer': sim(
    'a trace cell is not a whole number',
    'gpus: 1.5 is not a whole number (write digits only)',
  ),
  'trace.not-positive': sim('a trace cell must be at least 1', 'gpus: 0 must be at least 1'),
  'trace.negative': sim('a trace cell is negative', 'duration: -3 is negative'),
  'trace.too-large-value': sim('a trace cell exceeds its limit', 'num_gpus: 100000 is above the limit of 65,536'),
  'trace.duplicate-id': sim('a trace uses a job id twice', "job_id 'j1' already used on line 3"),
  'trace.empty-id': sim('a trace row has an empty id', 'job_id is empty'),
  'trace.unsorted': sim(
    'a trace is not in time order (no longer raised: traces are read sorted, note trace.sorted)',
    'submit_time_s 10 is earlier than 20 on line 4: rows must be sorted by submit time',
  ),
  'trace.gpus': sim(
    'the jobs of a trace ask for GPUs no workload accepts',
    'none of the trace GPUs (H100) has a throughput figure in the scenario',
  ),
  'trace.not-csv': sim(
    'a trace file is not CSV text (compressed, binary, JSON)',
    'the job trace is not a CSV text file: it is gzip-compressed; decompress it first (gunzip)',
  ),
  'trace.ambiguous-column': sim(
    'two or more trace columns name the same field',
    "columns 'timestamp', 'submit_time' all name the submit_time_s field: keep one (or rename the others)",
  ),
  'trace.mixed-times': sim(
    'a trace time column mixes offsets and absolute times',
    'submit_time: 2020-06-09 18:41:01 is an absolute time (a date-time or a Unix time) but line 2 has seconds from the trace start',
  ),
  'trace.zero-gpus': sim(
    'a note: job-trace rows asking for 0 GPUs were left out',
    'jobs.csv: note: 12 rows ask for 0 GPUs (CPU-only jobs) and are left out',
  ),
  'trace.incomplete-rows': sim(
    'a note: trace rows with an empty required cell were left out',
    'pods.csv: note: 3 rows have an empty scheduled_time (the first on line 62) and are left out',
  ),
  'trace.sorted': sim(
    'a note: a trace not in time order was read sorted',
    'jobs.csv: note: rows are not in submit-time order (line 7 is earlier than line 6): read sorted by submit time',
  ),
  'trace.gang-too-large': sim(
    'a note: trace jobs ask for more GPUs than any provider places in one gang',
    'jobs.csv: note: 9 of 82,247 jobs ask for more than 64 GPUs, the largest interconnect domain: they never run',
  ),
  'trace.unknown-gpu-type': sim(
    "a note: a job trace's gpu_type names no GPU model of the scenario (or several); its jobs run on the default list",
    'jobs.csv: note: the trace\'s gpu_type "K80" (12 jobs) names no GPU model of the scenario, or more than one (models with a throughput figure: A100, B200, H100): they run on the trace\'s default GPU list (--trace-gpus)',
  ),
  'incidents.bad-time': sim(
    'an incident archive row has a time that cannot be read',
    "event_start: 'yesterday' is not an ISO-8601 UTC time like 2018-12-13T04:00:00.000Z",
  ),
  'incidents.unknown-vendor': sim(
    'an incident archive names a vendor skyfleet does not know',
    "vendor 'IBM' is not one of AWS, GCP, Azure",
  ),
  'scale.invalid': sim(
    'a trace scaling parameter (rate, deadline slack, …) is out of range',
    'deadline slack must be >= 1, got 0.5',
  ),
  'sim.too-many-jobs': sim(
    'the run would simulate more jobs than the limit',
    'the run holds 5,000,000 jobs, more than the limit of 4,000,000 jobs per run',
  ),
  'sim.too-many-events': sim(
    'the run would process more events than the limit',
    'the run needs more than 20,000,000 events (the limit per run), stopped at simulated 2028-03-01',
  ),
  'sim.horizon-too-long': sim(
    'the simulated horizon is longer than the limit',
    '--horizon "40y" is longer than the simulator\'s limit of 30 years (docs/limits.md)',
  ),
  'sim.too-many-buckets': sim(
    "the run would have more time buckets (the scenario's bucket over the horizon) than the limit",
    "the run would have up to 43,800 time buckets (the scenario's bucket of 1 h over 43,800 h), more than the limit of 20,000: use a longer horizon.bucket or a shorter --horizon",
  ),
  'trace.zero-duration': sim(
    'a note: job-trace rows with duration 0 carry no work and are skipped',
    'jobs.csv: note: 12 of 82,247 rows have duration_s 0 and are skipped (no work to do)',
  ),
  'sim.lp-too-large': sim(
    'the offline lower bound LP is larger than the limit',
    'the offline-optimal LP would have about 9,000,000 terms, more than the limit of 4,000,000',
  ),
  'policy.unknown': sim(
    'a simulation policy skyfleet does not know',
    'unknown policy "x": use single:<provider>, cheapest-first, skypilot-like, skyfleet, hindsight or offline-optimal',
  ),
  'policy.unknown-provider': sim(
    'a single:<provider> policy names a provider the scenario lacks',
    'policy single:oci: the scenario has no provider "oci" (it has aws, gcp)',
  ),
  // ── exact solver (HiGHS) ───────────────────────────────────────────────────────────────────────────────────────
  'solver.too-large': solver(
    'the model is too large for the exact solver (greedy is used)',
    'the exact model has 3000000 columns, more than the limit of 2000000; use the greedy solver for an instance this size',
  ),
  'solver.timeout': solver(
    'the exact solver hit its safety time limit',
    'HiGHS ran past its time limit; the worker was killed',
  ),
  'solver.closed': solver('the exact solver was closed while a solve was pending', 'the HiGHS solver was closed'),
  'solver.worker-failed': solver(
    'the exact solver worker thread failed',
    'the HiGHS worker exited (code 1) during a solve',
  ),
  'solver.error': solver('HiGHS reported an error', 'HiGHS failed: Unable to read LP model'),
  'solver.infeasible': solver('HiGHS found the model infeasible', 'the model is infeasible'),
  'solver.no-solution': solver('HiGHS ended without a solution', 'HiGHS stopped without a solution'),
  // ── providers (the Provider port, src/control/ports.ts) and the sandbox cloud (docs/sandbox.md) ────────────────
  'provider.unreachable': provider(
    'the provider did not answer in time, or the connection failed or was reset (retryable)',
    'no answer from aws at http://127.0.0.1:8471 within 10000 ms',
    '{provider: string}',
  ),
  'provider.down': provider(
    'the provider answers that it is down: every call fails until it is back (retryable)',
    "provider 'aws' is down",
    '{provider: string}',
  ),
  'provider.region-down': provider(
    'the region is down: launches there fail and the ones running there are lost (retryable)',
    'aws region us-east-1 is down',
    '{provider: string, region: string, instanceType: string}',
  ),
  'provider.capacity': provider(
    'not enough free instances of that type in that region for the whole gang (retryable)',
    'not enough capacity for 4 × p5.48xlarge in aws us-east-1 (2 free)',
    '{provider: string, region: string, instanceType: string, requested: number, free: number}',
  ),
  'provider.quota': provider(
    "the launch would take the account past its GPU quota (provider's or region's; retryable once GPUs are freed)",
    'the GPU quota of aws leaves 16 GPUs in us-east-1; the launch needs 32',
    '{provider: string, region: string, instanceType: string, requested: number, left: number}',
  ),
  'provider.no-such-offering': provider(
    'the provider does not sell that instance type (or its spot tier) in that region',
    'aws offers no spot p5.48xlarge in eu-west-9',
    '{provider: string, region: string, instanceType: string, spot: boolean}',
  ),
  'provider.launch-not-found': provider(
    'the provider knows no launch with that id (a sandbox forgets its launches when it restarts)',
    "aws has no launch 'aws-m3x1-7'",
    '{provider: string, launchId: string}',
  ),
  'provider.not-configured': provider(
    'the sandbox serves no provider of that name',
    "the sandbox has no provider 'oci'",
    '{provider: string}',
  ),
  'provider.bad-request': provider(
    'the provider refused the request as malformed (a bug of the caller; not retryable)',
    'a launch may hold at most 64 instances in the sandbox, not 100',
  ),
  'provider.bad-response': provider(
    'the provider answered something that is not the API (an unreadable body, an unexpected status)',
    'aws answered HTTP 502 without a problem document',
    '{provider: string, status: number}',
  ),
  'sandbox.spot-without-price': provider(
    'the sandbox configuration gives an instance type spot capacity but no spot price',
    "instance type 'p5.48xlarge' has spot capacity but no spotPrice",
    '{provider: string, region: string, instanceType: string}',
  ),
  'sandbox.fault-invalid': provider(
    'the fault API refused the fault (unknown region, instance type or launch, or a launch already ended)',
    "aws has no region 'us-east-9'",
  ),
  'sandbox.unreachable': provider(
    'the fault command could not reach the sandbox',
    'cannot reach the sandbox at http://127.0.0.1:8471 (is `skyfleet sandbox` running?)',
  ),
  'sandbox.listen-failed': provider(
    'the sandbox could not listen on its port (in use, or not allowed)',
    'cannot listen on 127.0.0.1:8471: the address is in use (choose another with --port)',
  ),
  // ── command line ───────────────────────────────────────────────────────────────────────────────────────────────
  'report.unwritable': cli(
    'the report (or another output file) cannot be written where asked',
    'cannot write report.html: EACCES: permission denied',
  ),
  'usage.unknown-option': cli('an option the command does not have', "unknown option '--jsn'"),
  'usage.unknown-command': cli(
    'a command skyfleet does not have',
    "unknown command 'plna': use plan, simulate, compare, ledger, validate, catalog, serve, sandbox, submit, status, logs, cancel, explain, token or team",
  ),
  'usage.missing-argument': cli('a required argument is missing', "missing required argument 'file'"),
  'usage.missing-option-value': cli('an option is given without its value', "option '--seed <n>' argument missing"),
  'usage.missing-option': cli('a required option is missing', "required option '--traces <dir>' not specified"),
  'usage.conflicting-options': cli(
    'two options that exclude each other',
    "option '--json' cannot be used with option '--csv'",
  ),
  'usage.too-many-arguments': cli(
    'more arguments than the command takes',
    "too many arguments for 'plan'. Expected 1 argument but got 2.",
  ),
  'usage.invalid-value': cli(
    'an option value the command cannot use',
    "option '--solver <s>' argument 'fast' is invalid",
  ),
  'usage.missing-command': cli(
    'no command given',
    'no command: use plan, simulate, compare, ledger, validate, catalog, serve, sandbox, submit, status, logs, cancel, explain, token or team',
  ),
  'usage.invalid': cli('a usage error of another kind', 'a usage error commander gives no code of its own'),
  'flag.invalid': cli('a flag value cannot be read', '--outages must be sample, replay or none, not "always"'),
  'flag.out-of-range': cli(
    'a flag value lies outside its range',
    '--seed 4294967290 with --seeds 10 runs seeds up to 4294967299, past the largest seed 4294967295',
  ),
  'flag.empty-item': cli(
    'a comma-separated flag has an empty item',
    '--policies needs a comma-separated list of policies without empty items, not "skyfleet,,x"',
  ),
  'flag.unknown-item': cli(
    'a comma-separated flag names an item skyfleet does not know',
    '--without: unknown provider "oci" (known: aws, gcp, nebius, lambda)',
  ),
  'flag.duplicate-item': cli('a comma-separated flag names one item twice', '--policies names "skyfleet" twice'),
  'file.not-found': cli('an input file does not exist', 'cannot read the scenario: no such file'),
  'file.unreadable': cli('an input file cannot be read', 'cannot read the scenario: permission denied'),
  'file.not-regular': cli(
    'an input path is a folder or another non-file',
    'cannot read the scenario: it is a directory',
  ),
  'file.too-large': cli(
    'an input file is larger than the limit',
    'the scenario is 20.0 MiB, larger than the limit of 16 MiB (docs/limits.md)',
  ),
  'file.not-utf8': cli(
    'an input file is not UTF-8 text',
    'the scenario is not valid UTF-8 text (byte 0xff at offset 10)',
  ),
  'output.unwritable': cli('an output path cannot be written', '--report out/r.html: the folder out does not exist'),
  'input.invalid': cli(
    'an input problem that carries no code of its own',
    'a problem in the input that carries no code of its own',
  ),
  internal: cli(
    'an unexpected exception: a bug (exit 70)',
    'internal error: … (this is a bug; please report it with the command you ran)',
  ),
  'what-if.syntax': cli(
    'a --what-if that cannot be read',
    '--what-if: cannot read "aws=+20%": write PROVIDER.price=+20% (or -15%, or x1.5)',
  ),
  'what-if.provider': cli(
    'a --what-if names a provider the scenario lacks',
    '--what-if: unknown provider "oci" (the scenario has aws, gcp)',
  ),
  'what-if.factor': cli(
    'a --what-if factor outside x0.01..x100',
    '--what-if: a price cannot fall to zero or below ("aws.price=-100%")',
  ),
  // ── HTTP API (src/server) and its client commands: RFC 9457 problem documents, `type` = the code ──────────────
  'api.not-found': api(
    'no route has this path (404)',
    'no route GET /v1/nothing (see /openapi.json)',
    '{method: string, path: string}',
  ),
  'api.method-not-allowed': api(
    'the path exists but not with this method (405, with an Allow header)',
    'PATCH is not allowed on /v1/workloads (allowed: GET, POST)',
    '{method: string, allow: string[]}',
  ),
  'api.unsupported-media-type': api(
    'the body has a content type the route does not read (415)',
    'the body is text/plain; this route reads application/json or application/yaml',
    '{contentType: string, accepts: string[]}',
  ),
  'api.body-too-large': api(
    'the body is larger than the limit, refused before it is read whole (413)',
    'the body is larger than the limit of 1048576 bytes (docs/api.md)',
    '{limit: number}',
  ),
  'api.malformed-json': api('the body is not valid JSON (400)', 'the body is not valid JSON: Unexpected token } at 12'),
  'api.invalid-field': api(
    'a field of the body has the wrong type or value (422)',
    'name: expected a string of 1 to 128 characters',
    '{errors: {path: string, message: string}[]}',
  ),
  'api.unknown-field': api(
    'the body has a field the route does not know (422)',
    "unknown field 'gpu' at the top level (known: name, workload, run, setup, envs, secrets, workdir, source)",
    '{path: string, fields: string[]}',
  ),
  'api.invalid-parameter': api(
    'a query or path parameter or a header cannot be read, or is unknown (400)',
    "query parameter 'limit': expected an integer from 1 to 1000",
    '{errors: {path: string, message: string}[]}',
  ),
  'api.idempotency-key-reused': api(
    'an Idempotency-Key already used by the team for a different body (422)',
    "the Idempotency-Key 'k1' was used for a different workload (wl_…)",
    '{key: string, workload: string}',
  ),
  'api.import-unavailable': api(
    'a task file was sent, but this server has no task importer (415)',
    'this server reads workloads as JSON only',
  ),
  'api.ledger-unavailable': api(
    'the ledger was asked of a server that has no fleet ledger (503)',
    'this server keeps no ledger',
  ),
  'api.team-not-found': api(
    'the team named does not exist (404)',
    "no team 'research' (create it: skyfleet team set research)",
    '{team: string}',
  ),
  'api.token-not-found': api(
    "no API token with this id that the token may revoke (404; another team's token id included)",
    "no token 'tok_x1y2z3' that this token may revoke",
    '{id: string}',
  ),
  'api.unreachable': api(
    'the client cannot reach the server (exit 1)',
    'cannot reach the skyfleet server at http://127.0.0.1:8470 (is `skyfleet serve` running?)',
    '{url: string}',
  ),
  'api.server-error': api(
    'the server answered with a 5xx or with something that is not a problem document (exit 1)',
    'the server answered 500: internal error',
    '{status: number}',
  ),
  'api.port-in-use': api(
    '`serve` cannot listen: the port is taken (exit 2)',
    'port 8470 on 127.0.0.1 is in use',
    '{port: number}',
  ),
  'auth.missing-token': api(
    'the request carries no API token (401)',
    'this route needs an API token: Authorization: Bearer …',
  ),
  'auth.invalid-token': api('the API token is not one the server knows (401)', 'the API token is not valid'),
  'auth.forbidden': api(
    "the token's team may not do this (403): an admin route, or another team named",
    'only the admin token may create tokens',
    '{need: string}',
  ),
  'auth.no-token': api(
    'the client found no token: SKYFLEET_TOKEN unset and no .skyfleet/admin-token (exit 2)',
    'no API token: set SKYFLEET_TOKEN or run where .skyfleet/admin-token is',
  ),
  // ── store: the control plane's durable state (src/store) ──────────────────────────────────────────────────────
  'store.url-invalid': store(
    'a --store URL skyfleet cannot open',
    '--store "mysql://db/x": use sqlite:PATH, a file path, postgres://… or memory:',
    '{url: string}',
  ),
  'store.unreachable': store(
    'the database cannot be opened or reached, at start or during a request (503 with Retry-After)',
    'cannot open the store postgres://127.0.0.1:5432/skyfleet: connect ECONNREFUSED 127.0.0.1:5432',
    '{url: string, reason: string}',
  ),
  'store.busy': store(
    'SQLite: another process held the write lock beyond the busy timeout (503 with Retry-After)',
    'the store /srv/skyfleet.db is busy (another process holds its write lock): database is locked (SQLITE_BUSY)',
    '{url: string, reason: string}',
  ),
  'store.disk-full': store(
    "the database's disk is full: SQLite SQLITE_FULL, PostgreSQL 53100 (507)",
    'the disk of the store /srv/skyfleet.db is full: database or disk is full (SQLITE_FULL)',
    '{url: string, reason: string}',
  ),
  'store.io-error': store(
    'the database file cannot be read or written: SQLite SQLITE_IOERR (503)',
    'the store /srv/skyfleet.db cannot be read or written: disk I/O error (SQLITE_IOERR_WRITE)',
    '{url: string, reason: string}',
  ),
  'store.newer-schema': store(
    'the database was migrated by a newer skyfleet; this one will not write to it',
    'the store is at schema version 7, this skyfleet knows versions up to 3: upgrade skyfleet',
    '{version: number, known: number}',
  ),
  'store.duplicate': store(
    'a record with this id (or a token with this hash) already exists',
    'a workload with id "w-1" already exists',
    '{kind: string, id: string}',
  ),
  'store.spec-too-large': store(
    'a workload spec is larger than the store keeps (docs/store.md)',
    'the spec of "w-1" is 1300000 bytes of JSON, more than the limit of 1048576',
    '{id: string, bytes: number, limit: number}',
  ),
  'store.bad-text': store(
    'an id, name or key holds a NUL character or an unpaired surrogate, which the databases cannot keep',
    'the field idempotencyKey holds a NUL character or an unpaired surrogate',
    '{field: string}',
  ),
  'store.closed': store('the store was used after it was closed: a bug', 'the store is closed'),
  // ── SkyPilot task files (src/skypilot): errors, then warnings ───────────────────────────────────────────────
  'skypilot.unknown-field': sky(
    'a field SkyPilot does not know (SkyPilot rejects it too)',
    "unknown field 'resource' in the task (did you mean 'resources'?)",
    '{field: string, suggestion?: string}',
  ),
  'skypilot.invalid-value': sky(
    'a field of a SkyPilot task has a value of the wrong type or form',
    "num_nodes must be a whole number ≥ 1, not 'two'",
  ),
  'skypilot.accelerators-invalid': sky(
    'an accelerators value that cannot be read',
    "'H100:x': write <name> or <name>:<count>, e.g. 'H100:8'",
  ),
  'skypilot.accelerator-unsupported': sky(
    'an accelerator skyfleet does not broker (TPU, Trainium, Inferentia, Gaudi, FPGA)',
    "'tpu-v5e-8' is a TPU: skyfleet brokers GPUs only",
    '{accelerator: string, family: string}',
  ),
  'skypilot.gpu-unknown': sky(
    "a GPU name that is not in skyfleet's catalogue",
    "GPU 'H10' is not in skyfleet's catalogue (did you mean 'H100'?)",
    '{gpu: string, suggestion?: string}',
  ),
  'skypilot.no-accelerators': sky(
    'a task that asks for no GPU (skyfleet brokers GPUs)',
    'the task asks for no accelerators: skyfleet brokers GPU work; give resources.accelerators, e.g. H100:8',
  ),
  'skypilot.cloud-unknown': sky(
    'a cloud name SkyPilot does not know',
    "'awz' is not a cloud (did you mean 'aws'?)",
    '{cloud: string, suggestion?: string}',
  ),
  'skypilot.infra-invalid': sky(
    'an infra value that is not cloud[/region[/zone]], * or k8s[/context]',
    "infra 'aws//x' is not cloud[/region[/zone]]",
  ),
  'skypilot.conflict': sky(
    'two fields that exclude each other (as in SkyPilot)',
    'give infra or cloud/region/zone, not both',
  ),
  'skypilot.region-unknown': sky(
    'a region that looks like a typo of a catalogue region',
    "region 'us-east1' is not in the catalogue for aws (did you mean 'us-east-1'?)",
    '{region: string, suggestion: string}',
  ),
  'skypilot.name-invalid': sky(
    'a task name SkyPilot would reject',
    "task name 'My Task' is invalid: lowercase letters, digits, and . _ - between them",
  ),
  'skypilot.not-a-task': sky(
    'a document of the file is not a mapping of task fields',
    'a task is a mapping of fields, not a list',
  ),
  // warnings: the workload is read, but something in the file is not honoured as written
  'skypilot.not-honoured': sky(
    'a field skyfleet reads but cannot honour (named with its place in the file)',
    "resources.cpus '8+' is not honoured: skyfleet chooses instances by GPU",
    '{field: string}',
  ),
  'skypilot.legacy-field': sky(
    'a field SkyPilot has renamed, read under its new name',
    'resources.spot_recovery is the old name of job_recovery: read as job_recovery',
    '{field: string, now: string}',
  ),
  'skypilot.cloud-not-brokered': sky(
    'a cloud or infra skyfleet does not broker: the constraint is dropped',
    "cloud 'kubernetes' is not brokered by skyfleet: the workload may run on any provider",
    '{cloud: string}',
  ),
  'skypilot.region-dropped': sky(
    'a region not in the catalogue: the region constraint is dropped',
    "region 'me-central-1' is not in the catalogue for aws: the region constraint is dropped",
    '{region: string}',
  ),
  'skypilot.candidate-dropped': sky(
    'an accelerator candidate left out (a workload has one gang size)',
    'A100:16 is left out: a skyfleet workload has one gang size, and the first candidate asks for 8 GPUs',
    '{candidate: string}',
  ),
  'skypilot.task-skipped': sky(
    'a task of a chain that asks for no GPU: not imported (skyfleet brokers GPU work)',
    "task 'gpt2-data' asks for no accelerators: skyfleet brokers GPU work, so this task of the chain is not imported",
    '{task: string}',
  ),
  'skypilot.gpus-rounded': sky(
    'a fractional GPU count rounded up to whole GPUs',
    'H100:0.5 asks for part of a GPU: skyfleet places whole GPUs, 1 is used',
  ),
  'skypilot.value-unset': sky(
    'an env or secret with no value (give it with --env or --secret)',
    'envs.HF_TOKEN has no value: give it with --env HF_TOKEN=…',
    '{name: string}',
  ),
  // ── engine: filter rejections (source: the filter) ─────────────────────────────────────────────────────────────
  'filter.gpu-model': engine(
    '{gpu: string, accepts: string[]}',
    "the pool's GPU is not one the workload accepts",
    'H200 is not among the accepted GPUs (H100, A100)',
  ),
  'filter.provider': engine(
    '{provider: string, accepts: string[]}',
    "the pool's provider is not one the workload accepts",
    "provider gcp is not in the workload's providers (aws)",
  ),
  'filter.region': engine(
    '{region: string, accepts: string[]}',
    "the pool's region is not one the workload accepts",
    "region us-east-1 is not in the workload's regions (eu-west-1)",
  ),
  'filter.tier': engine(
    '{tier: string, accepts: string[]}',
    "the pool's tier is not one the workload accepts",
    'tier spot is not accepted (accepts committed, on-demand)',
  ),
  'filter.geo': engine(
    '{region: string, regionGeo: string, geo: string}',
    "the pool's region does not serve the geography of the demand",
    'region us-east-1 (us) does not serve demand in eu',
  ),
  'filter.residency': engine(
    '{class: string, geos: string[], region: string, regionGeo: string}',
    'a residency rule keeps the work out of the geography',
    'residency: pretrain must stay in eu; us-east-1 is us',
  ),
  'filter.exclusivity': engine(
    '{contract: string, class: string, provider: string}',
    "a contract makes the workload's class exclusive to another provider",
    'contract aws-deal makes finetune exclusive to aws',
  ),
  'filter.throughput': engine(
    '{gpu: string}',
    "no throughput figure for the pool's GPU",
    'no throughput figure for MI300X (give one in `throughput:`)',
  ),
  'filter.interconnect': engine(
    '{gang: number, provider: string, largestDomain: number}',
    "the gang exceeds the provider's largest interconnect domain",
    "gang of 512 GPUs exceeds aws's largest interconnect domain (256)",
  ),
  'filter.instance-shape.gang': engine(
    '{gang: number, instanceType: string, perInstance: number}',
    'a gang that must sit on one instance does not fit the instance',
    'needs 8 GPUs in its gang on one instance (multiNode: false); g2-standard-4 has 1',
  ),
  'filter.instance-shape.replica': engine(
    '{needs: number, instanceType: string, perInstance: number}',
    'a replica does not fit one instance and may not span several',
    'needs 8 GPUs per replica; gcp.H100.x1 has 1',
  ),
  'filter.instance-shape.domain': engine(
    '{needs: number, instances: number, instanceType: string, gpus: number, provider: string, largestDomain: number}',
    "a multi-node replica exceeds the provider's largest interconnect domain",
    "needs 24 GPUs per replica: 3 × p5.48xlarge (24 GPUs) exceed aws's largest interconnect domain (16)",
  ),
  'filter.instance-shape.nodes': engine(
    '{nodes: number, perNode: number, instanceType: string, perInstance: number}',
    'a workload launched on a set number of nodes (SkyPilot num_nodes) needs instances of exactly its GPUs per node',
    'runs on 2 node(s) of 8 GPUs each (nodes); a2-highgpu-4g has 4',
  ),
  'filter.deadline': engine(
    '{gpu: string, lateHours: number}',
    'on this GPU the job finishes after its deadline',
    'on A100 it finishes 120 h after its deadline',
  ),
  'filter.capacity': engine(
    '{needs: number, largestPool: number}',
    'the pool never holds the whole gang while it runs',
    'needs 512 GPUs; the pool has at most 256 while the job runs',
  ),
  'filter.capacity.service': engine(
    '{}',
    'the pool has no capacity while the service runs',
    'no capacity while the service runs',
  ),
  'filter.dominated.twin': engine(
    '{by: string}',
    'a pool with the same capacity and terms is cheaper',
    'same capacity and terms as aws.H100.us-east-1, at a higher price',
  ),
  'filter.dominated.holds': engine(
    '{by: string}',
    'another pool holds as much on no more GPUs for no more',
    'aws.H100.us-east-1 holds as much on no more GPUs for no more',
  ),
  // ── engine: why not (the binding cause of an unplaced workload; source: the filter, `supply` or `solver`) ──────
  'why.no-offer': engine(
    '{gpus: string[]}',
    'no pool of a declared provider offers an accepted GPU',
    'no pool of a declared provider offers H100 or H200',
  ),
  'why.capacity-exhausted': engine(
    '{candidates: number, detail?: string}',
    'pools passed every check, but none had room left',
    'capacity: 3 pools passed every check, but none could take it',
  ),
  'why.combined': engine(
    '{pool: string, filters: string[]}',
    'no single filter keeps it out: the closest pool fails several',
    'no single constraint: even the closest pool, aws.H100, fails region and tier',
  ),
  // ── engine: the solver's unplaced reasons (source: `greedy` or `lp`) ───────────────────────────────────────────
  'unplaced.survivability-rule': engine(
    '{units: number}',
    "the tier's survivability rule lets no provider hold even one unit",
    'the survivability rule for its tier lets no provider hold even one of its 1 replica unit(s) …',
  ),
  'unplaced.min-providers': engine(
    '{needs: number, used: number, blocks: Reason[]}',
    'fewer providers than minProviders can take the item',
    'needs 2 providers; only 1 can take it (capacity of aws.H100 is taken)',
  ),
  'unplaced.blocked': engine(
    '{blocks: Reason[]}',
    'every candidate left is blocked (at most the two commonest blocks are given)',
    'capacity of aws.H100 is taken; gcp would exceed its GPU share cap',
  ),
  'unplaced.no-candidate-left': engine('{}', 'the item had candidates, but none was left to try', 'no candidate left'),
  'unplaced.no-feasible-candidate': engine(
    '{}',
    'the exact solver: no candidate passed the filters',
    'no feasible candidate (see rejections)',
  ),
  'unplaced.no-room': engine(
    '{}',
    'the exact solver: the candidates had no room within the limits',
    'no room within capacity and policy limits (capacity, spread, provider shares, team budget)',
  ),
  'unplaced.provider-lost': engine(
    '{}',
    'after a provider is lost, no capacity is left elsewhere (survivability)',
    'no capacity left elsewhere',
  ),
  // ── engine: what blocks a candidate (source: `greedy`) ─────────────────────────────────────────────────────────
  'block.capacity': engine(
    '{group: string}',
    "the candidate's capacity group is full",
    'capacity of aws.H100.us-east-1 is taken',
  ),
  'block.gpu-share': engine(
    '{provider: string}',
    'the provider would exceed its GPU share cap',
    'aws would exceed its GPU share cap',
  ),
  'block.spend-share': engine(
    '{provider: string}',
    'the provider would exceed its spend share cap',
    'aws would exceed its spend share cap',
  ),
  'block.team-budget': engine(
    '{team: string}',
    "the workload's team would exceed its budget",
    'team research would exceed its budget',
  ),
  'block.spread': engine('{}', 'the survivability rule caps the units one provider may hold', 'survivability spread'),
  // ── engine: explain notes on an alternative (source: `explain`) ───────────────────────────────────────────────
  'explain.chosen': engine('{}', 'the plan chose this alternative', 'chosen'),
  'explain.blocked': engine(
    '{block: Reason}',
    'not enough room for the workload there',
    'not enough room: capacity of aws.H100 is taken',
  ),
  'explain.first-refusal': engine(
    '{providers: string[]}',
    'a right of first refusal offers the work to other providers first',
    'right of first refusal: offered to aws first',
  ),
  'explain.dearer': engine(
    '{cents: number}',
    'it costs more than the choice',
    'costs 1,234.5 USD more than the choice',
  ),
  'explain.not-chosen': engine('{}', 'the plan placed nothing to compare it with', 'not chosen'),
  // ── engine: solver notes (plan.solver.notes; source: `plan`, `greedy` or `lp`) ───────────────────────────────
  'note.no-exact-solver': engine(
    '{}',
    '--solver exact, but no exact solver was available',
    'no exact solver available: greedy used',
  ),
  'note.too-many-candidates': engine(
    '{candidates: number, max: number}',
    'too many candidates for the exact solver (auto)',
    '40000 candidates > 20000: greedy solver, no LP bound',
  ),
  'note.lp-bound-failed': engine(
    '{cause?: Reason, status?: string, error?: string}',
    'the LP lower bound could not be computed',
    'LP bound not computed: the relaxation ended iteration-limit',
  ),
  'note.exact-better': engine(
    '{status: string}',
    "the exact solver's plan beats the greedy one and is reported",
    'exact optimal solution beats greedy',
  ),
  'note.greedy-as-good': engine(
    '{status: string}',
    "the greedy plan is as good as the exact solver's and is reported",
    'greedy solution is as good as the exact optimal solution: greedy reported',
  ),
  'note.exact-failed': engine(
    '{error: string, timeout: boolean}',
    'the exact solver failed; the greedy plan is reported',
    'exact solver failed (the HiGHS worker failed: out of memory): greedy used',
  ),
  'note.greedy-moves': engine(
    '{moves: number}',
    "the greedy's improvement passes moved items",
    'greedy improvement passes moved 3 item(s)',
  ),
  'note.solver-limit': engine(
    '{status: string, integer: boolean}',
    'HiGHS stopped at a limit',
    'HiGHS stopped at its branch-and-bound node limit (deterministic): its best integer plan (incumbent) is reported, not proven optimal',
  ),
  'note.lp-relaxation': engine(
    '{}',
    'the LP relaxation relaxes whole units, first refusal and minProviders',
    'LP relaxation: fractional units and replicas; first refusal and minProviders relaxed away',
  ),
  'note.items-unplaced': engine(
    '{items: number}',
    'the exact solver left items not fully placed',
    '2 item(s) not fully placed',
  ),
  'note.outside-first-refusal': engine(
    '{items: number}',
    'the exact solver placed items outside their first-refusal providers',
    '1 item(s) placed (partly) outside their first-refusal providers, which had no room',
  ),
  'note.nothing-to-place': engine('{}', 'the exact model had nothing to place', 'nothing to place'),
  // ── engine: violations (source: the policy rule, or the binding cause of an unplaced workload) ────────────────
  'policy.spend-share': engine(
    '{provider: string, share: number, cap: number}',
    'a provider holds more of the spend than its cap',
    'aws holds 72.3% of spend, above its cap of 70.0%',
  ),
  'policy.gpu-share': engine(
    '{provider: string, share: number, cap: number}',
    'a provider holds more of the GPUs at the peak than its cap',
    'aws holds 85.0% of GPUs at the peak, above its cap of 80.0%',
  ),
  'policy.survivability': engine(
    '{provider: string, workload: string, keptImmediately: number, afterReplan: number, required: number}',
    'losing a provider leaves a covered workload with less than its rule requires',
    'losing aws leaves chat with 40% of its capacity at once and 60% after re-planning (needs 50%)',
  ),
  'workload.unplaced': engine(
    '{workload: string, cause: string, reason: string}',
    'a workload is not placed at all; `cause`: its binding cause (workloads[].whyNot), `reason`: its unplacedReason',
    'evals: no pool of a declared provider offers MI300X',
  ),
  'workload.partial': engine(
    '{workload: string, cause: string, reason: string}',
    'a workload is placed in part; `cause`: its binding cause (workloads[].whyNot), `reason`: its unplacedReason',
    'chat: capacity: 2 pools passed every check, but none could take it',
  ),
} as const satisfies Record<string, CodeInfo>;

const WHY_EXAMPLES: Record<FilterName, string> = {
  'gpu-model': 'gpu-model: H200 is not among the accepted GPUs (H100)',
  provider:
    "provider: provider gcp is not in the workload's providers (aws) (it alone keeps out 2 pools that pass every other check)",
  region:
    "region: region us-east-1 is not in the workload's regions (eu-west-1) (it alone keeps out 4 pools that pass every other check)",
  tier: 'accepts tiers spot, but the pools that pass every other check are committed or on-demand (it alone keeps out 3 pools that pass every other check)',
  geo: 'geo: region us-east-1 (us) does not serve demand in eu (it alone keeps out 2 pools that pass every other check)',
  residency:
    'residency: residency: pretrain must stay in eu; us-east-1 is us (it alone keeps out 1 pool that pass every other check)',
  exclusivity:
    'exclusivity: contract aws-deal makes finetune exclusive to aws (it alone keeps out 3 pools that pass every other check)',
  throughput:
    'throughput: no throughput figure for MI300X (give one in `throughput:`) (it alone keeps out 1 pool that pass every other check)',
  interconnect:
    'needs a gang of 512 GPUs in one interconnect domain; the largest anywhere is 256 (aws) — set `interconnect:` …',
  'instance-shape':
    'instance-shape: needs 8 GPUs per replica; gcp.H100.x1 has 1 (it alone keeps out 1 pool that pass every other check)',
  deadline: 'cannot meet its deadline: it finishes 120 h late even at best (on A100)',
  capacity:
    'needs 512 GPUs of one pool while it runs; the largest has 256 (aws.H100) — raise the quota or the reserved block',
};

/** `why.<filter>`: the filter that, relaxed alone, would admit the most pools (params: the closest miss's numbers). */
export type WhyFilterCode = `why.${FilterName}`;
/** `rejected.<filter>`: the other causes of an unplaced workload, grouped with counts (`pools`). */
export type RejectedCode = `rejected.${RejectionSource}`;

const WHY_PARAMS: Partial<Record<FilterName, string>> = {
  interconnect: '{gang: number, largestDomain: number, providers: string[]}',
  capacity: '{needs: number, largestPool: number, pool: string}',
  deadline: '{lateHours: number, gpu: string}',
  tier: '{accepts: string[], offered?: string[]}',
};
const whyEntries = FILTER_NAMES.map(
  (f) =>
    [
      `why.${f}`,
      engine(
        WHY_PARAMS[f] ?? '{reason: string, pool: string}',
        `the binding cause: the ${f} filter alone keeps out the most pools of an accepted GPU`,
        WHY_EXAMPLES[f],
      ),
    ] as const,
);
const rejectedEntries = [...FILTER_NAMES, 'dominated' as const].map(
  (f) =>
    [
      `rejected.${f}`,
      engine(
        '{…the closest miss, as in why.*} or {}',
        f === 'dominated'
          ? 'pools left out because a cheaper twin holds as much (counted in `pools`)'
          : f === 'gpu-model'
            ? 'pools of GPU models the workload does not accept (counted in `pools`)'
            : `another cause of an unplaced workload: pools the ${f} filter rejected (counted in \`pools\`)`,
        f === 'gpu-model' ? 'other GPU models ×176' : `${f} ×12`,
      ),
    ] as const,
);

export type StaticCode = keyof typeof STATIC;
/** Every code skyfleet emits. */
export type Code = StaticCode | WhyFilterCode | RejectedCode;

/** The catalogue, in the order docs/codes.md lists it. */
export const CODES: Readonly<Record<Code, CodeInfo>> = {
  ...STATIC,
  ...(Object.fromEntries(whyEntries) as Record<WhyFilterCode, CodeInfo>),
  ...(Object.fromEntries(rejectedEntries) as Record<RejectedCode, CodeInfo>),
};

export const isCode = (s: string): s is Code => Object.hasOwn(CODES, s);

/** A param's value: plain JSON (a reason may nest the reasons it is made of). */
export type ParamValue = string | number | boolean | readonly ParamValue[] | { readonly [key: string]: ParamValue };
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * A reason as data: a code from the catalogue, the filter/stage/rule that produced it, and its params. The engine
 * returns these; the renderer (src/messages) makes the words.
 */
export interface Reason<C extends Code = Code> {
  readonly code: C;
  readonly source: string;
  readonly params: Params;
}

export const reason = <C extends Code>(code: C, source: string, params: Params = {}): Reason<C> => ({
  code,
  source,
  params,
});
