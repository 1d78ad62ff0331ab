/**
 * The time grid of the day and week views: the hours down the side, one column per provider, room
 * or day (free time as slot buttons, bookable time white over shaded, appointments as blocks side
 * by side when they overlap). Blocks drag to another time or column, snapped to the slot size;
 * nothing moves until the server accepts.
 */
import { Fragment, useRef, useState, type CSSProperties, type DragEvent, type ReactNode } from 'react';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { formatLocalTime } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { canChangeStatus, STATUS_LABELS } from '../../../src-shared/scheduling/status';
import { appointmentSpan, dropMinute, isWithin, PIXELS_PER_MINUTE, placeInLanes, SLOT_MINUTES, slotStarts, type GridColumn, type MinuteSpan } from './day-layout';
import { patientLabel } from './labels';
import { moveAppointment, type MoveValues } from './MoveDialog';

/** Where an appointment was dropped: the date, provider and start time of the column and slot under it. */
export interface MoveTarget {
  appointment: Appointment;
  date: string;
  providerId: string;
  time: string;
}

/** The Move dialog's appointment: from the panel's Move…, or a refused drop (where it was dropped, and why it was refused). */
export interface Moving {
  appointment: Appointment;
  target?: Omit<MoveValues, 'overbookReason'>;
  refused?: RpcError;
}

/** The Move dialog's state, and the grid's `onMove`: a drop moves once the service accepts; a refusal opens the Move dialog on the drop, saying what collides. */
export function useMoving() {
  const [moving, setMoving] = useState<Moving | null>(null);
  const moveOnDrop = async ({ appointment, ...target }: MoveTarget) => {
    const moved = await moveAppointment(appointment, target);
    if (!moved.ok) setMoving({ appointment, target, refused: moved.error });
    return moved.ok;
  };
  return { moving, setMoving, moveOnDrop };
}

interface TimeGridProps<C extends GridColumn> {
  /** What the grid is drawn from: a sent drop shows "moving…" until the grid is drawn from newer data. */
  shown: object;
  columns: readonly C[];
  span: MinuteSpan;
  /** Added to `schedule-grid`. */
  className: string;
  testId: string;
  head(column: C): ReactNode;
  /** A column's data-* attributes (its test id among them). */
  columnAttributes(column: C): Record<`data-${string}`, string>;
  /** Books from a column's free time; undefined: its free time is not clickable (the session may not book, or nobody to book with). */
  bookFrom(column: C): ((time: string) => void) | undefined;
  onOpen(appointmentId: string): void;
  /** Absent when the session may not book: appointments do not drag then. True once the service has moved it. */
  onMove?: ((target: MoveTarget) => Promise<boolean>) | undefined;
  /** The tooltip of a block that drags. */
  moveHint: string;
  /** Names a block's provider where its column does not (the rooms view). */
  providerName?: ((appointment: Appointment) => string | undefined) | undefined;
}

export function TimeGrid<C extends GridColumn>({ shown, columns, span, className, testId, head, columnAttributes, bookFrom, onOpen, onMove, moveHint, providerName }: TimeGridProps<C>) {
  const drag = useAppointmentDrag(span, shown, onMove);
  return (
    <div className={`schedule-grid ${className}`} style={{ '--columns': columns.length } as CSSProperties} data-testid={testId}>
      <div className="schedule-corner" />
      {columns.map((column) => (
        <Fragment key={column.id}>{head(column)}</Fragment>
      ))}
      <TimeRuler span={span} />
      {columns.map((column) => (
        <TimeColumn
          key={column.id}
          span={span}
          column={column}
          attributes={columnAttributes(column)}
          book={bookFrom(column)}
          onOpen={onOpen}
          drag={drag}
          moveHint={moveHint}
          providerName={providerName}
        />
      ))}
    </div>
  );
}

const heightOf = (span: MinuteSpan) => (span.to - span.from) * PIXELS_PER_MINUTE;

/** The hours of the grid's span, down its side. */
function TimeRuler({ span }: { span: MinuteSpan }) {
  return (
    <div className="schedule-times" style={{ height: heightOf(span) }} aria-hidden="true">
      {slotStarts(span)
        .filter((minute) => minute % 60 === 0)
        .map((minute) => (
          <span key={minute} className="schedule-time" style={{ top: (minute - span.from) * PIXELS_PER_MINUTE }}>
            {formatLocalTime(minute)}
          </span>
        ))}
    </div>
  );
}

