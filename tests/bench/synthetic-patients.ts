import type { PatientCreateInput } from '../../src-shared/patients/schema';

const GIVEN = ['Maria', 'James', 'Ana', 'John', 'Mei', 'Olu', 'Sofia', 'Liam', 'Noah', 'Emma', 'Aisha', 'Jose', 'Chloe', 'Ivan', 'Fatima', 'Lucas', 'Hana', 'Omar', 'Grace', 'Mateo', 'Zoe', 'Ravi', 'Elena', 'Kwame'];
const FAMILY = ['Lopez', 'Smith', 'Nguyen', 'Okafor', 'Garcia', 'Kowalski', 'Chen', 'Johnson', 'Müller', "O'Keefe", 'Haddad', 'Silva', 'Brown', 'Kim', 'Patel', 'Rossi', 'Dubois', 'Novak', 'Jones', 'Tanaka', 'Cohen', 'Ivanova', 'Mensah', 'Williams', 'Santos', 'Larsen', 'Nakamura', 'Baker', 'Ali', 'Fischer'];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export function syntheticPatient(random: () => number, index: number): PatientCreateInput {
  const year = 1930 + Math.floor(random() * 90);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const given = `${pick(random, GIVEN)}${index % 7 === 0 ? '' : String.fromCharCode(97 + (index % 26))}`;
  return {
    givenName: given,
    familyName: `${pick(random, FAMILY)}${Math.floor(index / 30) % 50 === 0 ? '' : Math.floor(index / 30) % 50}`,
    dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    sex: pick(random, ['female', 'male', 'other', 'unknown'] as const),
    phone: `617${String(2000000 + Math.floor(random() * 7999999))}`,
    email: null,
  };
}
