import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../src-main/domain/audit/log';
import { actionLabel, actionsOfGroup, AUDIT_ACTION_GROUP_KEYS, AUDIT_ACTION_LABELS } from '../../../src-shared/audit/actions';

describe('audit action names on screen', () => {
  it('every action of the audit log has a label of its own, and every label names an action', () => {
    expect(AUDIT_ACTIONS.filter((action) => !AUDIT_ACTION_LABELS[action])).toEqual([]);
    expect(Object.keys(AUDIT_ACTION_LABELS).filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
    expect(new Set(Object.values(AUDIT_ACTION_LABELS)).size).toBe(Object.keys(AUDIT_ACTION_LABELS).length);
  });

  it('an action added without a label still reads as words', () => {
    expect(actionLabel('coverage.remove')).toBe('Coverage remove');
    expect(actionLabel('record_request.extend')).toBe('Record request extend');
    expect(actionLabel('patient.view')).toBe('Chart viewed');
  });

  it('groups: each action in at most one; an area’s later actions join its group', () => {
    const grouped = AUDIT_ACTION_GROUP_KEYS.flatMap((group) => actionsOfGroup(group, AUDIT_ACTIONS));
    expect(grouped.length).toBe(new Set(grouped).size);
    expect(actionsOfGroup('chart_views', AUDIT_ACTIONS)).toEqual(['patient.view']);
    const documents = actionsOfGroup('documents', [...AUDIT_ACTIONS, 'document.replace']);
    expect(documents).toEqual(expect.arrayContaining(['document.attach', 'document.open', 'document.replace']));
    expect(documents.filter((action) => !action.startsWith('document.'))).toEqual([]);
    expect(actionsOfGroup('changes', AUDIT_ACTIONS)).toEqual(
      expect.arrayContaining(['patient.create', 'patient.update', 'patient.merge', 'patient.unmerge', 'coverage.create', 'provider.update']),
    );
  });
});
