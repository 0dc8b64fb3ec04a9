import communication from './banks/communication';
import complaints from './banks/complaints';
import conduct from './banks/conduct';
import customerTypes from './banks/customer-types';
import deskRules from './banks/desk-rules';
import language from './banks/language';
import receptionPhone from './banks/reception-phone';
import type { QuestionInput } from './types';

/** The raw banks by module id, as authored. Validation lives in validate-bank.ts. */
export const RAW_BANKS: Record<string, readonly QuestionInput[]> = {
  conduct,
  language,
  'reception-phone': receptionPhone,
  complaints,
  'customer-types': customerTypes,
  communication,
  'desk-rules': deskRules,
};
