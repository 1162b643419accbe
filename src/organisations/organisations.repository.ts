import * as sql from '../database/sql';

/**
 * The organisations' SQL (docs/data-layer.md): `organisation`, and which organisation a region
 * belongs to. OrganisationsService keeps the rules (scope, validation, the audit trail); this file
 * only reads and writes rows, in the transaction the service passes in. `scope`
 * (organisationParam): that organisation only; null: every one (the platform admin).
 */

export interface OrganisationRow {
  code: string;
  name: string;
  regionCodes: string[];
  /** The organisation regions and staff join when none is named (the one a single-organisation install has). */
  isDefault: boolean;
  hasLogo: boolean;
  accentColour: string | null;
  senderName: string | null;
  /** Months a closed case is kept before its content is erased; null: the platform's setting. */
  retentionClosedCaseMonths: number | null;
  staffCount: number;
}

/** What a help-seeker and a mail see of the organisation that answers their case. */
export interface OrganisationLook {
  code: string;
  name: string;
  hasLogo: boolean;
  accentColour: string | null;
  /** The display name on outgoing mail (falls back to the name). */
  senderName: string;
}

/** A change of an organisation's settings: `name` null keeps it; an absent field keeps it, null clears it. */
export interface OrganisationUpdate {
  name: string | null;
  accentColour?: string | null;
  senderName?: string | null;
  retentionClosedCaseMonths?: number | null;
}

/** The organisations in the scope, by name. */
export function organisations(m: sql.Db, scope: number | null): Promise<OrganisationRow[]> {
  return sql.rows<OrganisationRow>(
    m,
    `SELECT o.code, o.name, o.is_default AS "isDefault", (o.logo IS NOT NULL) AS "hasLogo",
              o.accent_colour AS "accentColour", o.sender_name AS "senderName",
              o.retention_closed_case_months AS "retentionClosedCaseMonths",
              COALESCE((SELECT array_agg(r.code ORDER BY r.code) FROM region r WHERE r.organisation_id = o.id), '{}') AS "regionCodes",
              (SELECT count(*)::int FROM staff_user u WHERE u.organisation_id = o.id AND u.active) AS "staffCount"
         FROM organisation o
        WHERE ($1::int IS NULL OR o.id = $1::int)
        ORDER BY o.name`,
    [scope],
  );
}

/** A new organisation's id; undefined when the code is taken. */
export async function insertOrganisation(m: sql.Db, code: string, name: string): Promise<number | undefined> {
  const row = await sql.one<{ id: number }>(
    m,
    `INSERT INTO organisation (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [code, name],
  );
  return row?.id;
}

/** Which of these regions, outside the organisation, have staff of an organisation. */
export async function staffedRegionsElsewhere(
  m: sql.Db,
  regionCodes: string[],
  organisationId: number,
): Promise<string[]> {
  const staffed = await sql.rows<{ code: string }>(
    m,
    `SELECT DISTINCT r.code FROM region r JOIN staff_region sr ON sr.region_id = r.id JOIN staff_user u ON u.id = sr.staff_user_id
        WHERE r.code = ANY($1::text[]) AND r.organisation_id <> $2 AND u.organisation_id IS NOT NULL`,
    [regionCodes, organisationId],
  );
  return staffed.map((r) => r.code);
}

/** Moves the regions of these codes into the organisation; the codes of the regions moved. */
export async function moveRegionsTo(m: sql.Db, regionCodes: string[], organisationId: number): Promise<string[]> {
  const moved = await sql.rows<{ code: string }>(
    m,
    `UPDATE region SET organisation_id = $2 WHERE code = ANY($1::text[]) RETURNING code`,
    [regionCodes, organisationId],
  );
  return moved.map((r) => r.code);
}

/** The id behind a code within the scope, or undefined. */
export async function organisationIdOf(m: sql.Db, code: string, scope: number | null): Promise<number | undefined> {
  const row = await sql.one<{ id: number }>(
    m,
    `SELECT id FROM organisation WHERE code = $1 AND ($2::int IS NULL OR id = $2::int)`,
    [code, scope],
  );
  return row?.id;
}

export async function updateOrganisation(m: sql.Db, id: number, u: OrganisationUpdate): Promise<void> {
  await sql.exec(
    m,
    `UPDATE organisation SET
            name = COALESCE($2, name),
            accent_colour = CASE WHEN $3 THEN $4 ELSE accent_colour END,
            sender_name = CASE WHEN $5 THEN $6 ELSE sender_name END,
            retention_closed_case_months = CASE WHEN $7 THEN $8::int ELSE retention_closed_case_months END
          WHERE id = $1`,
    [
      id,
      u.name,
      u.accentColour !== undefined,
      u.accentColour ?? null,
      u.senderName !== undefined,
      u.senderName ?? null,
      u.retentionClosedCaseMonths !== undefined,
      u.retentionClosedCaseMonths ?? null,
    ],
  );
}

/** Sets (or with null removes) the logo and its image type. */
export async function setLogo(m: sql.Db, id: number, logo: Buffer | null, type: string | null): Promise<void> {
  await sql.exec(m, `UPDATE organisation SET logo = $2, logo_type = $3 WHERE id = $1`, [id, logo, type]);
}

/** The logo of the organisation of this code, or undefined when it has none. */
export function logoOf(m: sql.Db, code: string): Promise<{ logo: Buffer; logo_type: string } | undefined> {
  return sql.one<{ logo: Buffer; logo_type: string }>(
    m,
    `SELECT logo, logo_type FROM organisation WHERE code = $1 AND logo IS NOT NULL`,
    [code],
  );
}

/** Every organisation with its regions, by name. */
export function organisationsWithRegions(
  m: sql.Db,
): Promise<{ code: string; name: string; regions: { code: string; name: string }[] }[]> {
  return sql.rows<{ code: string; name: string; regions: { code: string; name: string }[] }>(
    m,
    `SELECT o.code, o.name,
              COALESCE((SELECT json_agg(json_build_object('code', r.code, 'name', r.name) ORDER BY r.name)
                          FROM region r WHERE r.organisation_id = o.id), '[]') AS regions
         FROM organisation o ORDER BY o.name`,
  );
}

export function lookOf(m: sql.Db, code: string): Promise<OrganisationLook | undefined> {
  return sql.one<OrganisationLook>(
    m,
    `SELECT o.code, o.name, (o.logo IS NOT NULL) AS "hasLogo", o.accent_colour AS "accentColour",
              COALESCE(o.sender_name, o.name) AS "senderName"
         FROM organisation o WHERE o.code = $1`,
    [code],
  );
}

/** The look of the organisation that serves a region (by id, or by code). */
export function lookOfRegion(m: sql.Db, region: number | string): Promise<OrganisationLook | undefined> {
  return sql.one<OrganisationLook>(
    m,
    `SELECT o.code, o.name, (o.logo IS NOT NULL) AS "hasLogo", o.accent_colour AS "accentColour",
              COALESCE(o.sender_name, o.name) AS "senderName"
         FROM region r JOIN organisation o ON o.id = r.organisation_id
        WHERE ${typeof region === 'number' ? 'r.id = $1' : 'r.code = $1'}`,
    [region],
  );
}
