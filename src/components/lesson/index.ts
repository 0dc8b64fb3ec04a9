import CustomerType from './CustomerType.astro';
import Example from './Example.astro';
import KeyFact from './KeyFact.astro';
import PhrasePair from './PhrasePair.astro';
import Procedure from './Procedure.astro';
import Rule from './Rule.astro';
import SourceNote from './SourceNote.astro';

/** The components every lesson may use without importing them (see docs/content-guide.md). */
export const lessonComponents = { Rule, PhrasePair, CustomerType, Procedure, KeyFact, Example, SourceNote };
