export type Command = {
  /** Words that select it, e.g. `admin create-user`. */
  name: string;
  summary: string;
  usage?: string;
  run(args: string[]): Promise<void>;
};
