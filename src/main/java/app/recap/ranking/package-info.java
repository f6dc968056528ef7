/**
 * Per-audience scoring of a week's stories: near-duplicates collapse into one story with its coverage, then
 * each audience gets its stories ordered by a score whose components are kept for explanation.
 */
package app.recap.ranking;
