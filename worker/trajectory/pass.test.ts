import { describe, expect, it } from 'vitest';
import { NO_UIDS } from './mirror';
import { closeEntry, entryUids, type Pass, passFields, writeForced, writePlain } from './pass';
import { UidSet, type ViewContext } from './view';

function context(): ViewContext {
  return {
    index: () => {
      throw new Error('not used');
    },
    forced: new Set(),
    marked: new Set(),
    fresh: new Set(),
    childFrame: () => null,
    uids: new UidSet(),
  };
}

describe('serialization pass state', () => {
  it('starts collecting into the capture uid set with no flag set', () => {
    const ctx = context();
    const p = passFields(ctx);
    expect(p.acc).toBe(ctx.uids.parts);
    expect([p.volatile, p.inexact, p.plain]).toEqual([false, false, false]);
  });

  it('two passes share no state', () => {
    const a = passFields(context());
    a.volatile = true;
    a.plain = true;
    a.acc.push('p0n1');
    const b = passFields(context());
    expect([b.volatile, b.plain, b.acc.length]).toEqual([false, false, 0]);
  });

  it('writePlain collects uids apart and restores acc, volatile and plain', () => {
    const p: Pass = passFields(context());
    const outer = p.acc;
    const uids = writePlain(p, () => {
      expect(p.plain).toBe(true);
      p.acc.push('p0n7');
      p.volatile = true;
    });
    expect(uids).toEqual(['p0n7']);
    expect(p.acc).toBe(outer);
    expect(outer).toEqual([]);
    expect([p.volatile, p.plain]).toEqual([false, false]);
  });

  it('writeForced makes the enclosing write volatile and its marks inexact', () => {
    const p = passFields(context());
    const parts = writeForced(p, (w) => {
      expect(w.pass).toBe(p);
      w.parts.push('<b>', 'x');
    });
    expect(parts).toEqual(['<b>', 'x']);
    expect([p.volatile, p.inexact]).toEqual([true, true]);
  });

  it('closeEntry hands the entry uids to the enclosing entry and keeps it volatile when the entry was', () => {
    const p = passFields(context());
    const outerAcc = p.acc;
    p.acc = [];
    p.volatile = true;
    expect(entryUids(p)).toBe(NO_UIDS);
    p.acc.push('p0n3');
    const uids = entryUids(p);
    closeEntry(p, outerAcc, false, uids);
    expect(p.acc).toBe(outerAcc);
    expect(outerAcc).toEqual([['p0n3']]);
    expect(p.volatile).toBe(true);
  });
});
