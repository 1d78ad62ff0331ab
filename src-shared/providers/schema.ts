import { z } from 'zod';
import { npiProblem } from '../validation/npi';

export const providerSchema = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  credentials: z.string().nullable(),
  specialty: z.string().nullable(),
  npi: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Provider = z.infer<typeof providerSchema>;

export const providerListInput = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });
export const providerListOutput = z.object({ items: z.array(providerSchema) });

/** Blank form fields mean "none". */
const blankToNull = (value: unknown) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value);
const optionalText = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max, `At most ${max} characters`).nullable());
const name = z.string({ error: 'Required' }).trim().min(1, 'Required').max(100, 'At most 100 characters');

/** Typed with spaces or dashes from a letterhead ("123 456 7893"); stored as its 10 digits. */
export const npiSchema = z
  .string({ error: 'Required' })
  .transform((text) => text.replace(/[\s-]+/g, ''))
  .superRefine((npi, ctx) => {
    const problem = npiProblem(npi);
    if (problem === 'format') ctx.addIssue({ code: 'custom', message: npi === '' ? 'Required' : 'An NPI is 10 digits' });
    if (problem === 'check_digit') ctx.addIssue({ code: 'custom', message: 'Not a valid NPI: the check digit does not match (a digit mistyped?)' });
  });

export const providerFieldsSchema = z.object({
  givenName: name,
  familyName: name,
  /** "MD", "DO, FACP", "NP-C" */
  credentials: optionalText(40),
  specialty: optionalText(100),
  npi: npiSchema,
});
export const providerCreateInput = providerFieldsSchema;
export type ProviderCreateInput = z.input<typeof providerCreateInput>;

export const providerIdSchema = z.uuid({ error: 'Not a valid provider id' });

/** Only the fields sent change; `active: false` deactivates (providers are never deleted: charts and visits name them). */
export const providerUpdateInput = z
  .object({ id: providerIdSchema, active: z.boolean().optional() })
  .extend(providerFieldsSchema.partial().shape)
  .refine((v) => Object.keys(v).some((k) => k !== 'id'), 'Nothing to change');
export type ProviderUpdateInput = z.input<typeof providerUpdateInput>;
