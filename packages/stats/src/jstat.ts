// jstat ships without type declarations; these are the distributions Harbour uses from it.
type JStat = {
  studentt: { inv(p: number, dof: number): number };
  binomial: { cdf(k: number, n: number, p: number): number };
  normal: { inv(p: number, mean: number, sd: number): number };
};

export const { jStat } = require('jstat') as { jStat: JStat };
