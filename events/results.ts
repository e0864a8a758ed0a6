import { z } from 'zod';
import { exactly, type Schema } from './schema.ts';
import { IsoDate, LocalId, Text, orgRefSet, refineDateOrder, strictObject } from './common.ts';

const ThemeCode = z
  .string()
  .max(64, { error: 'expected a theme code of at most 64 characters', abort: true })
  .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a snake_case theme code, e.g. "waste_management"' });

/** Records a common understanding endorsed by the listed organisations (R4, R5 or R6 by topic). */
export const CommonUnderstandingRecordedData: Schema<CommonUnderstandingRecordedData> =
  exactly<CommonUnderstandingRecordedData>()(
    strictObject({
      topic: z.enum(['areas_of_expertise', 'nl_government_role', 'nl_institutes_companies_role']),
      statement: Text,
      endorsedBy: orgRefSet('endorsing participant id'),
    }),
  );
export type CommonUnderstandingRecordedData = {
  topic: 'areas_of_expertise' | 'nl_government_role' | 'nl_institutes_companies_role';
  statement: string;
  endorsedBy: string[];
};

/** Records that an implementation theme was selected, with its lead organisations. */
export const ImplementationThemeSelectedData: Schema<ImplementationThemeSelectedData> =
  exactly<ImplementationThemeSelectedData>()(
    strictObject({
      themeId: LocalId,
      theme: ThemeCode,
      leadOrgIds: orgRefSet('lead participant id'),
    }),
  );
export type ImplementationThemeSelectedData = { themeId: string; theme: string; leadOrgIds: string[] };

/** Records a knowledge-transfer activity: format, theme, providers, recipients and dates (R7). */
export const KnowledgeTransferActivityHeldData: Schema<KnowledgeTransferActivityHeldData> =
  exactly<KnowledgeTransferActivityHeldData>()(
    refineDateOrder(
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
    ),
  );
export type KnowledgeTransferActivityHeldData = {
  activityId: string;
  format: 'workshop' | 'study_visit' | 'training' | 'working_group_session';
  theme: string;
  providerOrgIds: string[];
  recipientOrgIds: string[];
  startDate: string;
  endDate: string;
};
