/**
 * Syntax files that read an export's CSV into a statistics package with every column's type,
 * variable label and value labels, after REDCap's convention: SPSS (`.sps`), Stata (`.do`),
 * R (`.R`) and SAS (`.sas`). They are renderers over the export's columns alone, so they fit any
 * rows the export produces. A list of codes (`a|b`) stays text; its codes and labels are attached
 * as a note, since no package labels the parts of a value.
 */
import type { ExportColumn } from './export-columns';
import { type StorageType, storageOf, valueLabelsOf, variableNames } from './export-types';

export const STATISTICS_PACKAGES = ['spss', 'stata', 'r', 'sas'] as const;
export type StatisticsPackage = (typeof STATISTICS_PACKAGES)[number];

export const syntaxExtension: Record<StatisticsPackage, string> = { spss: 'sps', stata: 'do', r: 'R', sas: 'sas' };

type Variable = {
  name: string;
  key: string;
  label: string;
  storage: StorageType;
  values: { code: string; label: string }[];
};

function variablesOf(columns: ExportColumn[]): Variable[] {
  const names = variableNames(columns);
  return columns.map((column, index) => ({
    name: names[index] as string,
    key: column.key,
    label: `${column.key}: ${column.label}`,
    storage: storageOf(column),
    values: valueLabelsOf(column),
  }));
}

const codesNote = (variable: Variable) => variable.values.map((value) => `${value.code}=${value.label}`).join(' | ');

/** SPSS and SAS quote with `'`, doubled inside; labels are cut to SPSS's 256 bytes by character. */
const single = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Stata, R and SAS strings in double quotes. */
const double = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

const header = (comment: string, csvFile: string) =>
  [
    `${comment} Harbour research export: reads ${csvFile} with types, variable labels and value labels.`,
    `${comment} Generated from the export's data dictionary; keep it beside the CSV file.`,
  ].join('\n');

export function spssSyntax(columns: ExportColumn[], csvFile: string): string {
  const variables = variablesOf(columns);
  const format = (v: Variable) => {
    if (v.storage === 'integer') return 'F8.0';
    if (v.storage === 'double') return 'F12.4';
    if (v.storage === 'boolean') return 'A5';
    return v.storage === 'codes' ? 'A2000' : 'A200';
  };
  const lines = [
    header('*', csvFile),
    'GET DATA /TYPE=TXT',
    `  /FILE=${single(csvFile)}`,
    "  /ENCODING='UTF8'",
    '  /DELCASE=LINE',
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...variables.map((v) => `    ${v.name} ${format(v)}`),
    '.',
    'VARIABLE LABELS',
    `${variables.map((v) => `  ${v.name} ${single(v.label)}`).join('\n')}.`,
  ];
  const labelled = variables.filter((v) => v.values.length > 0 && v.storage !== 'codes');
  if (labelled.length > 0) {
    lines.push('VALUE LABELS');
    lines.push(
      `${labelled
        .map(
          (v) =>
            `  ${v.name}\n${v.values.map((value) => `    ${single(value.code)} ${single(value.label)}`).join('\n')}`,
        )
        .join('\n  /\n')}.`,
    );
  }
  for (const v of variables.filter((v) => v.storage === 'codes' && v.values.length > 0)) {
    lines.push(`VARIABLE ATTRIBUTE VARIABLES=${v.name} ATTRIBUTE=Codes(${single(codesNote(v))}).`);
  }
  lines.push('EXECUTE.', '');
  return lines.join('\n');
}

export function stataSyntax(columns: ExportColumn[], csvFile: string): string {
  const variables = variablesOf(columns);
  const lines = [
    header('*', csvFile),
    `import delimited using ${double(csvFile)}, varnames(nonames) rowrange(2) stringcols(_all) encoding("utf-8") bindquote(strict) clear`,
  ];
  variables.forEach((v, index) => {
    lines.push(`rename v${index + 1} ${v.name}`);
  });
  variables.forEach((v, index) => {
    const labelName = `hb${index + 1}`;
    lines.push(`label variable ${v.name} ${double(v.label.slice(0, 80))}`);
    if (v.storage === 'integer' || v.storage === 'double') {
      lines.push(`destring ${v.name}, replace`);
    }
    if (v.storage === 'codes') {
      if (v.values.length > 0) lines.push(`notes ${v.name}: codes ${codesNote(v)}`);
      return;
    }
    if (v.values.length === 0) return;
    if (v.storage === 'integer') {
      lines.push(
        `label define ${labelName} ${v.values.map((value) => `${value.code} ${double(value.label)}`).join(' ')}, replace`,
      );
      lines.push(`label values ${v.name} ${labelName}`);
      return;
    }
    // Stata labels numbers only: each code becomes its position, labelled with the code's label.
    lines.push(
      `label define ${labelName} ${v.values.map((value, i) => `${i + 1} ${double(value.label)}`).join(' ')}, replace`,
    );
    lines.push(`generate long ${labelName}_n = .`);
    v.values.forEach((value, i) => {
      lines.push(`replace ${labelName}_n = ${i + 1} if ${v.name} == ${double(value.code)}`);
    });
    lines.push(`drop ${v.name}`, `rename ${labelName}_n ${v.name}`, `label values ${v.name} ${labelName}`);
    lines.push(`label variable ${v.name} ${double(v.label.slice(0, 80))}`);
  });
  lines.push('');
  return lines.join('\n');
}

