/** rrweb sends inline-style changes as a diff object: `{prop: value | [value, priority] | false}`. */
export function applyStyleDiff(style: string, diff: Record<string, unknown>): string {
  const props = new Map<string, string>();
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) props.set(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
  }
  for (const [prop, v] of Object.entries(diff)) {
    if (v === false) props.delete(prop);
    else if (typeof v === 'string') props.set(prop, v);
    else if (Array.isArray(v)) props.set(prop, `${String(v[0])}${v[1] ? ` !${String(v[1])}` : ''}`);
  }
  return [...props].map(([k, v]) => `${k}: ${v};`).join(' ');
}
