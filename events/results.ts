import { z } from 'zod';
import { IsoDate, LocalId, Text, orgRefSet, refineDateOrder, strictObject } from './common.ts';

const ThemeCode = z
  .string()
  .max(64, { error: 'expected a theme code of at most 64 characters', abort: true })
  .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a snake_case theme code, e.g. "waste_management"' });

/** Records a common understanding endorsed by the listed organisations (R4, R5 or R6 by topic). */
export const CommonUnderstandingRecordedData = strictObject({
  topic: z.enum(['areas_of_expertise', 'nl_government_role', 'nl_institutes_companies_role']),
  statement: Text,
  endorsedBy: orgRefSet('endorsing participant id'),
});
export type CommonUnderstandingRecordedData = z.infer<typeof CommonUnderstandingRecordedData>;

/** Records that an implementation theme was selected, with its lead organisations. */
export const ImplementationThemeSelectedData = strictObject({
  themeId: LocalId,
  theme: ThemeCode,
  leadOrgIds: orgRefSet('lead participant id'),
});
export type ImplementationThemeSelectedData = z.infer<typeof ImplementationThemeSelectedData>;

/** Records a knowledge-transfer activity: format, theme, providers, recipients and dates (R7). */
export const KnowledgeTransferActivityHeldData = refineDateOrder(
  strictObject({
    activityId: LocalId,
    format: z.enum(['workshop', 'study_visit', 'training', 'working_group_session']),
    theme: ThemeCode,
    providerOrgIds: orgRefSet('provider participant id'),
    recipientOrgIds: orgRefSet('recipient participant id'),
    startDate: IsoDate,
    endDate: IsoDate,
  }),
  'startDate',
  'endDate',
);
export type KnowledgeTransferActivityHeldData = z.infer<typeof KnowledgeTransferActivityHeldData>;
