export { dice, FILTER_BITS, FILTER_WORDS, fromBytes, popcount, toBitString, toBytes } from './bits';
export { BlockIndex, type IndexMatch } from './block-index';
export { Encoder, type Encoding, FIELDS, type LinkageKey } from './encoding';
export { canonicalGivenName } from './name-variants';
export {
  type IdentifierProblem,
  type Identifiers,
  type NormalisedIdentity,
  normaliseGivenName,
  normaliseIdentifiers,
  normaliseName,
  normalisePostcode,
  outwardCode,
} from './normalise';
export { qgrams } from './qgrams';

/** The Dice threshold Harbour matches at, chosen on corrupted synthetic identities (docs/linkage.md). */
export const MATCH_THRESHOLD = 0.78;
