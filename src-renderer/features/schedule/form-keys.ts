import type { KeyboardEvent } from 'react';

/** Enter on a select, checkbox or radio submits the form, as it does in a text field. */
export function enterSubmitsFromChoices(event: KeyboardEvent<HTMLFormElement>): void {
  const target = event.target;
  const choice = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio'));
  if (event.key === 'Enter' && choice) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}
