import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  BEFORE_ARRIVAL,
  NEXT_STATUSES,
  canChangeStatus,
  changeStatus,
  isTerminal,
  occupiesSlot,
  undoArrival,
  type AppointmentState,
  type AppointmentStatus,
  type StatusChange,
} from '../../../src-shared/scheduling/status';
import { expectSchedulingError } from './support';

const START = Date.parse('2026-03-09T14:00:00Z');
const appointment = (status: AppointmentStatus): AppointmentState => ({ id: 'appt-1', status, start: START });

/** The least a change to `to` needs to be complete. */
function changeTo(to: AppointmentStatus): StatusChange {
  if (to === 'cancelled') return { to, cancelledBy: 'patient', reason: 'Feeling better' };
  if (to === 'rescheduled') return { to, newAppointmentId: 'appt-2' };
  return { to } as StatusChange;
}

describe('the appointment status machine', () => {
  it('runs a visit from booked to checked out, timestamping every step', () => {
    const steps: AppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out'];
    for (let k = 1; k < steps.length; k++) {
      const at = START + k * 60_000;
      expect(changeStatus(appointment(steps[k - 1]!), changeTo(steps[k]!), at)).toEqual({
        from: steps[k - 1],
        to: steps[k],
        at: new Date(at).toISOString(),
      });
    }
  });

  it('lets the front desk skip confirming and rooming', () => {
    expect(changeStatus(appointment('booked'), { to: 'arrived' }, START).to).toBe('arrived');
    expect(changeStatus(appointment('arrived'), { to: 'with_provider' }, START).to).toBe('with_provider');
  });

  it('accepts exactly the moves of the front-desk workflow and refuses every other', () => {
    const workflow = [
      'booked→confirmed', 'booked→arrived', 'booked→cancelled', 'booked→no_show', 'booked→rescheduled',
      'confirmed→arrived', 'confirmed→cancelled', 'confirmed→no_show', 'confirmed→rescheduled',
      'arrived→roomed', 'arrived→with_provider', 'arrived→cancelled',
      'roomed→with_provider', 'roomed→cancelled',
      'with_provider→checked_out',
    ];
    const accepted: string[] = [];
    for (const from of APPOINTMENT_STATUSES) {
      for (const to of APPOINTMENT_STATUSES) {
        const move = `${from}→${to}`;
        expect(canChangeStatus(from, to)).toBe(NEXT_STATUSES[from].includes(to));
        if (workflow.includes(move)) {
          expect(changeStatus(appointment(from), changeTo(to), START + 3_600_000).to).toBe(to);
          accepted.push(move);
        } else {
          expectSchedulingError(() => changeStatus(appointment(from), changeTo(to), START + 3_600_000), 'illegal_transition');
        }
      }
    }
    expect(accepted.sort()).toEqual([...workflow].sort());
  });

  it('explains a refused move in front-desk words and maps it to CONFLICT', () => {
    const error = expectSchedulingError(
      () => changeStatus(appointment('checked_out'), { to: 'arrived' }, START),
      'illegal_transition',
      'An appointment that is checked out cannot be marked arrived.',
    );
    expect(error.details).toEqual({ from: 'checked_out', to: 'arrived' });
    expect(error.toAppError().code).toBe('CONFLICT');
    expectSchedulingError(() => changeStatus(appointment('booked'), changeTo('booked'), START), 'illegal_transition', /booked cannot be booked/);
    expectSchedulingError(
      () => changeStatus(appointment('cancelled'), { to: 'no_show' }, START + 1),
      'illegal_transition',
      'An appointment that is cancelled cannot be marked no-show.',
    );
  });

  it('knows which statuses are terminal and which hold the slot', () => {
    expect(APPOINTMENT_STATUSES.filter(isTerminal)).toEqual(['checked_out', 'cancelled', 'no_show', 'rescheduled']);
    expect(APPOINTMENT_STATUSES.filter(occupiesSlot)).toEqual(['booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out']);
  });

  it('refuses unknown statuses', () => {
    expectSchedulingError(() => changeStatus(appointment('booked'), { to: 'lost' } as unknown as StatusChange, START), 'invalid_option');
    expectSchedulingError(() => changeStatus(appointment('gone' as AppointmentStatus), { to: 'arrived' }, START), 'invalid_option');
  });
});

