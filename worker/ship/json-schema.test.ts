import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../shared/schema/trajectory.v1.schema.json';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { segmentSession } from '../trajectory/index';
import { createValidator } from './json-schema';

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(schema);
const ajvTrajectory = ajv.getSchema(`${schema.$id}#/$defs/trajectory`)!;
const ours = createValidator(schema, '#/$defs/trajectory');

const trajectories = Object.entries(scenarios).flatMap(([name, make]) =>
  segmentSession({ sessionId: `s-${name}`, stored: make().s.stored() }).trajectories.map((t) =>
    JSON.parse(JSON.stringify(t)),
  ),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every (parent, key) slot of a JSON value, depth first. */
function slots(v: Json, out: [Json[] | { [k: string]: Json }, string | number][] = []) {
  if (Array.isArray(v))
    v.forEach((c, i) => {
      out.push([v, i]);
      slots(c, out);
    });
  else if (v && typeof v === 'object')
    for (const [k, c] of Object.entries(v)) {
      out.push([v, k]);
      slots(c, out);
    }
  return out;
}

const MUTATIONS: ((holder: Record<string | number, Json>, key: string | number) => void)[] = [
  (h, k) => {
    delete h[k];
  },
  (h, k) => {
    h[k] = typeof h[k] === 'string' ? 42 : 'x';
  },
  (h, k) => {
    h[k] = null;
  },
  (h, k) => {
    h[k] = typeof h[k] === 'number' ? -5 : [];
  },
  (h, k) => {
    if (h[k] && typeof h[k] === 'object' && !Array.isArray(h[k])) (h[k] as Record<string, Json>).extra = 1;
  },
  (h, k) => {
    h[k] = 'click';
  },
];

describe('JSON Schema validator', () => {
  it('accepts every fixture trajectory, as ajv does', () => {
    expect(trajectories.length).toBeGreaterThan(5);
    for (const t of trajectories) {
      expect(ajvTrajectory(t)).toBe(true);
      expect(ours(t)).toEqual([]);
    }
  });

  it('agrees with ajv on over a thousand mutated trajectories', () => {
    let checked = 0;
    let rejected = 0;
    for (const [ti, t] of trajectories.entries()) {
      const n = slots(t).length;
      // A deterministic sample of slots of each trajectory, each with every mutation.
      for (let si = ti % 7; si < n; si += 11) {
        for (const mutate of MUTATIONS) {
          const copy = structuredClone(t);
          const [holder, key] = slots(copy)[si]!;
          mutate(holder as Record<string | number, Json>, key);
          const a = ajvTrajectory(copy) === true;
          const b = ours(copy).length === 0;
          if (a !== b) throw new Error(`disagree at slot ${si} (${String(key)}): ajv ${a}, ours ${b}`);
          checked++;
          if (!a) rejected++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(checked / 3);
  });

  it('says where and why', () => {
    const t = structuredClone(trajectories[0]!);
    t.steps[0].action.type = 'teleport';
    const [e] = ours(t);
    expect(e?.path).toBe('/steps/0/action');
    expect(e?.message).toMatch(/none of the allowed shapes/);
  });

  it('refuses a schema with keywords it does not implement', () => {
    expect(() => createValidator({ type: 'object', patternProperties: {} })).toThrow(/patternProperties/);
  });
});
