import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseIncidents, parseUtc } from './incidents.js';
import { isComputeRelated, regionsOf, scopeOf } from './locations.js';

const INCIDENTS_FILE = new URL('../../../data/cloud-incidents-2018-2020.csv', import.meta.url);
const HEADER =
  'source_file,vendor,service_id,service_name,location,status,event_start_utc,event_end_utc,duration_min,description_excerpt';

test('the real incident file parses: 1,033 incidents, AWS 380, GCP 442, Azure 211', () => {
  const r = parseIncidents(readFileSync(INCIDENTS_FILE, 'utf8'), 'data/cloud-incidents-2018-2020.csv');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues.slice(0, 3)));
  const xs = r.value;
  assert.equal(xs.length, 1033);
  const count = (p: string, f: (i: (typeof xs)[number]) => boolean = () => true) =>
    xs.filter((i) => i.provider === p && f(i)).length;
  assert.deepEqual([count('aws'), count('gcp'), count('azure')], [380, 442, 211]);
  assert.deepEqual(
    [
      count('aws', (i) => i.computeRelated),
      count('gcp', (i) => i.computeRelated),
      count('azure', (i) => i.computeRelated),
    ],
    [68, 37, 14],
  );
  assert.equal(xs.filter((i) => i.durationMin === undefined).length, 4);
  // The first row, a quoted description full of commas.
  const first = xs[0]!;
  assert.deepEqual(
    [
      first.provider,
      first.serviceName,
      first.location,
      first.scope,
      first.regions,
      first.start,
      first.end,
      first.durationMin,
      first.line,
    ],
    [
      'azure',
      'Service Bus and Event Hubs',
      'Australia East',
      'region',
      ['australiaeast'],
      Date.UTC(2018, 11, 13, 4),
      Date.UTC(2018, 11, 13, 6, 40),
      160,
      2,
    ],
  );
});

test('locations: scope, region ids and compute detection', () => {
  assert.deepEqual(['Global', 'Multi-region', 'global', 'North America', '', 'Unknown', 'Oregon'].map(scopeOf), [
    'global',
    'global',
    'global',
    'global',
    'unknown',
    'unknown',
    'region',
  ]);
  assert.deepEqual(regionsOf('aws', 'N. Virginia', 'ec2-us-east-1'), ['us-east-1']);
  assert.deepEqual(regionsOf('aws', 'US-East', 'ec2-us-gov-east-1'), ['us-gov-east-1']);
  assert.deepEqual(regionsOf('aws', 'Oregon', 'chime'), ['us-west-2']);
  assert.deepEqual(regionsOf('aws', 'Global', 'iam'), []);
  assert.deepEqual(regionsOf('azure', 'West US 2', ''), ['westus2']);
  assert.deepEqual(regionsOf('azure', 'West US', ''), ['westus']);
  assert.deepEqual(regionsOf('azure', 'Australia East/Southeast', ''), ['australiaeast', 'australiasoutheast']);
  assert.deepEqual(regionsOf('azure', 'UK South / UK West', ''), ['uksouth', 'ukwest']);
  assert.deepEqual(regionsOf('azure', 'West India and South India', ''), ['southindia', 'westindia']);
  assert.deepEqual(regionsOf('azure', 'Networking Issue in South Central US (Tracking ID DMP0', ''), [
    'southcentralus',
  ]);
  assert.deepEqual(regionsOf('azure', 'Intermittent latency in US Government Cloud', ''), []);
  assert.deepEqual(regionsOf('gcp', 'us-central1', 'compute'), ['us-central1']);
  assert.equal(isComputeRelated('aws', 'ec2-eu-west-1', 'Amazon Elastic Compute Cloud'), true);
  assert.equal(isComputeRelated('aws', 'ec2systemsmanager-us-east-1', 'AWS Systems Manager'), false);
  assert.equal(isComputeRelated('gcp', 'compute', 'Google Compute Engine'), true);
  assert.equal(isComputeRelated('azure', '', 'Virtual Machines and Storage'), true);
  assert.equal(isComputeRelated('azure', '', 'Storage'), false);
});

test('parseUtc accepts ISO UTC instants and rejects the rest', () => {
  assert.equal(parseUtc('2018-12-13T04:00:00.000Z'), Date.UTC(2018, 11, 13, 4));
  assert.equal(parseUtc('2018-12-13T04:00Z'), Date.UTC(2018, 11, 13, 4));
  assert.equal(parseUtc('2018-12-13T04:00:00.5Z'), Date.UTC(2018, 11, 13, 4, 0, 0, 500));
  for (const bad of [
    '',
    '2018-02-30T00:00:00Z',
    '2018-12-13 04:00:00',
    '2018-12-13T04:00:00+01:00',
    '2018-12-13T24:00:00Z',
    'yesterday',
  ]) {
    assert.equal(parseUtc(bad), undefined, bad);
  }
});

test('bad incident rows are reported with code, line and column', () => {
  const row = (vendor: string, start: string, dur: string) =>
    `f,${vendor},ec2-us-east-1,EC2,N. Virginia,1,${start},2018-01-01T02:00:00.000Z,${dur},"text, with comma"`;
  const r = parseIncidents(
    [
      HEADER,
      row('AWS', '2018-01-01T01:00:00.000Z', '60'), // line 2: fine
      row('IBM', '2018-01-01T01:00:00.000Z', '60'), // line 3
      row('AWS', '01/01/2018', '60'), // line 4
      row('AWS', '2018-01-01T01:00:00.000Z', '-5'), // line 5
      row('AWS', '2018-01-01T01:00:00.000Z', 'long'), // line 6
      row('AWS', '2018-01-01T01:00:00.000Z', ''), // line 7: empty duration is allowed
    ].join('\n'),
    'inc.csv',
  );
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.line, i.col, i.file]),
    [
      ['incidents.unknown-vendor', 3, 3, 'inc.csv'],
      ['incidents.bad-time', 4, 39, 'inc.csv'],
      ['trace.negative', 5, 89, 'inc.csv'],
      ['trace.not-a-number', 6, 89, 'inc.csv'],
    ],
  );
  const missing = parseIncidents('vendor,location\nAWS,x\n', 'inc.csv');
  assert.ok(!missing.ok);
  assert.equal(missing.issues[0]!.code, 'trace.missing-column');
  assert.deepEqual(missing.issues[0]!.path, [
    'service_id',
    'service_name',
    'event_start_utc',
    'event_end_utc',
    'duration_min',
  ]);
});