describe('cancelling', () => {
  it('records who cancelled and the reason (trimmed)', () => {
    expect(changeStatus(appointment('confirmed'), { to: 'cancelled', cancelledBy: 'clinic', reason: '  Provider ill \n' }, START)).toEqual({
      from: 'confirmed',
      to: 'cancelled',
      at: new Date(START).toISOString(),
      cancelledBy: 'clinic',
      reason: 'Provider ill',
    });
  });

  it('needs a reason and who cancelled', () => {
    for (const reason of ['', '   ', '\n\t']) {
      expectSchedulingError(
        () => changeStatus(appointment('booked'), { to: 'cancelled', cancelledBy: 'patient', reason }, START),
        'reason_required',
        'Give a reason for the cancellation.',
      );
    }
    expectSchedulingError(() => changeStatus(appointment('booked'), { to: 'cancelled', cancelledBy: 'patient', reason: 'x'.repeat(501) }, START), 'invalid_option');
    expectSchedulingError(
      () => changeStatus(appointment('booked'), { to: 'cancelled', cancelledBy: 'weather' as 'clinic', reason: 'Snow' }, START),
      'invalid_option',
    );
  });
});

describe('no-show and rescheduling', () => {
  it('records a no-show only once the start time has passed', () => {
    expectSchedulingError(() => changeStatus(appointment('booked'), { to: 'no_show' }, START - 1), 'too_early');
    expect(changeStatus(appointment('booked'), { to: 'no_show' }, START).to).toBe('no_show');
  });

  it('links a rescheduled appointment to its replacement, never to itself', () => {
    expect(changeStatus(appointment('booked'), { to: 'rescheduled', newAppointmentId: 'appt-2' }, START).newAppointmentId).toBe('appt-2');
    expectSchedulingError(() => changeStatus(appointment('booked'), { to: 'rescheduled', newAppointmentId: ' ' }, START), 'link_required');
    expectSchedulingError(() => changeStatus(appointment('booked'), { to: 'rescheduled', newAppointmentId: 'appt-1' }, START), 'link_required');
  });

  it('keeps the room a patient was put in', () => {
    expect(changeStatus(appointment('arrived'), { to: 'roomed', roomId: 'room-3' }, START).roomId).toBe('room-3');
    expect(changeStatus(appointment('arrived'), { to: 'roomed' }, START)).not.toHaveProperty('roomId');
  });
});

describe('undoing a check-in', () => {
  it('takes an arrived appointment back to where it arrived from, with the reason (trimmed)', () => {
    expect(BEFORE_ARRIVAL).toEqual(['booked', 'confirmed']);
    for (const backTo of BEFORE_ARRIVAL) {
      expect(undoArrival(appointment('arrived'), backTo, '  Wrong patient checked in ', START)).toEqual({
        from: 'arrived',
        to: backTo,
        at: new Date(START).toISOString(),
        reason: 'Wrong patient checked in',
      });
    }
  });

  it('undoes only an arrival, back only to booked or confirmed, and only with a reason', () => {
    for (const status of APPOINTMENT_STATUSES.filter((s) => s !== 'arrived')) {
      expectSchedulingError(() => undoArrival(appointment(status), 'booked', 'Mistake', START), 'illegal_transition', /^Only an arrival can be undone/);
    }
    expectSchedulingError(() => undoArrival(appointment('roomed'), 'booked', 'Mistake', START), 'illegal_transition', 'Only an arrival can be undone: this appointment is roomed.');
    for (const backTo of APPOINTMENT_STATUSES.filter((s) => !BEFORE_ARRIVAL.includes(s))) {
      expectSchedulingError(() => undoArrival(appointment('arrived'), backTo, 'Mistake', START), 'invalid_option');
    }
    expectSchedulingError(() => undoArrival(appointment('arrived'), 'booked', '  ', START), 'reason_required', 'Give a reason for undoing the check-in.');
    expectSchedulingError(() => undoArrival(appointment('arrived'), 'booked', 'x'.repeat(501), START), 'invalid_option');
  });

  it('leaves the forward machine as it was: no backward move through changeStatus', () => {
    for (const backTo of BEFORE_ARRIVAL) {
      expect(canChangeStatus('arrived', backTo)).toBe(false);
      expectSchedulingError(() => changeStatus(appointment('arrived'), changeTo(backTo), START), 'illegal_transition');
    }
  });
});
