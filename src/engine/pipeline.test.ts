import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reason } from '../core/codes.js';
import type { Filter, FilterContext } from './filters/filter.js';
import { admits, DEFAULT_PIPELINE, declarePipeline, onlineFilters, rejects } from './pipeline.js';
import { DEFAULT_PROFILE } from './profile.js';

const names = (fs: readonly Filter[]): string[] => fs.map((f) => f.name);

test('the planner runs every stage of the pipeline, in the declared order (the order rejections are counted in)', () => {
  assert.deepEqual(names(DEFAULT_PROFILE.filters), names(DEFAULT_PIPELINE.steps.map((s) => s.filter)));
  assert.deepEqual(DEFAULT_PIPELINE.planning, DEFAULT_PROFILE.filters);
  assert.equal(new Set(names(DEFAULT_PIPELINE.planning)).size, DEFAULT_PIPELINE.planning.length, 'each filter once');
});

test('online placement asks the static stage, plus the clause stage when the policy honours contract clauses', () => {
  const stage = (s: string): string[] => DEFAULT_PIPELINE.steps.filter((x) => x.stage === s).map((x) => x.filter.name);
  assert.deepEqual(stage('clause'), ['exclusivity']);
  assert.deepEqual(stage('planning'), ['deadline', 'capacity']);
  const withClauses = names(onlineFilters(DEFAULT_PIPELINE, { clauses: true }));
  const without = names(onlineFilters(DEFAULT_PIPELINE, { clauses: false }));
  assert.deepEqual(
    withClauses,
    names(DEFAULT_PIPELINE.planning).filter((n) => !stage('planning').includes(n)),
  );
  assert.deepEqual(
    without,
    withClauses.filter((n) => !stage('clause').includes(n)),
  );
});

test('declarePipeline keeps the declared order within and across stages; admits asks every filter', () => {
  const asked: string[] = [];
  const f = (name: string, no: boolean, fast?: boolean): Filter => ({
    name: name as Filter['name'],
    check: () => {
      asked.push(name);
      return no ? reason('filter.gpu-model', 'gpu-model', { gpu: name, accepts: [] }) : undefined;
    },
    ...(fast === undefined ? {} : { rejects: () => fast }),
  });
  const p = declarePipeline([
    { stage: 'planning', filter: f('p', false) },
    { stage: 'static', filter: f('s1', false) },
    { stage: 'clause', filter: f('c', false) },
    { stage: 'static', filter: f('s2', false, false) },
  ]);
  assert.deepEqual(names(p.planning), ['p', 's1', 'c', 's2']);
  assert.deepEqual(names(p.online), ['s1', 'c', 's2']);
  assert.deepEqual(names(p.onlineWithoutClauses), ['s1', 's2']);
  const ctx = {} as FilterContext;
  assert.equal(admits(p.planning, ctx), true);
  assert.deepEqual(asked, ['p', 's1', 'c'], 'a filter with a fast answer is not asked for its words');
  assert.equal(rejects(f('x', true), ctx), true);
  assert.equal(rejects(f('y', false, true), ctx), true, 'the fast answer decides');
  assert.equal(admits([f('a', false), f('b', true)], ctx), false);
});
