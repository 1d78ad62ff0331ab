import { describe, expect, it } from 'vitest';
import {
  accountingInput,
  recordRequestDenyInput,
  recordRequestExtendInput,
  recordRequestLogInput,
  recordRequestReleaseInput,
} from '../../../src-shared/record-requests/schema';

const PATIENT = '01960000-0000-7000-8000-000000000001';
const REQUEST = '01960000-0000-7000-8000-000000000002';
const DOCUMENT = '01960000-0000-7000-8000-000000000003';

const legal = {
  patientId: PATIENT,
  requesterName: 'Hale & Partners LLP',
  requesterKind: 'attorney',
  requesterContact: '',
  purpose: 'legal',
  recordsRequested: 'Visit notes 2025',
  authorizationOnFile: true,
  receivedOn: '2026-02-20',
} as const;

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Record<string, string> {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('recordRequestLogInput', () => {
  it('accepts a legal request with an authorization on file; a blank contact is none', () => {
    const parsed = recordRequestLogInput.parse(legal);
    expect(parsed.requesterContact).toBeNull();
    expect(parsed.authorizationDocumentId).toBeNull();
  });

  it('refuses a purpose that needs an authorization without one', () => {
    const result = recordRequestLogInput.safeParse({ ...legal, authorizationOnFile: false });
    expect(fieldErrors(result).authorizationOnFile).toMatch(/authorization on file/);
    for (const purpose of ['research', 'other']) {
      expect(recordRequestLogInput.safeParse({ ...legal, purpose, authorizationOnFile: false }).success, purpose).toBe(false);
    }
  });

  it('needs no authorization for TPO, the patient’s own access, public health or law enforcement', () => {
    for (const purpose of ['treatment', 'referral', 'payment', 'operations', 'patient_access', 'public_health', 'law_enforcement']) {
      expect(recordRequestLogInput.safeParse({ ...legal, purpose, authorizationOnFile: false }).success, purpose).toBe(true);
    }
  });

  it('refuses a linked authorization document while none is said to be on file', () => {
    const result = recordRequestLogInput.safeParse({ ...legal, purpose: 'treatment', authorizationOnFile: false, authorizationDocumentId: DOCUMENT });
    expect(fieldErrors(result).authorizationDocumentId).toMatch(/on file/);
  });

  it('names each bad field', () => {
    const result = recordRequestLogInput.safeParse({
      ...legal,
      requesterName: '  ',
      requesterKind: 'neighbour',
      purpose: 'curiosity',
      recordsRequested: '',
      receivedOn: '2026-02-30',
    });
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(['purpose', 'receivedOn', 'recordsRequested', 'requesterKind', 'requesterName']);
  });
});

describe('written reasons', () => {
  it('need at least ten characters for an extension or a denial', () => {
    expect(recordRequestExtendInput.safeParse({ id: REQUEST, reason: 'busy' }).success).toBe(false);
    expect(recordRequestExtendInput.safeParse({ id: REQUEST, reason: '   records stored off-site   ' }).success).toBe(true);
    expect(fieldErrors(recordRequestDenyInput.safeParse({ id: REQUEST, reason: 'no' })).reason).toMatch(/at least 10/);
  });
});

describe('recordRequestReleaseInput', () => {
  it('needs a real date, a known method and what was sent', () => {
    const result = recordRequestReleaseInput.safeParse({ id: REQUEST, releasedOn: '03/02/2026', releasedVia: 'pigeon', releasedWhat: ' ' });
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(['releasedOn', 'releasedVia', 'releasedWhat']);
  });
});

describe('accountingInput', () => {
  it('refuses a period that ends before it starts', () => {
    expect(fieldErrors(accountingInput.safeParse({ patientId: PATIENT, from: '2026-03-01', to: '2026-02-01' })).to).toMatch(/on or after/);
    expect(accountingInput.safeParse({ patientId: PATIENT }).success).toBe(true);
  });
});
