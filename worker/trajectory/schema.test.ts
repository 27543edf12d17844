import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../shared/schema/trajectory.v1.schema.json';
import {
  ACTION_TYPES,
  type Action,
  type FrameRef,
  type Friction,
  type Observation,
  type Refinement,
  SCHEMA_VERSION,
  type Step,
  type Target,
  type Trajectory,
} from '../../shared/trajectory';
import * as scenarios from './fixtures/scenarios';
import { segmentSession } from './index';

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(schema);
const validator = (def: string) => {
  const v = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
  if (!v) throw new Error(`no $defs/${def}`);
  return v;
};
const validateTrajectory = validator('trajectory');
const validateRefinement = validator('refinement');

const all = Object.entries(scenarios).map(([name, make]) => {
  const { s } = make();
  return { name, result: segmentSession({ sessionId: `session-${name}`, stored: s.stored() }) };
});

describe('JSON Schema v1', () => {
  it.each(all)('every trajectory of $name validates', ({ result }) => {
    expect(result.trajectories.length).toBeGreaterThan(0);
    for (const t of result.trajectories) {
      const ok = validateTrajectory(JSON.parse(JSON.stringify(t)));
      expect(validateTrajectory.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    for (const r of result.refinements) expect(validateRefinement(JSON.parse(JSON.stringify(r)))).toBe(true);
  });

  it('covers every action type across the fixtures', () => {
    const seen = new Set(
      all.flatMap(({ result }) => result.trajectories.flatMap((t) => t.steps.map((s) => s.action.type))),
    );
    const missing = ACTION_TYPES.filter((t) => !seen.has(t) && t !== 'submit');
    expect(missing).toEqual([]);
    expect(seen.has('submit')).toBe(true);
  });

  it('has the version of the types', () => {
    expect(schema.$defs.trajectory.properties.schemaVersion.const).toBe(SCHEMA_VERSION);
    expect(schema.$defs.refinement.properties.schemaVersion.const).toBe(SCHEMA_VERSION);
  });

  // Full samples typed with Required<...>: the compiler rejects a missing or an extra property, and
  // the test compares their keys with the schema's, so types and schema cannot drift apart.
  const frame: Required<FrameRef> = { uid: null, selectors: [], index: null, url: null };
  const target: Required<Target> = {
    uid: 'p0n1',
    tag: 'a',
    role: null,
    name: '',
    text: '',
    attributes: {},
    selectors: [],
    bbox: null,
    viewport: null,
    devicePixelRatio: null,
    scroll: null,
    visible: null,
    framePath: [frame],
    shadowPath: [],
  };
  const observation: Required<Observation> = {
    url: null,
    title: null,
    tabId: null,
    viewport: null,
    html: '',
    axtree: '',
    targetUid: null,
    candidates: [],
  };
  const friction: Required<Friction> = { thinkTimeMs: null, corrections: 0, backtrack: null, tabSwitches: 0 };
  const step: Required<Step> = {
    index: 0,
    action: { type: 'scroll', x: 0, y: 0, deltaX: 0, deltaY: 0 },
    target,
    observation,
    friction,
    startedAt: 0,
    endedAt: 0,
    tabId: null,
    events: [{ stream: 'session', from: 0, to: 0, count: 1 }],
  };
  const refinement: Required<Refinement> = {
    schemaVersion: SCHEMA_VERSION,
    id: 'r',
    sessionId: 's',
    trajectoryId: null,
    stepIndex: null,
    kind: 'self_correction',
    context: { intent: null, url: null, title: null, target: null, proposedAfter: null },
    proposal: '',
    final: '',
    edits: [],
    at: 0,
  };
  const trajectory: Required<Trajectory> = {
    schemaVersion: SCHEMA_VERSION,
    id: 't',
    sessionId: 's',
    index: 0,
    intent: null,
    intentSource: 'heuristic',
    taskId: null,
    outcome: 'unknown',
    boundary: { start: 'session_start', end: 'session_end' },
    startedAt: 0,
    endedAt: 0,
    steps: [step],
    refinements: [refinement],
  };
  const actions: { [K in Action['type']]: Required<Omit<Extract<Action, { type: K }>, 'effects'>> } = {
    click: { type: 'click', button: 'left', x: null, y: null, via: 'pointer' },
    dblclick: { type: 'dblclick', x: null, y: null },
    type: { type: 'type', value: '', from: '', values: [], commit: 'end' },
    select: { type: 'select', value: '', label: null },
    check: { type: 'check', checked: true },
    keypress: { type: 'keypress', key: 'Enter', modifiers: [], combo: 'Enter', count: 1 },
    scroll: { type: 'scroll', x: 0, y: 0, deltaX: 0, deltaY: 0 },
    navigate: { type: 'navigate', url: '', transition: 'typed', qualifiers: [] },
    tab_switch: { type: 'tab_switch', tabId: 1, fromTabId: null, url: null },
    paste: { type: 'paste', text: '', value: '' },
    submit: { type: 'submit', via: 'enter' },
  };
  const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>;
  const keysOf = (def: string) => Object.keys(defs[def]?.properties ?? {}).sort();

  it.each([
    ['frameRef', frame],
    ['target', target],
    ['observation', observation],
    ['friction', friction],
    ['step', step],
    ['refinement', refinement],
    ['trajectory', trajectory],
  ] as const)('%s: schema properties are the type properties', (def, sample) => {
    expect(keysOf(def)).toEqual(Object.keys(sample).sort());
    expect(validator(def)(sample)).toBe(true);
  });

  it.each(Object.entries(actions))('%s action: schema properties are the type properties', (type, sample) => {
    const def = `${type === 'tab_switch' ? 'tabSwitch' : type}Action`;
    expect(keysOf(def)).toEqual([...Object.keys(sample), 'effects'].sort());
    expect(validator('action')(sample)).toBe(true);
  });
});
