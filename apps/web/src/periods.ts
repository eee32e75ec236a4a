/** Report periods a manager picks by name. Dates are inclusive `YYYY-MM-DD`. */
export type Period = { from: string; to: string };

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) before the one `today` falls in. */
export function lastQuarter(today: string): Period {
  const [year = 0, month = 1] = today.split('-').map(Number);
  const startOfThis = Math.floor((month - 1) / 3) * 3 + 1;
  const startYear = startOfThis === 1 ? year - 1 : year;
  const startMonth = startOfThis === 1 ? 10 : startOfThis - 3;
  return {
    from: iso(startYear, startMonth, 1),
    to: iso(startYear, startMonth + 2, lastDayOf(startYear, startMonth + 2)),
  };
}

/** The last complete UK financial year, 1 April to 31 March. */
export function lastFinancialYear(today: string): Period {
  const [year = 0, month = 1] = today.split('-').map(Number);
  const endYear = month >= 4 ? year : year - 1;
  return { from: iso(endYear - 1, 4, 1), to: iso(endYear, 3, 31) };
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function periodFor(choice: string | undefined, today: string, from?: string, to?: string): Period | undefined {
  if (choice === 'last_quarter') return lastQuarter(today);
  if (choice === 'last_financial_year') return lastFinancialYear(today);
  if (choice === 'custom' && from && to && DATE.test(from) && DATE.test(to) && from <= to) return { from, to };
  return undefined;
}
