/** A staff member's absence, current or planned (read by absenceOf in absence.repository.ts). */
export interface Absence {
  from: Date;
  to: Date;
  substituteId: string | null;
  substituteName: string | null;
}

export interface AbsenceJson {
  from: string;
  to: string;
  substituteId: string | null;
  substituteName: string | null;
}

export function absenceJson(a: Absence | null): AbsenceJson | null {
  return a
    ? {
        from: new Date(a.from).toISOString(),
        to: new Date(a.to).toISOString(),
        substituteId: a.substituteId,
        substituteName: a.substituteName,
      }
    : null;
}
