import { defineMethod } from '../rpc/define';
import { boardInput, boardOutput, walkInInput, walkInOutput } from './board-schema';
import { checkInForInput, checkInForOutput, checkInInput, checkInOutput, receiptInput, receiptOutput, undoCheckInInput, undoCheckInOutput } from './schema';

/**
 * RPC methods of the front desk (issue 6). Spread into the one contract (src-shared/rpc/contract.ts).
 *
 * Permissions: `frontdesk.checkin` checks patients in (with the copay) and undoes a check-in;
 * `ledger.read` prints a receipt. Every write is audited on the chart.
 *
 * Refusals say why in `details.reason`: `not_today` (the appointment is on another clinic day),
 * `appointment_cancelled`, `appointment_no_show`, `appointment_rescheduled`, `already_checked_in`,
 * `coverage_not_active`, `idempotency_key_reused`, `not_checked_in`, `not_same_day`,
 * `illegal_transition` (undo once the patient is roomed or further).
 */
export const frontDeskMethods = {
  /**
   * In one transaction: the appointment must be today's (clinic time zone) and booked or confirmed;
   * records identity checked, insurance (an active coverage of the patient, or self-pay) and
   * consents; posts the copay if given; marks the appointment arrived through the status machine.
   */
  'frontDesk.checkIn': defineMethod({ input: checkInInput, output: checkInOutput, permission: 'frontdesk.checkin', kind: 'write' }),
  /**
   * The same clinic day, before rooming, with a reason: reverses the copay, marks the check-in
   * undone and returns the appointment to booked or confirmed (where it arrived from).
   */
  'frontDesk.undoCheckIn': defineMethod({ input: undoCheckInInput, output: undoCheckInOutput, permission: 'frontdesk.checkin', kind: 'write' }),
  /** A payment's receipt as a PDF (audited as a print of a receipt). */
  'frontDesk.receipt': defineMethod({ input: receiptInput, output: receiptOutput, permission: 'ledger.read', kind: 'write' }),
  /**
   * What the check-in dialog needs for one appointment: the appointment, whether it can be checked
   * in now (else why, as `frontDesk.checkIn` would refuse), the patient's demographics, coverages in
   * effect on the visit's date, and the check-in in force with its copay. Recorded as a chart view.
   */
  'frontDesk.checkInFor': defineMethod({ input: checkInForInput, output: checkInForOutput, permission: 'frontdesk.checkin', kind: 'read' }),
  /**
   * The Today board: one clinic day's appointments (default today, clinic zone) by start, each with
   * its badges (see board-schema.ts), the time it entered its status, and the day's counts.
   */
  'frontDesk.board': defineMethod({ input: boardInput, output: boardOutput, permission: 'patients.read', kind: 'read' }),
  /**
   * Books a walk-in to start now (the next 5-minute mark, clinic time) with the type's length; a
   * collision answers CONFLICT as `appointments.book` does (overbook with a reason when the type allows).
   */
  'frontDesk.walkIn': defineMethod({ input: walkInInput, output: walkInOutput, permission: 'schedule.book', kind: 'write' }),
} as const;
