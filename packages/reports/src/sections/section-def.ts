import type { FigureDef } from '../figure-def';
import type { Chart, Table } from '../model';

/** A section before computing: its figures' definitions, and tables and charts over their keys. */
export type SectionDef = {
  key: string;
  title: string;
  population: string;
  figures: FigureDef[];
  tables?: Table[];
  charts?: Chart[];
};
