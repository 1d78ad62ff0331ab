import { z } from 'zod';

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