interface TimeColumnProps {
  span: MinuteSpan;
  column: GridColumn;
  attributes: Record<`data-${string}`, string>;
  book: ((time: string) => void) | undefined;
  onOpen(appointmentId: string): void;
  drag: AppointmentDrag;
  moveHint: string;
  providerName: ((appointment: Appointment) => string | undefined) | undefined;
}

function TimeColumn({ span, column, attributes, book, onOpen, drag, moveHint, providerName }: TimeColumnProps) {
  const top = (minute: number) => (minute - span.from) * PIXELS_PER_MINUTE;
  const preview = drag.previewIn(column.id);
  return (
    <div className="schedule-column" style={{ height: heightOf(span) }} role="group" aria-label={column.title} {...attributes} {...drag.dropZone(column)}>
      {column.available.map((interval) => (
        <div key={interval.from} className="schedule-available" style={{ top: top(interval.from), height: heightOf(interval) }} />
      ))}
      {slotStarts(span).map((minute) => {
        const time = formatLocalTime(minute);
        const free = isWithin(minute, column.available);
        return (
          <button
            key={minute}
            type="button"
            className={free ? 'schedule-slot' : 'schedule-slot schedule-slot-closed'}
            style={{ top: top(minute), height: SLOT_MINUTES * PIXELS_PER_MINUTE }}
            disabled={!book}
            onClick={() => book?.(time)}
            aria-label={`Book ${column.bookPhrase} at ${time}${free ? '' : ' (outside hours)'}`}
            data-time={time}
            data-testid="schedule-slot"
          />
        );
      })}
      {placeInLanes(column.appointments).map(({ appointment, span: at, lane, lanes }) => (
        <AppointmentBlock
          key={appointment.id}
          appointment={appointment}
          providerName={providerName?.(appointment)}
          moveHint={moveHint}
          dragged={drag.draggedId === appointment.id}
          style={{
            top: top(at.from),
            height: heightOf(at),
            left: `${(lane / lanes) * 100}%`,
            width: `${100 / lanes}%`,
            borderLeftColor: appointment.color,
            background: `color-mix(in srgb, ${appointment.color} 18%, white)`,
          }}
          onOpen={onOpen}
          {...drag.handlesOf(appointment, column)}
        />
      ))}
      {preview && (
        <div
          className={preview.sent ? 'schedule-drop-preview schedule-drop-sent' : 'schedule-drop-preview'}
          style={{ top: top(preview.minute), height: preview.durationMinutes * PIXELS_PER_MINUTE }}
          aria-hidden="true"
          data-testid="schedule-drop-preview"
        >
          {formatLocalTime(preview.minute)}–{formatLocalTime(preview.minute + preview.durationMinutes)}
          {preview.sent && ' · moving…'}
        </div>
      )}
    </div>
  );
}

interface AppointmentBlockProps {
  appointment: Appointment;
  /** Shown where the column does not say whose appointment it is (the rooms view). */
  providerName: string | undefined;
  /** The tooltip of a block that drags. */
  moveHint: string;
  dragged: boolean;
  style: CSSProperties;
  onOpen(id: string): void;
  /** Given when the appointment may be moved. */
  onDragStart?(event: DragEvent<HTMLElement>): void;
  onDragEnd?(): void;
}

function AppointmentBlock({ appointment, providerName, moveHint, dragged, style, onOpen, onDragStart, onDragEnd }: AppointmentBlockProps) {
  const who = patientLabel(appointment);
  const classes = ['schedule-appointment', `status-${appointment.status}`, onDragStart ? 'schedule-movable' : '', dragged ? 'schedule-dragged' : ''];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={style}
      onClick={() => onOpen(appointment.id)}
      draggable={onDragStart !== undefined}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      title={onDragStart ? moveHint : undefined}
      aria-label={`${appointment.local.start}–${appointment.local.end} ${who}, ${appointment.typeName}, ${STATUS_LABELS[appointment.status]}${providerName ? `, ${providerName}` : ''}`}
      data-appointment-id={appointment.id}
      data-testid="schedule-appointment"
    >
      <span className="schedule-appointment-time">
        {appointment.local.start}–{appointment.local.end}
        {providerName && ` · ${providerName}`}
      </span>{' '}
      <strong>{who}</strong>
      <span className="schedule-appointment-type">
        {appointment.typeName} · {STATUS_LABELS[appointment.status]}
        {appointment.overbookReason && ' · overbooked'}
      </span>
    </button>
  );
}

const DRAG_TYPE = 'application/x-clinic-appointment';

interface Dragging {
  appointment: Appointment;
  columnId: string;
  /** How far below the block's top it was grabbed. */
  grabMinutes: number;
  durationMinutes: number;
}

