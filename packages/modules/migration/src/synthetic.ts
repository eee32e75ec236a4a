/**
 * Synthetic answers of the migration forms: a country of birth that fits the client's
 * ethnicity, a status that fits the country and years in the UK, and outcomes that follow the
 * status (spouse-visa holders apply under the domestic violence rules).
 */
import { type ModuleSynthetic, roundedWithin, type SyntheticAnswers, type SyntheticForms } from '@harbour/forms';

const EU = ['PL', 'RO', 'LT', 'BG', 'IT', 'PT', 'ES', 'LV', 'HU', 'SK', 'CZ', 'FR', 'DE'];
const COUNTRIES_BY_ETHNICITY: Record<string, string[]> = {
  asian_indian: ['IN'],
  asian_pakistani: ['PK'],
  asian_bangladeshi: ['BD'],
  asian_chinese: ['CN', 'HK', 'MY'],
  asian_other: ['LK', 'AF', 'PH', 'NP', 'VN'],
  black_african: ['NG', 'GH', 'SO', 'ZW', 'ER', 'SD', 'KE'],
  black_caribbean: ['JM', 'TT', 'BB'],
  black_other: ['NG', 'JM', 'US'],
  white_irish: ['IE'],
  white_roma: ['RO', 'SK', 'CZ', 'BG'],
  white_other: EU,
  other_arab: ['IQ', 'SY', 'EG', 'YE', 'SA'],
  other_any: ['IR', 'AF', 'TR', 'BR', 'CO'],
};
const FGM_CONCERN = new Set(['SO', 'SD', 'ER', 'EG']);
const INSECURE = ['spouse_partner_visa', 'other_visa', 'no_status', 'asylum_seeker'];

type Status =
  | 'british_irish'
  | 'eu_settled'
  | 'eu_pre_settled'
  | 'spouse_partner_visa'
  | 'other_visa'
  | 'asylum_seeker'
  | 'refugee'
  | 'no_status'
  | 'not_known';

export const synthetic: ModuleSynthetic = {
  adoption: 0.25,
  demoMonths: 6,
  atIntake({ random: r, client: p }): SyntheticForms {
    if (!(p.bornAbroad || p.needsImmigration) || !r.chance(0.9)) return {};
    const country = r.pick(COUNTRIES_BY_ETHNICITY[p.ethnicity] ?? [...EU, 'NG', 'IN', 'PK', 'US']);
    const yearsInUk = Math.min(p.age, roundedWithin(Math.exp(r.normal(Math.log(6), 0.9)), 0, 60));
    let status: Status;
    if (country === 'IE') status = 'british_irish';
    else if (EU.includes(country)) status = r.weighted({ eu_settled: 0.6, eu_pre_settled: 0.3, not_known: 0.1 });
    else if (yearsInUk > 10 && r.chance(0.7)) status = 'british_irish';
    else
      status = r.weighted({
        british_irish: 0.2,
        spouse_partner_visa: 0.25,
        other_visa: 0.13,
        asylum_seeker: 0.1,
        refugee: 0.1,
        no_status: 0.1,
        not_known: 0.12,
      });
    const nrpfChance: Partial<Record<Status, number>> = {
      spouse_partner_visa: 0.7,
      other_visa: 0.6,
      no_status: 0.9,
      asylum_seeker: 0.5,
      eu_pre_settled: 0.3,
      not_known: 0.3,
    };
    const nrpf = r.chance(0.05) ? 'not_known' : r.chance(nrpfChance[status] ?? 0) ? 'yes' : 'no';
    const insecure = INSECURE.includes(status);
    const southAsianOrArab = p.ethnicity.startsWith('asian') || p.ethnicity === 'other_arab';
    const intake: SyntheticAnswers = {
      country_of_birth: country,
      years_in_uk: yearsInUk,
      immigration_status: status,
      nrpf,
      english_proficiency: p.interpreterNeeded
        ? r.weighted({ some: 0.5, none: 0.5 })
        : r.weighted({ fluent: 0.6, some: 0.37, none: 0.03 }),
      status_used_as_abuse: r.chance(insecure ? 0.4 : 0.05),
      documents_withheld: r.chance(insecure ? 0.25 : 0.06),
      forced_marriage: r.chance(southAsianOrArab ? 0.08 : 0.01),
      honour_based_abuse: r.chance(southAsianOrArab ? 0.12 : 0.02),
      fgm_concern: r.chance(FGM_CONCERN.has(country) ? 0.1 : 0.005),
      trafficking_concern: r.chance(0.02),
    };
    return { 'migration.intake': intake };
  },
  atExit({ random: r, client: p, answersOf }): SyntheticForms {
    const intake = answersOf('migration.intake');
    if (!intake) return {};
    const spouse = intake.immigration_status === 'spouse_partner_visa';
    const insecure = INSECURE.includes(String(intake.immigration_status));
    const exit: SyntheticAnswers = {
      legal_advice_accessed: r.chance(insecure ? 0.6 : 0.1),
      mvdac_application:
        spouse || intake.nrpf === 'yes'
          ? r.weighted({ not_applicable: 0.35, applied: 0.3, granted: 0.3, refused: 0.05 })
          : 'not_applicable',
      settlement_dv_application: spouse
        ? r.weighted({ not_applicable: 0.55, applied: 0.25, granted: 0.15, refused: 0.05 })
        : 'not_applicable',
      nrpf_resolved: intake.nrpf === 'yes' ? r.weighted({ yes: 0.45, no: 0.55 }) : 'not_applicable',
      safe_accommodation_secured: r.chance(0.6),
      interpreter_provided: r.chance(p.interpreterNeeded ? 0.9 : 0.02),
    };
    return { 'migration.exit': exit };
  },
};
