/**
 * The schemas of the register extracts effekt reads (documented for users in docs/extracts.md).
 * Each extract is one file named after it (`measures.arrow`, `measures.parquet` or
 * `measures.csv`) in the extracts folder; columns are checked on load.
 */
export type FieldKind = "id" | "month" | "flag" | "code" | "int" | "date" | "text";

export interface ExtractField {
  name: string;
  kind: FieldKind;
  /** A required column must exist; `nullable` columns may have missing cells. */
  required: boolean;
  nullable?: boolean;
  description: string;
}

export interface ExtractSchema {
  name: "offices" | "measures" | "employment" | "benefits" | "persons" | "office_months";
  /** The job fails when a required extract is missing. */
  required: boolean;
  description: string;
  fields: ExtractField[];
  /** Columns not listed: carried as covariates (persons) or ignored. */
  extra: "covariates" | "office-covariates" | "ignored";
}

export const OFFICES_SCHEMA: ExtractSchema = {
  name: "offices",
  required: true,
  description: "one row per office",
  extra: "ignored",
  fields: [
    { name: "office_id", kind: "id", required: true, description: "office id, whole number ≥ 1, unique" },
    { name: "name", kind: "text", required: true, description: "office name" },
    { name: "county", kind: "text", required: true, description: "county (offices are paired within a county)" },
    { name: "role", kind: "code", required: true, description: "pilot | control | other (rest of the country: an optional wider comparison group)" },
    { name: "pilot_start", kind: "month", required: false, nullable: true, description: "first pilot month (pilot offices), e.g. 201304" },
  ],
};

export const MEASURES_SCHEMA: ExtractSchema = {
  name: "measures",
  required: true,
  description: "monthly stock on labour-market measures, one row per person, month and measure",
  extra: "ignored",
  fields: [
    { name: "person_id", kind: "id", required: true, description: "person id, whole number ≥ 1" },
    { name: "month", kind: "month", required: true, description: "YYYYMM integer or 'YYYY-MM' text" },
    { name: "office_id", kind: "id", required: true, description: "office responsible that month (must be in offices)" },
    { name: "measure_code", kind: "code", required: true, description: "measure code of the catalogue" },
    { name: "user_group", kind: "code", required: true, description: "ordinary | reduced | other" },
  ],
};

export const EMPLOYMENT_SCHEMA: ExtractSchema = {
  name: "employment",
  required: true,
  description:
    "employee register, one row per person-month with employment or a benefit; a person-month without a row (within the register's months) is not employed, no benefit",
  extra: "ignored",
  fields: [
    { name: "person_id", kind: "id", required: true, description: "person id" },
    { name: "month", kind: "month", required: true, description: "YYYYMM or 'YYYY-MM'" },
    { name: "employed", kind: "flag", required: true, description: "1 = in work (employee register) that month" },
    { name: "benefit", kind: "flag", required: false, description: "1 = a benefit was paid the same month" },
    { name: "jobseeker", kind: "flag", required: false, description: "1 = registered as a job seeker that month" },
  ],
};

export const BENEFITS_SCHEMA: ExtractSchema = {
  name: "benefits",
  required: false,
  description: "benefit payments, one row per person, month and benefit (optional; adds to employment's benefit flag)",
  extra: "ignored",
  fields: [
    { name: "person_id", kind: "id", required: true, description: "person id" },
    { name: "month", kind: "month", required: true, description: "YYYYMM or 'YYYY-MM'" },
    { name: "benefit_code", kind: "code", required: true, description: "AAP (work assessment allowance), DAGPENGER (unemployment benefit), UFORE (disability), ALDER (old-age pension), …" },
  ],
};

export const PERSONS_SCHEMA: ExtractSchema = {
  name: "persons",
  required: true,
  description: "one row per person; further columns (immigrant, education, marital_status, prior_work, …) are carried as covariates",
  extra: "covariates",
  fields: [
    { name: "person_id", kind: "id", required: true, description: "person id, unique" },
    { name: "birth_year", kind: "int", required: true, description: "year of birth" },
    { name: "sex", kind: "code", required: true, description: "F | M" },
    { name: "moved_date", kind: "date", required: false, nullable: true, description: "date moved away (YYYY-MM-DD), empty if not" },
    { name: "death_date", kind: "date", required: false, nullable: true, description: "date of death (YYYY-MM-DD), empty if alive" },
  ],
};

export const OFFICE_MONTHS_SCHEMA: ExtractSchema = {
  name: "office_months",
  required: false,
  description:
    "one row per office and month (optional): characteristics of the office and its surroundings, every further numeric column (local_unemployment, staff_years, users_per_staff_year, sickness_absence, …) a time-varying covariate",
  extra: "office-covariates",
  fields: [
    { name: "office_id", kind: "id", required: true, description: "office id (must be in offices)" },
    { name: "month", kind: "month", required: true, description: "YYYYMM or 'YYYY-MM'" },
  ],
};

export const EXTRACT_SCHEMAS = [OFFICES_SCHEMA, MEASURES_SCHEMA, EMPLOYMENT_SCHEMA, BENEFITS_SCHEMA, PERSONS_SCHEMA, OFFICE_MONTHS_SCHEMA];

/** File extensions looked for, in this order, for each extract. */
export const EXTRACT_EXTENSIONS = [".arrow", ".feather", ".ipc", ".parquet", ".csv"];