interface DropPreview {
  columnId: string;
  minute: number;
  durationMinutes: number;
  /** Dropped: shown ("moving…") until the grid is drawn again, from data with the appointment in its new place. */
  sentWith?: object;
}

interface AppointmentDrag {
  draggedId: string | null;
  /** Where the dragged appointment would land in this column, if over it (or sent from it and not drawn anew yet). */
  previewIn(columnId: string): (DropPreview & { sent: boolean }) | null;
  dropZone(column: GridColumn): Record<'onDragEnter' | 'onDragOver' | 'onDragLeave' | 'onDrop', (event: DragEvent<HTMLElement>) => void>;
  /** A block's drag handlers; none when it may not be moved. */
  handlesOf(appointment: Appointment, column: GridColumn): Pick<AppointmentBlockProps, 'onDragStart' | 'onDragEnd'>;
}

/** The grid's drag and drop, shared by its columns: a drop in a column that takes it asks `onMove` and shows where it goes until it has moved. */
function useAppointmentDrag(span: MinuteSpan, shown: object, onMove: ((target: MoveTarget) => Promise<boolean>) | undefined): AppointmentDrag {
  const dragging = useRef<Dragging | null>(null);
  const [draggedId, setDraggedId] = useState<string | null>(null);
  const [preview, setPreview] = useState<DropPreview | null>(null);

  // A room column takes drops of its own appointments only; a provider's (or a day's) takes any.
  const accepts = (column: GridColumn) => dragging.current !== null && (column.providerId !== null || column.id === dragging.current.columnId);
  const landing = (event: DragEvent<HTMLElement>, drag: Dragging) =>
    dropMinute(span.from + (event.clientY - event.currentTarget.getBoundingClientRect().top) / PIXELS_PER_MINUTE, drag.grabMinutes, drag.durationMinutes, span);
  const endDrag = () => {
    dragging.current = null;
    setDraggedId(null);
    setPreview((current) => (current?.sentWith ? current : null));
  };
  const hover = (column: GridColumn) => (event: DragEvent<HTMLElement>) => {
    const drag = dragging.current;
    if (!drag || !accepts(column)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const minute = landing(event, drag);
    setPreview((current) => (current?.columnId === column.id && current.minute === minute ? current : { columnId: column.id, minute, durationMinutes: drag.durationMinutes }));
  };
  const drop = (column: GridColumn, event: DragEvent<HTMLElement>) => {
    const drag = dragging.current;
    if (!drag || !accepts(column) || !onMove) return;
    event.preventDefault();
    const minute = landing(event, drag);
    const { appointment } = drag;
    const target = { appointment, date: column.date, providerId: column.providerId ?? appointment.providerId, time: formatLocalTime(minute) };
    endDrag();
    if (target.date === appointment.local.date && target.providerId === appointment.providerId && target.time === appointment.local.start) return setPreview(null);
    setPreview({ columnId: column.id, minute, durationMinutes: drag.durationMinutes, sentWith: shown });
    void onMove(target).then((moved) => !moved && setPreview(null));
  };
  const startDrag = (appointment: Appointment, column: GridColumn, event: DragEvent<HTMLElement>) => {
    const at = appointmentSpan(appointment);
    dragging.current = {
      appointment,
      columnId: column.id,
      grabMinutes: (event.clientY - event.currentTarget.getBoundingClientRect().top) / PIXELS_PER_MINUTE,
      durationMinutes: at.to - at.from,
    };
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(DRAG_TYPE, appointment.id);
    setDraggedId(appointment.id);
  };

  return {
    draggedId,
    previewIn: (columnId) =>
      preview?.columnId === columnId && (!preview.sentWith || preview.sentWith === shown) ? { ...preview, sent: preview.sentWith !== undefined } : null,
    dropZone: (column) => ({
      onDragEnter: hover(column),
      onDragOver: hover(column),
      onDragLeave: (event) => {
        // Leaving a block or slot inside the column is not leaving the column (relatedTarget is not always given).
        const box = event.currentTarget.getBoundingClientRect();
        if (event.clientX >= box.left && event.clientX < box.right && event.clientY >= box.top && event.clientY < box.bottom) return;
        setPreview((current) => (current?.columnId === column.id && !current.sentWith ? null : current));
      },
      onDrop: (event) => drop(column, event),
    }),
    handlesOf: (appointment, column) =>
      onMove !== undefined && canChangeStatus(appointment.status, 'rescheduled') ? { onDragStart: (event) => startDrag(appointment, column, event), onDragEnd: endDrag } : {},
  };
}
