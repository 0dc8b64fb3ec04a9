import communication from './banks/communication';
import complaints from './banks/complaints';
import conduct from './banks/conduct';
import customerTypes from './banks/customer-types';
import deskRules from './banks/desk-rules';
import language from './banks/language';
import receptionPhone from './banks/reception-phone';

/** The raw banks by module id, as authored (each file checks itself with `satisfies QuestionInput[]`); catalog.ts and validate-bank.ts parse them. */
export const RAW_BANKS: Record<string, readonly unknown[]> = {
  conduct,
  language,
  'reception-phone': receptionPhone,
  complaints,
  'customer-types': customerTypes,
  communication,
  'desk-rules': deskRules,
};
