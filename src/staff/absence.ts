import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../database/sql';

export interface Absence {
  from: Date;
  to: Date;
  substituteId: string | null;
  substituteName: string | null;
}

/**
 * A staff member's absence that has not ended yet (current or planned), or null. An absence ends
 * by itself: every query compares its period with now(), nothing has to run at its end.
 */
export async function absenceOf(db: DataSource | EntityManager, staffUserId: string): Promise<Absence | null> {
  const a = await sql.one<Absence>(
    db,
    `SELECT a.starts_at AS "from", a.ends_at AS "to", a.substitute_id AS "substituteId", s.display_name AS "substituteName"
       FROM staff_absence a LEFT JOIN staff_user s ON s.id = a.substitute_id
      WHERE a.staff_user_id = $1 AND a.ends_at > now()`,
    [staffUserId],
  );
  return a ?? null;
}

/** SQL: the ids of staff absent at `at` (an SQL expression, e.g. now() or $1). */
export function absentNowSql(at = 'now()'): string {
  return `SELECT a.staff_user_id FROM staff_absence a WHERE a.starts_at <= ${at} AND a.ends_at > ${at}`;
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
