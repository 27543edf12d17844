/**
 * The Parquet columns of the two dataset configs, declared once: DuckDB's column types (for reading
 * our NDJSON rows and writing Parquet) and the Hugging Face `features` of the dataset card both come
 * from these lists, so the card cannot drift from the files.
 *
 * Top-level columns are flat, snake_case scalars where a reader filters or groups (ids, index,
 * action type/value/url, times); nested values are structs and lists that keep the trajectory
 * schema's own field names (shared/schema/trajectory.v1.schema.json), so a struct is read the way
 * the schema documents it. The large page texts (`html`, `axtree`) are top-level strings so that a
 * reader that does not need them never decompresses them (Parquet reads columns independently).
 */

export type Scalar = 'string' | 'int32' | 'int64' | 'float64' | 'bool' | 'timestamp';
export type Col = Scalar | { struct: Record<string, Col> } | { list: Col };
export type Columns = Record<string, Col>;

const box: Col = { struct: { x: 'float64', y: 'float64', width: 'float64', height: 'float64' } };
const size: Col = { struct: { width: 'float64', height: 'float64' } };
const selectors: Col = { list: { list: 'string' } };

/** One row per step. Times are UTC timestamps (microseconds), from the schema's epoch milliseconds. */
export const STEP_COLUMNS = {
  session_id: 'string',
  trajectory_id: 'string',
  trajectory_index: 'int32',
  step_index: 'int32',
  contributor_id: 'string',
  bundle_sha256: 'string',
  action_type: 'string',
  /** type/select/paste: the value; keypress: the combo (`Control+s`). */
  action_value: 'string',
  /** navigate and tab_switch: the URL; any other action that navigated: where it went. */
  action_url: 'string',
  /** click/dblclick: pointer position in the viewport; scroll: the scroll position. */
  action_x: 'float64',
  action_y: 'float64',
  /** The whole action object as JSON text (its fields differ by type). */
  action: 'string',
  target: {
    struct: {
      uid: 'string',
      tag: 'string',
      role: 'string',
      name: 'string',
      text: 'string',
      /** The schema's attribute map as name/value pairs (maps are not a Hugging Face feature type). */
      attributes: { list: { struct: { name: 'string', value: 'string' } } },
      selectors,
      bbox: box,
      viewport: size,
      devicePixelRatio: 'float64',
      scroll: { struct: { x: 'float64', y: 'float64' } },
      visible: 'bool',
      framePath: {
        list: { struct: { uid: 'string', selectors, index: 'int32', url: 'string' } },
      },
      shadowPath: { list: 'string' },
    },
  },
  url: 'string',
  title: 'string',
  html: 'string',
  axtree: 'string',
  observation: {
    struct: {
      tabId: 'int64',
      viewport: size,
      targetUid: 'string',
      candidates: { list: { struct: { uid: 'string', bbox: box } } },
    },
  },
  friction: {
    struct: {
      thinkTimeMs: 'float64',
      corrections: 'int32',
      backtrack: 'string',
      tabSwitches: 'int32',
    },
  },
  tab_id: 'int64',
  started_at: 'timestamp',
  ended_at: 'timestamp',
  events: {
    list: { struct: { stream: 'string', from: 'int64', to: 'int64', count: 'int32' } },
  },
} as const satisfies Columns;

/** One row per trajectory, with its session's provenance. */
export const TRAJECTORY_COLUMNS = {
  trajectory_id: 'string',
  session_id: 'string',
  trajectory_index: 'int32',
  contributor_id: 'string',
  bundle_sha256: 'string',
  schema_version: 'string',
  intent: 'string',
  intent_source: 'string',
  task_id: 'string',
  outcome: 'string',
  boundary_start: 'string',
  boundary_end: 'string',
  started_at: 'timestamp',
  ended_at: 'timestamp',
  step_count: 'int32',
  /** The trajectory's refinements (assist edits, self-corrections) as a JSON array. */
  refinements: 'string',
  origins: { list: 'string' },
  consent_version: 'string',
  consent_accepted_at: 'timestamp',
  approved_at: 'timestamp',
  exported_at: 'timestamp',
} as const satisfies Columns;

const DUCK: Record<Scalar, string> = {
  string: 'VARCHAR',
  int32: 'INTEGER',
  int64: 'BIGINT',
  float64: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The DuckDB type of a column as written to Parquet. */
export function duckType(c: Col): string {
  if (typeof c === 'string') return DUCK[c];
  if ('list' in c) return `${duckType(c.list)}[]`;
  return `STRUCT(${Object.entries(c.struct)
    .map(([k, v]) => `${quote(k)} ${duckType(v)}`)
    .join(', ')})`;
}

/**
 * `read_json`'s `columns` argument for our NDJSON rows. Timestamps arrive as epoch milliseconds
 * (DOUBLE) and become TIMESTAMPTZ in `selectList`.
 */
export function readJsonColumns(cols: Columns): string {
  return `{${Object.entries(cols)
    .map(([k, v]) => `${quote(k)}: '${v === 'timestamp' ? 'DOUBLE' : duckType(v)}'`)
    .join(', ')}}`;
}

/** The SELECT list that turns NDJSON rows into the Parquet columns, `prefix` naming the relation. */
export function selectList(cols: Columns, prefix: string): string {
  return Object.entries(cols)
    .map(([k, v]) =>
      v === 'timestamp'
        ? `to_timestamp(${prefix}.${quote(k)} / 1000.0) AS ${quote(k)}`
        : `${prefix}.${quote(k)}`,
    )
    .join(', ');
}

/** The SELECT list that reads timestamps back as epoch milliseconds (for the round trip). */
export function readBackList(cols: Columns): string {
  return Object.entries(cols)
    .map(([k, v]) => (v === 'timestamp' ? `epoch_us(${quote(k)}) / 1000.0 AS ${quote(k)}` : quote(k)))
    .join(', ');
}

const HF: Record<Scalar, string> = {
  string: 'string',
  int32: 'int32',
  int64: 'int64',
  float64: 'float64',
  bool: 'bool',
  timestamp: 'timestamp[us, tz=UTC]',
};

/**
 * The `features` of a config in the card's YAML, in the form `datasets` writes itself: `dtype` for
 * scalars, `struct:` for structs, `list:` for a list of structs and `sequence:` for other lists.
 */
export function hfFeatures(cols: Columns, indent: string): string {
  return Object.entries(cols)
    .map(([name, c]) => `${indent}- name: ${name}\n${hfBody(c, `${indent}  `)}`)
    .join('\n');
}

function hfBody(c: Col, indent: string): string {
  if (typeof c === 'string') return `${indent}dtype: ${HF[c]}`;
  if ('struct' in c) return `${indent}struct:\n${hfFeatures(c.struct, indent)}`;
  const inner = c.list;
  if (typeof inner !== 'string' && 'struct' in inner)
    return `${indent}list:\n${hfFeatures(inner.struct, indent)}`;
  return `${indent}sequence:${hfSequence(inner, `${indent}  `)}`;
}

function hfSequence(c: Col, indent: string): string {
  if (typeof c === 'string') return ` ${HF[c]}`;
  if ('struct' in c) return `\n${indent}struct:\n${hfFeatures(c.struct, indent)}`;
  return `\n${indent}sequence:${hfSequence(c.list, `${indent}  `)}`;
}
