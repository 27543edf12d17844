/**
 * Refinements (the Echo pattern): a proposed value and what the user made of it, exportable on
 * their own as (context, proposal, final) records.
 *
 * Decisions:
 * - `assist_edit`: a field whose value the page set (rrweb Input with `userTriggered: false`, or
 *   mutations in a contenteditable while the user was not typing in it) and that the user then
 *   edited to something else. A page-set value the user left unchanged is not a refinement.
 *   Note: with rrweb in the isolated world, `input.value = ...` by page script is not seen (no
 *   Input event); contenteditable fills are (they are mutations).
 * - `self_correction`: the user's own text, typed, then corrected (a deletion run after typing)
 *   and committed different from what stood before the first correction.
 * - `edits` are the type action's value checkpoints (the value before each change of edit
 *   direction), starting from the proposal.
 */
import type { Refinement, Step, Trajectory } from '../../shared/trajectory';
import { SCHEMA_VERSION } from '../../shared/trajectory';
import type { Draft } from './actions/state';

export interface StepPlace {
  trajectory: Trajectory;
  step: Step;
}

export function refinementsOf(
  trajectory: Trajectory,
  drafts: Draft[],
  placeOf: (d: Draft) => StepPlace | undefined,
): Refinement[] {
  const out: Refinement[] = [];
  drafts.forEach((d, i) => {
    const step = trajectory.steps[i];
    const a = d.action;
    if (!step || a.type !== 'type') return;
    const base = {
      schemaVersion: SCHEMA_VERSION,
      sessionId: trajectory.sessionId,
      trajectoryId: trajectory.id,
      stepIndex: step.index,
      final: a.value,
      at: step.endedAt,
    };
    const target = step.target
      ? {
          uid: step.target.uid,
          tag: step.target.tag,
          role: step.target.role,
          name: step.target.name,
          selectors: step.target.selectors,
        }
      : null;
    const context = {
      intent: trajectory.intent,
      url: step.observation.url,
      title: step.observation.title,
      target,
      proposedAfter: null as Refinement['context']['proposedAfter'],
    };
    if (d.proposal && d.proposal.value !== '' && d.proposal.value !== a.value) {
      const after = d.proposal.after;
      const place = after ? placeOf(after) : undefined;
      context.proposedAfter = after
        ? {
            stepIndex: place && place.trajectory === trajectory ? place.step.index : null,
            type: after.action.type,
            targetName: after.target?.name ?? null,
          }
        : null;
      out.push({
        ...base,
        id: `${trajectory.id}:r${out.length}`,
        kind: 'assist_edit',
        context,
        proposal: d.proposal.value,
        edits: [d.proposal.value, ...a.values],
      });
      return;
    }
    const typed = d.typedBeforeCorrection;
    if (typed !== null && d.corrections > 0 && typed !== a.value) {
      out.push({
        ...base,
        id: `${trajectory.id}:r${out.length}`,
        kind: 'self_correction',
        context,
        proposal: typed,
        edits: a.values,
      });
    }
  });
  return out;
}