export function rSyntax(columns: ExportColumn[], csvFile: string): string {
  const variables = variablesOf(columns);
  const rClass = (storage: StorageType) =>
    storage === 'integer' ? 'integer' : storage === 'double' ? 'numeric' : 'character';
  const lines = [
    header('#', csvFile),
    `harbour <- read.csv(${double(csvFile)}, na.strings = "", check.names = FALSE, encoding = "UTF-8",`,
    `  colClasses = c(${variables.map((v) => double(rClass(v.storage))).join(', ')}))`,
    `names(harbour) <- c(${variables.map((v) => double(v.name)).join(', ')})`,
  ];
  for (const v of variables) {
    if (v.storage === 'boolean') {
      lines.push(`harbour$${v.name} <- harbour$${v.name} == "true"`);
    } else if (v.storage !== 'codes' && v.values.length > 0) {
      lines.push(
        `harbour$${v.name} <- factor(harbour$${v.name}, levels = c(${v.values.map((value) => double(value.code)).join(', ')}),`,
        `  labels = c(${v.values.map((value) => double(value.label)).join(', ')}))`,
      );
    }
    if (v.storage === 'codes' && v.values.length > 0) {
      lines.push(
        `attr(harbour$${v.name}, "codes") <- c(${v.values.map((value) => `${double(value.code)} = ${double(value.label)}`).join(', ')})`,
      );
    }
    lines.push(`attr(harbour$${v.name}, "label") <- ${double(v.label)}`);
  }
  lines.push('');
  return lines.join('\n');
}

export function sasSyntax(columns: ExportColumn[], csvFile: string): string {
  const variables = variablesOf(columns);
  const formatName = (index: number, v: Variable) => `${v.storage === 'integer' ? '' : '$'}hb${index + 1}f`;
  const labelled = variables
    .map((v, index) => ({ v, index }))
    .filter(({ v }) => v.values.length > 0 && v.storage !== 'codes');
  const informat = (v: Variable) => {
    if (v.storage === 'integer' || v.storage === 'double') return 'best32.';
    return v.storage === 'codes' ? '$2000.' : '$200.';
  };
  const lines = [header('*', csvFile)];
  if (labelled.length > 0) {
    lines.push('proc format;');
    for (const { v, index } of labelled) {
      const code = (text: string) => (v.storage === 'integer' ? text : double(text));
      lines.push(
        `  value ${formatName(index, v)} ${v.values.map((value) => `${code(value.code)}=${double(value.label)}`).join(' ')};`,
      );
    }
    lines.push('run;');
  }
  lines.push(
    'data harbour;',
    `  infile ${double(csvFile)} dsd firstobs=2 lrecl=1000000 truncover encoding="utf-8";`,
    `  input ${variables.map((v) => `${v.name} :${informat(v)}`).join('\n    ')};`,
    `  label ${variables.map((v) => `${v.name}=${double(v.label.slice(0, 256))}`).join('\n    ')};`,
  );
  if (labelled.length > 0) {
    lines.push(`  format ${labelled.map(({ v, index }) => `${v.name} ${formatName(index, v)}.`).join('\n    ')};`);
  }
  lines.push('run;');
  for (const v of variables.filter((v) => v.storage === 'codes' && v.values.length > 0)) {
    lines.push(`* ${v.name} codes: ${codesNote(v)};`);
  }
  lines.push('');
  return lines.join('\n');
}

export function syntaxOf(pkg: StatisticsPackage, columns: ExportColumn[], csvFile: string): string {
  switch (pkg) {
    case 'spss':
      return spssSyntax(columns, csvFile);
    case 'stata':
      return stataSyntax(columns, csvFile);
    case 'r':
      return rSyntax(columns, csvFile);
    case 'sas':
      return sasSyntax(columns, csvFile);
  }
}
